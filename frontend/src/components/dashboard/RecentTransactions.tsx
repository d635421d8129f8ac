import { Group, Paper, Text, Title } from "@mantine/core";
import type { AccountPublic, InstrumentPublic, TransactionPublic } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { AnchorLink } from "../RouterLinks";
import { TransactionsList } from "../transactions/TransactionsList";

/** The latest transactions, with a way to the full list. */
export function RecentTransactions({
  items,
  total,
  accountIds,
  accounts,
  instruments,
  fmt,
  onEdit,
  onDelete,
}: {
  items: TransactionPublic[];
  total: number;
  /** The accounts the dashboard is narrowed to (the full list keeps the filter). */
  accountIds?: number[];
  accounts: Map<number, AccountPublic>;
  instruments: Map<number, InstrumentPublic>;
  fmt: Formatter;
  onEdit: (txn: TransactionPublic) => void;
  onDelete: (txn: TransactionPublic) => void;
}) {
  return (
    <Paper withBorder p={{ base: "xs", sm: "md" }}>
      <Group justify="space-between" mb="xs" px={{ base: 4, sm: 0 }}>
        <Title order={2} fz="md">
          Recent transactions
        </Title>
        <AnchorLink
          to="/transactions"
          search={accountIds && accountIds.length > 0 ? { account: accountIds } : {}}
          fz="sm"
        >
          All {total}
        </AnchorLink>
      </Group>
      {items.length === 0 ? (
        <Text fz="sm" c="dimmed" px={{ base: 4, sm: 0 }}>
          No transactions in these accounts yet.
        </Text>
      ) : (
        <TransactionsList
          items={items}
          accounts={accounts}
          instruments={instruments}
          fmt={fmt}
          order="desc"
          onEdit={onEdit}
          onDelete={onDelete}
        />
      )}
    </Paper>
  );
}
