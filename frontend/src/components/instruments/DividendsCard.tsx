import { Paper, Table, Text, Title } from "@mantine/core";
import type { AccountPublic, TransactionPublic } from "../../client/types.gen";
import { subtractDecimals } from "../../decimal";
import type { Formatter } from "../../format";

/** The dividends an instrument paid into the user's accounts: gross, withheld, net. */
export function DividendsCard({
  dividends,
  accounts,
  fmt,
}: {
  dividends: TransactionPublic[];
  accounts: Map<number, AccountPublic>;
  fmt: Formatter;
}) {
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Title order={2} fz="md" mb="sm">
        Dividends
      </Title>
      {dividends.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No dividends recorded.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320} type="native">
          <Table verticalSpacing="xs" aria-label="Dividends">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th visibleFrom="sm">Account</Table.Th>
                <Table.Th ta="right">Gross</Table.Th>
                <Table.Th ta="right">Withheld</Table.Th>
                <Table.Th ta="right">Net</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody className="pms-figures">
              {dividends.map((txn) => (
                <Table.Tr key={txn.id}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.date(txn.date)}</Table.Td>
                  <Table.Td visibleFrom="sm">{accounts.get(txn.account_id)?.name ?? ""}</Table.Td>
                  <Table.Td ta="right">{fmt.money(txn.amount, txn.currency)}</Table.Td>
                  <Table.Td ta="right">{fmt.money(txn.tax, txn.currency)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {fmt.money(subtractDecimals(txn.amount ?? "0", txn.tax), txn.currency)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
