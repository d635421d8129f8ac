// Dividends and interest by month (`GET /portfolio/income?group=month`), as bars.
import { Group, Paper, Skeleton, Text, Title } from "@mantine/core";
import { addDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { BarChart } from "../charts/BarChart";

export interface IncomeRow {
  /** "2024-01" for a month, "2024" for a year. */
  period: string;
  dividends: string;
  interest: string;
}

/** "2024-01" → "Jan 2024" in the user's locale; a year stays as it is. */
export function periodLabel(period: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(day);
}

export function IncomeCard({
  rows,
  fmt,
  currency,
  loading,
}: {
  rows: IncomeRow[];
  fmt: Formatter;
  currency: string;
  loading: boolean;
}) {
  const total = addDecimals(...rows.flatMap((r) => [r.dividends, r.interest]));
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          Income by month
        </Title>
        {rows.length > 0 ? (
          <Text fz="sm" c="dimmed" className="pms-figures">
            {fmt.money(total, currency)} in {rows.length} {rows.length === 1 ? "month" : "months"}
          </Text>
        ) : null}
      </Group>
      {loading ? (
        <Skeleton height={240} aria-label="Loading income" />
      ) : rows.length === 0 ? (
        <Text fz="sm" c="dimmed" ta="center" py="xl">
          No dividends or interest yet.
        </Text>
      ) : (
        <BarChart
          ariaLabel="Dividends and interest by month"
          stacked
          categories={rows.map((r) => r.period)}
          formatCategory={(period) => periodLabel(period, fmt.locale)}
          series={[
            { name: "Dividends", values: rows.map((r) => r.dividends) },
            { name: "Interest", values: rows.map((r) => r.interest) },
          ]}
          formatValue={(value) => fmt.money(value, currency)}
        />
      )}
    </Paper>
  );
}
