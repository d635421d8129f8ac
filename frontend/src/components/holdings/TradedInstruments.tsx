// The instruments named in the user's transactions, each with how often and when it was last
// traded: the way into the instrument pages until the holdings table is fed by the portfolio.
import { Badge, Paper, Table, Text, Title } from "@mantine/core";
import type { InstrumentPublic, TransactionPublic } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { ASSET_CLASS_LABELS } from "../instruments/assetClasses";
import { AnchorLink } from "../RouterLinks";

export interface TradedInstrument {
  instrument_id: number;
  transactions: number;
  last_date: string;
}

/** Groups transactions by instrument, most recently active first. */
export function tradedInstruments(transactions: readonly TransactionPublic[]): TradedInstrument[] {
  const found = new Map<number, TradedInstrument>();
  for (const txn of transactions) {
    if (txn.instrument_id === null) continue;
    const entry = found.get(txn.instrument_id);
    if (entry) {
      entry.transactions += 1;
      if (txn.date > entry.last_date) entry.last_date = txn.date;
    } else {
      found.set(txn.instrument_id, {
        instrument_id: txn.instrument_id,
        transactions: 1,
        last_date: txn.date,
      });
    }
  }
  return [...found.values()].sort(
    (a, b) => b.last_date.localeCompare(a.last_date) || a.instrument_id - b.instrument_id,
  );
}

export function TradedInstruments({
  items,
  instruments,
  fmt,
}: {
  items: TradedInstrument[];
  instruments: Map<number, InstrumentPublic>;
  fmt: Formatter;
}) {
  return (
    <Paper withBorder p={{ base: "xs", sm: "md" }}>
      <Title order={2} fz="md" mb="xs" px={{ base: 4, sm: 0 }}>
        Instruments in your transactions
      </Title>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Instruments in your transactions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Instrument</Table.Th>
            <Table.Th visibleFrom="sm">Class</Table.Th>
            <Table.Th ta="right">Transactions</Table.Th>
            <Table.Th ta="right" visibleFrom="xs">
              Last
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const instrument = instruments.get(item.instrument_id);
            return (
              <Table.Tr key={item.instrument_id}>
                <Table.Td style={{ maxWidth: 0, width: "60%" }}>
                  <AnchorLink
                    to="/holdings/$instrumentId"
                    params={{ instrumentId: String(item.instrument_id) }}
                    fw={600}
                    fz="sm"
                  >
                    {instrument?.symbol ?? `#${item.instrument_id}`}
                  </AnchorLink>
                  <Text fz="xs" c="dimmed" truncate>
                    {instrument ? `${instrument.name} · ${instrument.currency}` : ""}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  {instrument ? (
                    <Badge variant="light" color="gray" size="sm">
                      {ASSET_CLASS_LABELS[instrument.asset_class]}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td ta="right" className="pms-figures" fz="sm">
                  {item.transactions}
                </Table.Td>
                <Table.Td ta="right" fz="sm" visibleFrom="xs" style={{ whiteSpace: "nowrap" }}>
                  {fmt.date(item.last_date)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
