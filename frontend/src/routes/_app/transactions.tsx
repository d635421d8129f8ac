import { Button, Paper } from "@mantine/core";
import { IconArrowsExchange, IconFileImport, IconFilterOff, IconPlus } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useMemo } from "react";
import { accountsById, useAccounts } from "../../api/accounts";
import { useInstrumentsById } from "../../api/instruments";
import { useFormatter } from "../../api/session";
import { useTransactions } from "../../api/transactions";
import { EmptyState } from "../../components/EmptyState";
import { ListSkeleton } from "../../components/ListSkeleton";
import { LoadError } from "../../components/LoadError";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { ButtonLink } from "../../components/RouterLinks";
import {
  hasFilters,
  PAGE_SIZE,
  parseTransactionSearch,
  type TransactionSearch,
  transactionQuery,
} from "../../components/transactions/search";
import { TransactionFilters } from "../../components/transactions/TransactionFilters";
import { TransactionsList } from "../../components/transactions/TransactionsList";
import { useTransactionDialogs } from "../../components/transactions/useTransactionDialogs";

export const Route = createFileRoute("/_app/transactions")({
  validateSearch: (raw: Record<string, unknown>): TransactionSearch => parseTransactionSearch(raw),
  component: TransactionsPage,
});

function TransactionsPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const fmt = useFormatter();
  const accounts = useAccounts();
  const accountMap = useMemo(() => accountsById(accounts.data?.items), [accounts.data]);
  const transactions = useTransactions(transactionQuery(search));
  const items = transactions.data?.items ?? [];
  const instruments = useInstrumentsById(
    items.flatMap((txn) => (txn.instrument_id ? [txn.instrument_id] : [])),
  );
  const dialogs = useTransactionDialogs();
  const setSearch = (next: TransactionSearch) => void navigate({ search: next });
  const filtered = hasFilters(search);
  const noAccounts = accounts.isSuccess && accounts.data.items.length === 0;

  const addButton = (
    <Button
      leftSection={<IconPlus size={16} aria-hidden />}
      onClick={() =>
        dialogs.create({ account_id: search.account?.length === 1 ? search.account[0] : undefined })
      }
      disabled={noAccounts}
    >
      Add transaction
    </Button>
  );

  let body: React.ReactNode;
  if (noAccounts) {
    body = (
      <EmptyState
        icon={<IconArrowsExchange size={28} stroke={1.6} />}
        title="First, an account"
        actions={
          <ButtonLink to="/accounts" leftSection={<IconPlus size={16} aria-hidden />}>
            Add an account
          </ButtonLink>
        }
      >
        Every transaction belongs to an account: add the broker, pension plan or wallet it happened
        in, then record your trades here.
      </EmptyState>
    );
  } else if (transactions.isPending) {
    body = (
      <Paper withBorder p="md">
        <ListSkeleton rows={8} label="Loading transactions" />
      </Paper>
    );
  } else if (transactions.isError) {
    body = (
      <LoadError
        what="The transactions"
        error={transactions.error}
        onRetry={() => void transactions.refetch()}
      />
    );
  } else if (transactions.data.total === 0 && !filtered) {
    body = (
      <EmptyState
        icon={<IconArrowsExchange size={28} stroke={1.6} />}
        title="No transactions yet"
        actions={
          <>
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => dialogs.create()}
            >
              Add transaction
            </Button>
            <ButtonLink
              to="/import"
              variant="default"
              leftSection={<IconFileImport size={16} aria-hidden />}
            >
              Import from a file
            </ButtonLink>
          </>
        }
      >
        Every number in PMS comes from your transactions. Record them one by one, or import the
        history your broker exports.
      </EmptyState>
    );
  } else if (items.length === 0 && transactions.data.total > 0) {
    body = (
      <EmptyState
        icon={<IconArrowsExchange size={28} stroke={1.6} />}
        title={`Nothing on page ${search.page ?? 1}`}
        actions={
          <Button variant="default" onClick={() => setSearch({ ...search, page: undefined })}>
            Back to the first page
          </Button>
        }
      >
        {`There are ${transactions.data.total} transactions, fewer than this page starts at.`}
      </EmptyState>
    );
  } else if (transactions.data.total === 0) {
    body = (
      <EmptyState
        icon={<IconFilterOff size={28} stroke={1.6} />}
        title="No transaction matches these filters"
        actions={
          <Button variant="default" onClick={() => setSearch({})}>
            Clear filters
          </Button>
        }
      >
        Widen the dates or choose other accounts, types or instruments.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <Paper
          withBorder
          p={{ base: "xs", md: "md" }}
          style={{ opacity: transactions.isPlaceholderData ? 0.6 : 1 }}
        >
          <TransactionsList
            items={items}
            accounts={accountMap}
            instruments={instruments}
            fmt={fmt}
            order={search.order ?? "desc"}
            onToggleOrder={() =>
              setSearch({
                ...search,
                order: search.order === "asc" ? undefined : "asc",
                page: undefined,
              })
            }
            onEdit={dialogs.edit}
            onDelete={dialogs.remove}
          />
        </Paper>
        <Pager
          page={search.page ?? 1}
          pageSize={PAGE_SIZE}
          total={transactions.data.total}
          noun="transactions"
          onPage={(page) => setSearch({ ...search, page: page > 1 ? page : undefined })}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Transactions"
        description="Buys, sells, dividends, interest, fees, deposits and transfers"
        actions={noAccounts ? undefined : addButton}
      />
      {noAccounts ? null : (
        <TransactionFilters
          search={search}
          accounts={accounts.data?.items ?? []}
          onChange={setSearch}
        />
      )}
      {body}
      {dialogs.dialogs}
    </>
  );
}
