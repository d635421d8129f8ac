// What the user holds of one instrument, account by account (`GET /portfolio/holdings`, one row
// per position); the lots each position is made of are the `LotsCard`'s.
import { Group, Paper, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import type { HoldingPublic } from "../../client/types.gen";
import { addDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { direction, toneColor } from "../dashboard/StatCard";
import { holdingsTotals } from "../holdings/HoldingsTable";

/** A gain in money with its percentage, coloured by its sign. */
export function Gain({
  value,
  share,
  fmt,
  currency,
}: {
  value: string;
  share: number | null;
  fmt: Formatter;
  currency: string;
}) {
  const tone = direction(value);
  return (
    <Text fz="sm" fw={600} c={toneColor(tone)} style={{ whiteSpace: "nowrap" }}>
      {fmt.money(value, currency, { signed: true })}{" "}
      <Text span fz="xs" fw={500}>
        ({fmt.percent(share, { signed: true })})
      </Text>
    </Text>
  );
}

export function PositionsCard({
  symbol,
  positions,
  accountName,
  fmt,
  currency,
  loading,
}: {
  symbol: string;
  /** The open positions of this instrument, one per account. */
  positions: HoldingPublic[];
  accountName: (id: number | null) => string;
  fmt: Formatter;
  /** The reporting currency of cost basis, value and gain. */
  currency: string;
  loading: boolean;
}) {
  const totals = holdingsTotals(positions);
  // Units of one instrument add up across accounts (exactly: they are decimals).
  const units = addDecimals(...positions.map((p) => p.quantity));
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-end" mb="sm" gap="xs">
        <Title order={2} fz="md">
          Your position
        </Title>
        {positions.length > 0 ? (
          <Text fz="sm" c="dimmed" className="pms-figures">
            {fmt.quantity(units)} units
            {positions.length > 1 ? ` in ${positions.length} accounts` : ""} ·{" "}
            <Text span fw={650} c="var(--mantine-color-text)">
              {fmt.money(totals.market_value, currency)}
            </Text>
          </Text>
        ) : null}
      </Group>
      {loading ? (
        <Skeleton height={72} aria-label="Loading your position" />
      ) : positions.length === 0 ? (
        <Text fz="sm" c="dimmed">
          You hold no {symbol} now.
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640} visibleFrom="sm" type="native">
            <Table
              verticalSpacing="xs"
              aria-label={`Positions in ${symbol}`}
              className="pms-figures"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Account</Table.Th>
                  <Table.Th ta="right">Quantity</Table.Th>
                  <Table.Th ta="right">Avg cost</Table.Th>
                  <Table.Th ta="right">Cost basis</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                  <Table.Th ta="right">Gain</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {positions.map((position) => (
                  <Table.Tr key={position.account_id ?? "all"}>
                    <Table.Td>
                      <Text fz="sm" truncate maw={200}>
                        {accountName(position.account_id)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" fz="sm">
                      {fmt.quantity(position.quantity)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                      {fmt.price(position.average_cost, position.currency)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(position.cost_basis, currency)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(position.market_value, currency)}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Gain
                        value={position.unrealized_gain}
                        share={position.unrealized_gain_pct}
                        fmt={fmt}
                        currency={currency}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              {positions.length > 1 ? (
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th fz="sm">Total</Table.Th>
                    <Table.Td ta="right" fz="sm" fw={600}>
                      {fmt.quantity(units)}
                    </Table.Td>
                    <Table.Td />
                    <Table.Td ta="right" fz="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(totals.cost_basis, currency)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" fw={700} style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(totals.market_value, currency)}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Gain
                        value={totals.unrealized_gain}
                        share={totals.unrealized_gain_pct}
                        fmt={fmt}
                        currency={currency}
                      />
                    </Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              ) : null}
            </Table>
          </Table.ScrollContainer>
          <Stack gap="xs" hiddenFrom="sm" role="list" aria-label={`Positions in ${symbol}`}>
            {positions.map((position) => (
              <Stack
                key={position.account_id ?? "all"}
                gap={2}
                role="listitem"
                className="pms-figures"
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fz="sm" fw={600} truncate>
                    {accountName(position.account_id)}
                  </Text>
                  <Text fz="sm" fw={650} style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(position.market_value, currency)}
                  </Text>
                </Group>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fz="xs" c="dimmed">
                    {fmt.quantity(position.quantity)} at{" "}
                    {fmt.price(position.average_cost, position.currency)} · cost{" "}
                    {fmt.money(position.cost_basis, currency)}
                  </Text>
                  <Gain
                    value={position.unrealized_gain}
                    share={position.unrealized_gain_pct}
                    fmt={fmt}
                    currency={currency}
                  />
                </Group>
              </Stack>
            ))}
          </Stack>
        </>
      )}
    </Paper>
  );
}
