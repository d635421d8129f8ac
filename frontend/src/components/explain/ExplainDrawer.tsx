// "Why is it this?": the value bridge of a period (GET /portfolio/explain) as a waterfall from the
// start value to the end value, the parts as a table that adds up, a sentence per figure, and for
// the whole portfolio the parts of each holding.
import { Drawer, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useCallback, useMemo } from "react";
import { type ExplainTarget, useExplain } from "../../api/portfolio";
import type { ExplainPublic, ExplainRowPublic } from "../../client/types.gen";
import { addDecimals, compareDecimals, negateDecimal } from "../../decimal";
import type { Formatter } from "../../format";
import { WaterfallChart, type WaterfallStep } from "../charts/WaterfallChart";
import { direction, toneColor } from "../dashboard/StatCard";
import { LoadError } from "../LoadError";
import { explainSentences } from "./sentences";

/** How many holdings the "by holding" table lists (the largest gains and losses first). */
const ROWS_SHOWN = 12;

/** The waterfall's steps: start, money in, income, fees and taxes, prices, currencies, end. */
export function bridgeSteps(bridge: ExplainPublic): WaterfallStep[] {
  const charges = addDecimals(bridge.fees, bridge.taxes);
  return [
    { label: "Start", kind: "total", value: Number(bridge.start_value) },
    { label: "Money in", kind: "change", value: Number(bridge.net_flows) },
    { label: "Income", kind: "change", value: Number(bridge.income) },
    { label: "Fees & taxes", kind: "change", value: -Number(charges) },
    { label: "Prices", kind: "change", value: Number(bridge.price_effect) },
    { label: "Currencies", kind: "change", value: Number(bridge.currency_effect) },
    { label: "End", kind: "total", value: Number(bridge.end_value) },
  ];
}

function PartRow({
  label,
  value,
  fmt,
  currency,
  signed = true,
  strong = false,
}: {
  label: string;
  value: string;
  fmt: Formatter;
  currency: string;
  signed?: boolean;
  strong?: boolean;
}) {
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={strong ? 700 : 500}>
        {label}
      </Table.Th>
      <Table.Td
        ta="right"
        fw={strong ? 700 : 500}
        c={signed ? toneColor(direction(value)) : undefined}
        style={{ whiteSpace: "nowrap" }}
      >
        {fmt.money(value, currency, { signed })}
      </Table.Td>
    </Table.Tr>
  );
}

function Parts({ bridge, fmt }: { bridge: ExplainPublic; fmt: Formatter }) {
  const ccy = bridge.currency;
  return (
    <Table
      aria-label="The parts of the change in value"
      className="pms-figures"
      verticalSpacing={4}
    >
      <Table.Tbody>
        <PartRow
          label="Start value"
          value={bridge.start_value}
          fmt={fmt}
          currency={ccy}
          signed={false}
        />
        <PartRow label="Money in, net" value={bridge.net_flows} fmt={fmt} currency={ccy} />
        <PartRow label="Income (gross)" value={bridge.income} fmt={fmt} currency={ccy} />
        <PartRow label="Fees" value={negateDecimal(bridge.fees)} fmt={fmt} currency={ccy} />
        <PartRow label="Taxes" value={negateDecimal(bridge.taxes)} fmt={fmt} currency={ccy} />
        <PartRow label="Prices" value={bridge.price_effect} fmt={fmt} currency={ccy} />
        <PartRow label="Currencies" value={bridge.currency_effect} fmt={fmt} currency={ccy} />
        <PartRow
          label="End value"
          value={bridge.end_value}
          fmt={fmt}
          currency={ccy}
          signed={false}
          strong
        />
        <PartRow label="Gain" value={bridge.absolute_gain} fmt={fmt} currency={ccy} strong />
      </Table.Tbody>
    </Table>
  );
}

/** The holdings with the largest gains or losses first; the cash row last. */
export function rankedRows(rows: ExplainRowPublic[]): ExplainRowPublic[] {
  const holdings = rows.filter((row) => row.instrument_id !== null);
  holdings.sort((a, b) => {
    const left = a.absolute_gain.replace("-", "");
    const right = b.absolute_gain.replace("-", "");
    return compareDecimals(right, left);
  });
  return holdings;
}

function ByHolding({ bridge, fmt }: { bridge: ExplainPublic; fmt: Formatter }) {
  const rows = rankedRows(bridge.by_instrument ?? []);
  if (rows.length === 0) return null;
  const cash = (bridge.by_instrument ?? []).find((row) => row.instrument_id === null);
  const shown = rows.slice(0, ROWS_SHOWN);
  const ccy = bridge.currency;
  const cell = (value: string) => (
    <Table.Td ta="right" c={toneColor(direction(value))} style={{ whiteSpace: "nowrap" }}>
      {fmt.money(value, ccy, { signed: true })}
    </Table.Td>
  );
  return (
    <Stack gap={4}>
      <Title order={3} fz="sm">
        By holding
      </Title>
      <Table.ScrollContainer minWidth={420} type="native">
        <Table aria-label="The gain of each holding" className="pms-figures" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Holding</Table.Th>
              <Table.Th ta="right">Gain</Table.Th>
              <Table.Th ta="right">Prices</Table.Th>
              <Table.Th ta="right">Currencies</Table.Th>
              <Table.Th ta="right">Income − costs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...shown, ...(cash ? [cash] : [])].map((row) => (
              <Table.Tr key={row.instrument_id ?? "cash"}>
                <Table.Th scope="row" fw={600}>
                  {row.label}
                </Table.Th>
                {cell(row.absolute_gain)}
                {cell(row.price_effect)}
                {cell(row.currency_effect)}
                {cell(addDecimals(row.income, negateDecimal(addDecimals(row.fees, row.taxes))))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > shown.length ? (
        <Text fz="xs" c="dimmed">
          The {shown.length} largest of {rows.length} holdings, and cash.
        </Text>
      ) : null}
    </Stack>
  );
}

function Body({ bridge, fmt, narrow }: { bridge: ExplainPublic; fmt: Formatter; narrow: boolean }) {
  const steps = useMemo(() => bridgeSteps(bridge), [bridge]);
  const ccy = bridge.currency;
  const formatValue = useCallback((value: number) => fmt.money(value, ccy), [fmt, ccy]);
  const formatAxis = useCallback((value: number) => fmt.moneyCompact(value, ccy), [fmt, ccy]);
  const sentences = explainSentences(bridge, fmt);
  return (
    <Stack gap="md">
      <Text fz="sm" c="dimmed">
        From the close of {fmt.date(bridge.start)} to the close of {fmt.date(bridge.end)}, in {ccy}.
      </Text>
      <WaterfallChart
        steps={steps}
        formatValue={formatValue}
        formatAxis={formatAxis}
        narrow={narrow}
        ariaLabel="From the start value to the end value: money in, income, fees and taxes, prices and currencies"
      />
      <Parts bridge={bridge} fmt={fmt} />
      <Stack gap={6} component="dl" m={0} aria-label="What each figure means">
        {sentences.map((sentence) => (
          <div key={sentence.term}>
            <Text component="dt" fz="sm" fw={650}>
              {sentence.term}
            </Text>
            <Text component="dd" m={0} fz="sm" c="dimmed">
              {sentence.text}
            </Text>
          </div>
        ))}
      </Stack>
      <ByHolding bridge={bridge} fmt={fmt} />
    </Stack>
  );
}

export function ExplainDrawer({
  target,
  onClose,
  fmt,
}: {
  target: ExplainTarget | null;
  onClose: () => void;
  fmt: Formatter;
}) {
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const explain = useExplain(target);
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position={phone ? "bottom" : "right"}
      size={phone ? "92%" : "lg"}
      title={
        <Group gap="xs">
          <Title order={2} fz="lg">
            Where the gain of {target?.label ?? ""} comes from
          </Title>
        </Group>
      }
    >
      {explain.isError ? (
        <LoadError
          what="The explanation"
          error={explain.error}
          onRetry={() => void explain.refetch()}
        />
      ) : explain.data ? (
        <Body bridge={explain.data} fmt={fmt} narrow={phone} />
      ) : (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the explanation">
          <Skeleton height={260} />
          <Skeleton height={160} />
        </Stack>
      )}
    </Drawer>
  );
}
