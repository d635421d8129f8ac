import { Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import type { PricePublic, TransactionPublic } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { RangePicker } from "../charts/RangePicker";
import { type Range, rangeStart } from "../charts/ranges";
import { type ChartMarker, TimeSeriesChart } from "../charts/TimeSeriesChart";

const PRICE_RANGES: readonly Range[] = ["1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y", "MAX"];

/** Buys and sells as points on the price chart, at the price paid or received. */
export function tradeMarkers(
  transactions: readonly TransactionPublic[],
  fmt: Formatter,
): ChartMarker[] {
  return transactions
    .filter((txn) => (txn.type === "BUY" || txn.type === "SELL") && txn.price)
    .map((txn) => ({
      date: txn.date,
      kind: txn.type === "BUY" ? ("buy" as const) : ("sell" as const),
      value: txn.price ?? undefined,
      label: `${txn.type === "BUY" ? "Buy" : "Sell"} ${fmt.quantity(txn.quantity)} at ${fmt.price(txn.price, txn.currency)}`,
    }));
}

/** The closes of an instrument over a chosen range (ending at its last close), trades marked. */
export function PriceChartCard({
  symbol,
  currency,
  prices,
  transactions,
  fmt,
  loading,
}: {
  symbol: string;
  currency: string;
  prices: PricePublic[];
  transactions: TransactionPublic[];
  fmt: Formatter;
  loading: boolean;
}) {
  const [range, setRange] = useState<Range>("1Y");
  const last = prices.at(-1);
  const shown = useMemo(() => {
    if (!last) return [];
    const start = rangeStart(range, last.date);
    return start ? prices.filter((p) => p.date >= start) : prices;
  }, [prices, range, last]);
  const markers = useMemo(() => {
    const first = shown[0]?.date;
    return tradeMarkers(transactions, fmt).filter((m) => !first || m.date >= first);
  }, [transactions, fmt, shown]);

  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" mb="sm" gap="xs">
        <Stack gap={0}>
          <Title order={2} fz="md">
            Price
          </Title>
          <Text fz="xs" c="dimmed">
            {last
              ? `Last close ${fmt.price(last.close, currency)} on ${fmt.date(last.date)}`
              : "No prices yet"}
          </Text>
        </Stack>
        {prices.length > 0 ? (
          <RangePicker
            label="Price chart range"
            value={range}
            onChange={setRange}
            ranges={PRICE_RANGES}
          />
        ) : null}
      </Group>
      {loading ? (
        <Skeleton height={280} aria-label="Loading prices" />
      ) : prices.length === 0 ? (
        <Text fz="sm" c="dimmed" py="xl" ta="center">
          No prices are stored for {symbol} yet.
        </Text>
      ) : (
        <TimeSeriesChart
          ariaLabel={`Closing prices of ${symbol}, buys and sells marked`}
          height={280}
          series={[
            {
              name: symbol,
              area: true,
              points: shown.map((p) => ({ date: p.date, value: p.close })),
            },
          ]}
          markers={markers}
          formatValue={(value) => fmt.price(value, currency)}
          formatAxis={(value) =>
            Math.abs(value) >= 10_000
              ? fmt.moneyCompact(value, currency)
              : fmt.money(value, currency)
          }
          formatDate={(date) => fmt.date(date)}
          locale={fmt.locale}
        />
      )}
    </Paper>
  );
}
