// The returns and risk of the charted period (ARCHITECTURE §5), as a list of figures.
import { Anchor, Box, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { PerformancePublic } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { direction, toneColor } from "./StatCard";

/** The benchmark's return over the period: its last close against its first (rebased to 1). */
export function benchmarkReturn(benchmark: PerformancePublic["benchmark"]): number | null {
  if (!benchmark) return null;
  for (let index = benchmark.series.length - 1; index >= 0; index -= 1) {
    const value = benchmark.series[index]?.value;
    if (value !== null && value !== undefined) return value - 1;
  }
  return null;
}

function Figure({
  label,
  value,
  tone = 0,
  detail,
}: {
  label: string;
  value: string;
  tone?: -1 | 0 | 1;
  detail?: ReactNode;
}) {
  const color = toneColor(tone);
  return (
    <Box>
      <Text component="dt" fz="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" m={0} fz="md" fw={650} c={color} className="pms-figures">
        {value}
        {detail ? (
          <Text component="span" display="block" fz="xs" fw={400} c="dimmed">
            {detail}
          </Text>
        ) : null}
      </Text>
    </Box>
  );
}

export function PerformanceStats({
  performance: p,
  fmt,
  onExplain,
}: {
  performance: PerformancePublic;
  fmt: Formatter;
  /** Opens the explanation of this period's gain and returns. */
  onExplain?: () => void;
}) {
  const percent = (value: number | null) => fmt.percent(value, { signed: true });
  const bench = benchmarkReturn(p.benchmark);
  // Warnings about the valuation (rates, prices) are shown once, above the dashboard's figures;
  // here only what qualifies the returns themselves.
  const own = p.warnings.filter((warning) => warning.code === "return_days_skipped");
  const drawdownDates =
    p.max_drawdown_peak && p.max_drawdown_trough
      ? `${fmt.date(p.max_drawdown_peak)} → ${fmt.date(p.max_drawdown_trough)}`
      : "no fall from a peak";
  return (
    <>
      <SimpleGrid
        component="dl"
        aria-label="Returns and risk in this period"
        cols={{ base: 2, xs: 3, md: 4 }}
        spacing="md"
        verticalSpacing="sm"
        m={0}
        pt="sm"
        style={{ borderTop: "1px solid var(--pms-surface-border)" }}
      >
        <Figure
          label="Time-weighted return"
          value={percent(p.twr)}
          tone={direction(p.twr)}
          detail={
            p.twr_annualized === null ? "not annualised" : `${percent(p.twr_annualized)} a year`
          }
        />
        <Figure
          label="Money-weighted return"
          value={p.mwr === null ? "—" : percent(p.mwr)}
          tone={direction(p.mwr)}
          detail="a year (internal rate)"
        />
        <Figure
          label="Gain"
          value={fmt.money(p.absolute_gain, p.currency, { signed: true })}
          tone={direction(p.absolute_gain)}
          detail={
            onExplain ? (
              <Anchor
                component="button"
                type="button"
                fz="xs"
                onClick={onExplain}
                aria-label="Explain this period's gain and returns"
              >
                after money in and out · why?
              </Anchor>
            ) : (
              "after money in and out"
            )
          }
        />
        <Figure
          label="Max drawdown"
          value={fmt.percent(p.max_drawdown, { digits: 2 })}
          tone={p.max_drawdown < 0 ? -1 : 0}
          detail={drawdownDates}
        />
        <Figure
          label="Volatility"
          value={fmt.percent(p.volatility)}
          detail={p.volatility === null ? "too few days" : "a year"}
        />
        <Figure label="Sharpe ratio" value={fmt.number(p.sharpe)} />
        <Figure label="Sortino ratio" value={fmt.number(p.sortino)} />
        {p.benchmark ? (
          <Figure
            label={`Beta to ${p.benchmark.symbol}`}
            value={fmt.number(p.beta)}
            detail={
              bench === null
                ? "no closes in this period"
                : `${p.benchmark.symbol} ${percent(bench)}`
            }
          />
        ) : null}
      </SimpleGrid>
      {own.length > 0 ? (
        <Stack gap={4} mt="sm" role="note" aria-label="About these returns">
          {own.map((warning) => (
            <Group key={warning.code} gap={6} wrap="nowrap" align="flex-start">
              <IconAlertTriangle
                size={16}
                aria-hidden
                style={{ color: "var(--mantine-color-orange-6)", flexShrink: 0 }}
              />
              <Text fz="xs" c="dimmed">
                {warning.message}
              </Text>
            </Group>
          ))}
        </Stack>
      ) : null}
    </>
  );
}
