import { Paper, Stack, Text, Title } from "@mantine/core";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useMemo } from "react";
import { accountsById, useAccounts } from "../../api/accounts";
import { useInstrumentsById } from "../../api/instruments";
import { useLoadDemo, useMarketStatus } from "../../api/market";
import { useFormatter, useMe } from "../../api/session";
import { useTransactions } from "../../api/transactions";
import { GettingStarted } from "../../components/dashboard/GettingStarted";
import { RecentTransactions } from "../../components/dashboard/RecentTransactions";
import { LoadError } from "../../components/LoadError";
import { RefreshPrices } from "../../components/market/RefreshPrices";
import { StaleNote } from "../../components/market/StaleNote";
import { PageHeader } from "../../components/PageHeader";
import { PageSkeleton } from "../../components/PageSkeleton";
import { useTransactionDialogs } from "../../components/transactions/useTransactionDialogs";
import { notifySuccess, reportError } from "../../feedback";

export const Route = createFileRoute("/_app/")({
  component: DashboardPage,
});

const RECENT = 6;

function DashboardPage() {
  const me = useMe();
  const fmt = useFormatter();
  const navigate = useNavigate();
  const accounts = useAccounts();
  const recent = useTransactions({ limit: RECENT, order: "desc" });
  const market = useMarketStatus();
  const demo = useLoadDemo();
  const dialogs = useTransactionDialogs();
  const accountMap = useMemo(() => accountsById(accounts.data?.items), [accounts.data]);
  const items = recent.data?.items ?? [];
  const instruments = useInstrumentsById(
    items.flatMap((txn) => (txn.instrument_id ? [txn.instrument_id] : [])),
  );

  const loadDemo = () =>
    demo.mutate(
      {},
      {
        onSuccess: (loaded) => {
          notifySuccess(
            `${loaded.accounts} accounts, ${loaded.instruments} instruments and ${loaded.transactions} transactions from ${fmt.date(loaded.first_date)} to ${fmt.date(loaded.last_date)}.`,
            "Demo portfolio loaded",
          );
          void navigate({ to: "/" });
        },
        onError: (error) => reportError(error),
      },
    );

  let body: React.ReactNode;
  if (accounts.isPending || recent.isPending) {
    body = <PageSkeleton />;
  } else if (accounts.isError || recent.isError) {
    body = (
      <LoadError
        what="Your portfolio"
        error={accounts.error ?? recent.error}
        onRetry={() => {
          void accounts.refetch();
          void recent.refetch();
        }}
      />
    );
  } else if (recent.data.total === 0) {
    const hasAccounts = accounts.data.items.length > 0;
    body = (
      <GettingStarted
        hasAccounts={hasAccounts}
        onLoadDemo={hasAccounts ? undefined : loadDemo}
        loadingDemo={demo.isPending}
      />
    );
  } else {
    body = (
      <Stack gap="lg">
        {market.data ? (
          <StaleNote items={market.data.items} fmt={fmt} />
        ) : market.isError ? (
          <LoadError what="The state of prices" error={market.error} />
        ) : null}
        <Paper withBorder p={{ base: "sm", sm: "md" }}>
          <RefreshPrices>
            <Stack gap={2} style={{ flex: "1 1 240px" }}>
              <Title order={2} fz="md">
                Prices and exchange rates
              </Title>
              <Text fz="sm" c="dimmed">
                They are refreshed every day after the markets close; refresh now to catch up.
              </Text>
            </Stack>
          </RefreshPrices>
        </Paper>
        <RecentTransactions
          items={items}
          total={recent.data.total}
          accounts={accountMap}
          instruments={instruments}
          fmt={fmt}
          onEdit={dialogs.edit}
          onDelete={dialogs.remove}
        />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Your portfolio at a glance, in ${me.base_currency}`}
      />
      {body}
      {dialogs.dialogs}
    </>
  );
}
