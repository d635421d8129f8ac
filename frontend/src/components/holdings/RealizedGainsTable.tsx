// Realized gains of closed lots (`GET /portfolio/realized`, ARCHITECTURE §4): a table on wide
// screens, a list on phones. It shows only what it is given (the instrument page gives one
// instrument's).
import { Group, Stack, Table, Text } from "@mantine/core";
import type { RealizedGainPublic } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { direction, toneColor } from "../dashboard/StatCard";

export type RealizedRow = RealizedGainPublic;

function rowKey(row: RealizedRow): string {
  return `${row.account_id}-${row.acquired}-${row.sold}-${row.quantity}-${row.proceeds}`;
}

export function RealizedGainsTable({
  rows,
  fmt,
  currency,
  accountName,
}: {
  rows: RealizedRow[];
  fmt: Formatter;
  currency: string;
  accountName: (id: number) => string;
}) {
  if (rows.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        Nothing sold yet.
      </Text>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={620} type="native" visibleFrom="sm">
        <Table verticalSpacing="xs" aria-label="Realized gains">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Acquired</Table.Th>
              <Table.Th>Sold</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th ta="right">Units</Table.Th>
              <Table.Th ta="right">Proceeds</Table.Th>
              <Table.Th ta="right">Cost</Table.Th>
              <Table.Th ta="right">Gain</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody className="pms-figures">
            {rows.map((row) => (
              <Table.Tr key={rowKey(row)}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.date(row.acquired)}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.date(row.sold)}</Table.Td>
                <Table.Td>{accountName(row.account_id)}</Table.Td>
                <Table.Td ta="right">{fmt.quantity(row.quantity)}</Table.Td>
                <Table.Td ta="right">{fmt.money(row.proceeds, currency)}</Table.Td>
                <Table.Td ta="right">{fmt.money(row.cost, currency)}</Table.Td>
                <Table.Td ta="right" fw={600} c={toneColor(direction(row.gain))}>
                  {fmt.money(row.gain, currency, { signed: true })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="xs" hiddenFrom="sm" role="list" aria-label="Realized gains">
        {rows.map((row) => (
          <Stack key={rowKey(row)} gap={2} role="listitem" className="pms-figures">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fz="sm">
                {fmt.quantity(row.quantity)} sold {fmt.date(row.sold)}
              </Text>
              <Text fz="sm" fw={600} c={toneColor(direction(row.gain))}>
                {fmt.money(row.gain, currency, { signed: true })}
              </Text>
            </Group>
            <Text fz="xs" c="dimmed">
              Bought {fmt.date(row.acquired)} · {accountName(row.account_id)} ·{" "}
              {fmt.money(row.proceeds, currency)} for {fmt.money(row.cost, currency)}
            </Text>
          </Stack>
        ))}
      </Stack>
    </>
  );
}
