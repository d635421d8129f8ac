// Realized gains of closed lots (`GET /portfolio/realized`, ARCHITECTURE §4). Ready for the
// instrument and holdings pages once that endpoint is wired; it shows only what it is given.
import { Table, Text } from "@mantine/core";
import type { Formatter } from "../../format";
import { direction, toneColor } from "../dashboard/StatCard";

export interface RealizedRow {
  account_id: number;
  instrument_id: number;
  symbol: string;
  acquired: string;
  sold: string;
  quantity: string;
  proceeds: string;
  cost: string;
  gain: string;
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
    <Table.ScrollContainer minWidth={620} type="native">
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
          {rows.map((row) => {
            const sign = direction(row.gain);
            return (
              <Table.Tr key={`${row.account_id}-${row.acquired}-${row.sold}-${row.quantity}`}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.date(row.acquired)}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.date(row.sold)}</Table.Td>
                <Table.Td>{accountName(row.account_id)}</Table.Td>
                <Table.Td ta="right">{fmt.quantity(row.quantity)}</Table.Td>
                <Table.Td ta="right">{fmt.money(row.proceeds, currency)}</Table.Td>
                <Table.Td ta="right">{fmt.money(row.cost, currency)}</Table.Td>
                <Table.Td ta="right" fw={600} c={toneColor(sign)}>
                  {fmt.money(row.gain, currency, { signed: true })}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
