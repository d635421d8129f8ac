import { Grid, Paper, Stack, Text, Title } from "@mantine/core";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { accountsById, useAccounts } from "../../api/accounts";
import { useInstrumentsById } from "../../api/instruments";
import { useLoadDemo } from "../../api/market";
import {
  type ExplainTarget,
  type PortfolioScope,
  useAllocation,
  useHoldings,
  useIncome,
  usePerformance,
  useSummary,
} from "../../api/portfolio";
import { useFormatter, useMe } from "../../api/session";
import { useTransactions } from "../../api/transactions";
import type { AllocationKey } from "../../client/types.gen";
import { useChartPalette } from "../../components/charts/palette";
import { AllocationCard, allocationSlices } from "../../components/dashboard/AllocationCard";
import { BenchmarkPicker } from "../../components/dashboard/BenchmarkPicker";
import { GettingStarted } from "../../components/dashboard/GettingStarted";
import { IncomeCard } from "../../components/dashboard/IncomeCard";
import { PerformanceChartCard } from "../../components/dashboard/PerformanceChartCard";
import { RecentTransactions } from "../../components/dashboard/RecentTransactions";
import { ScopeFilters } from "../../components/dashboard/ScopeFilters";
import { changeDay, SummaryCards } from "../../components/dashboard/SummaryCards";
import {
  type DashboardSearch,
  DEFAULT_RANGE,
  parseDashboardSearch,
  withSearch,
} from "../../components/dashboard/search";
import { TopMovers } from "../../components/dashboard/TopMovers";
import { ExplainDrawer } from "../../components/explain/ExplainDrawer";
import { LoadError } from "../../components/LoadError";
import { RefreshPrices } from "../../components/market/RefreshPrices";
import { ReportWarnings } from "../../components/market/ReportWarnings";
import { StaleNote } from "../../components/market/StaleNote";
import { PageHeader } from "../../components/PageHeader";
import { PageSkeleton } from "../../components/PageSkeleton";
import { useTransactionDialogs } from "../../components/transactions/useTransactionDialogs";
import { notifySuccess, reportError } from "../../feedback";
import type { Formatter } from "../../format";

export const Route = createFileRoute("/_app/")({
  validateSearch: (raw: Record<string, unknown>): DashboardSearch => parseDashboardSearch(raw),
  component: DashboardPage,
});

const RECENT = 6;

function DashboardPage() {
  const me = useMe();
  const fmt = useFormatter();
  const navigate = useNavigate();
  const search = Route.useSearch();
  const setSearch = (patch: Partial<DashboardSearch>) =>
    void navigate({ to: "/", search: withSearch(search, patch), replace: true });
  const accounts = useAccounts();
  // The latest transactions of the chosen accounts; whether there is any data at all is asked of
  // every account, so a filter on an empty account does not bring back the onboarding.
  const narrowed = (search.account ?? []).length > 0;
  const recent = useTransactions({
    limit: RECENT,
    order: "desc",
    ...(narrowed ? { account_id: search.account } : {}),
  });
  const any = useTransactions({ limit: 1 }, { enabled: narrowed });
  const demo = useLoadDemo();
  const dialogs = useTransactionDialogs();
  const accountMap = useMemo(() => accountsById(accounts.data?.items), [accounts.data]);
  const items = recent.data?.items ?? [];
  const instruments = useInstrumentsById(
    items.flatMap((txn) => (txn.instrument_id ? [txn.instrument_id] : [])),
  );
  const hasData = ((narrowed ? any.data?.total : recent.data?.total) ?? 0) > 0;

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
  if (accounts.isPending || recent.isPending || (narrowed && any.isPending)) {
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
  } else if (!hasData) {
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
        <PortfolioOverview search={search} onSearch={setSearch} fmt={fmt} />
        <RecentTransactions
          items={items}
          total={recent.data.total}
          accountIds={search.account}
          accounts={accountMap}
          instruments={instruments}
          fmt={fmt}
          onEdit={dialogs.edit}
          onDelete={dialogs.remove}
        />
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
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Your portfolio at a glance, in ${search.currency ?? me.base_currency}`}
        actions={
          hasData && accounts.data ? (
            <ScopeFilters
              accounts={accounts.data.items}
              accountIds={search.account ?? []}
              onAccountsChange={(ids) => setSearch({ account: ids })}
              currency={search.currency ?? null}
              baseCurrency={me.base_currency}
              onCurrencyChange={(currency) => setSearch({ currency: currency ?? undefined })}
              locale={fmt.locale}
            />
          ) : undefined
        }
      />
      {body}
      {dialogs.dialogs}
    </>
  );
}

/** The reports of the chosen accounts in the chosen currency. */
function PortfolioOverview({
  search,
  onSearch,
  fmt,
}: {
  search: DashboardSearch;
  onSearch: (patch: Partial<DashboardSearch>) => void;
  fmt: Formatter;
}) {
  const scope: PortfolioScope = useMemo(
    () => ({ accountIds: search.account ?? [], currency: search.currency ?? null }),
    [search.account, search.currency],
  );
  const range = search.range ?? DEFAULT_RANGE;
  const view = search.view ?? "value";
  const by = search.by ?? "asset_class";
  const incomeGroup = search.income ?? "month";
  const benchmark = search.benchmark ?? null;
  const palette = useChartPalette();

  const [explaining, setExplaining] = useState<ExplainTarget | null>(null);
  const label = scope.accountIds.length > 0 ? "the chosen accounts" : "your portfolio";
  const summary = useSummary(scope);
  const performance = usePerformance(scope, { range, benchmark });
  const allocation = useAllocation(scope, by);
  const income = useIncome(scope, incomeGroup);
  const holdings = useHoldings(scope, "instrument");
  const currency = summary.data?.currency ?? scope.currency ?? fmt.currency;

  if (summary.isError) {
    return (
      <LoadError
        what="Your portfolio's figures"
        error={summary.error}
        onRetry={() => void summary.refetch()}
      />
    );
  }

  const movers = (holdings.data?.items ?? []).flatMap((item) =>
    item.day_change === null
      ? []
      : [
          {
            instrument_id: item.instrument_id,
            symbol: item.symbol,
            day_change: item.day_change,
            market_value: item.market_value,
          },
        ],
  );

  const moverDays = (holdings.data?.items ?? []).flatMap((item) =>
    item.day_change !== null && item.price_date ? [item.price_date] : [],
  );

  return (
    <Stack gap="lg">
      {summary.data ? <StaleNote items={summary.data.stale} fmt={fmt} /> : null}
      {summary.data ? (
        // The stale-price note above covers old and missing closes.
        <ReportWarnings
          warnings={summary.data.warnings}
          omit={["price_stale", "valued_at_trade_price"]}
        />
      ) : null}
      <SummaryCards
        summary={summary.data ?? null}
        fmt={fmt}
        onExplain={() => setExplaining({ scope, range: "MAX", instrumentId: null, label })}
      />
      <ExplainDrawer target={explaining} onClose={() => setExplaining(null)} fmt={fmt} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {performance.isError ? (
            <LoadError
              what="The performance"
              error={performance.error}
              onRetry={() => void performance.refetch()}
            />
          ) : (
            <PerformanceChartCard
              performance={performance.data}
              loading={performance.isPending}
              updating={performance.isPlaceholderData}
              range={range}
              onRangeChange={(next) => onSearch({ range: next })}
              view={view}
              onViewChange={(next) => onSearch({ view: next })}
              benchmarkPicker={
                <BenchmarkPicker
                  value={benchmark}
                  onChange={(id) =>
                    // A benchmark is compared on returns: show them when one is chosen.
                    onSearch({
                      benchmark: id ?? undefined,
                      ...(id !== null && view === "value" ? { view: "performance" } : {}),
                    })
                  }
                />
              }
              fmt={fmt}
              lossColor={palette.loss}
              onExplain={() => setExplaining({ scope, range, instrumentId: null, label })}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          {allocation.isError ? (
            <LoadError
              what="The allocation"
              error={allocation.error}
              onRetry={() => void allocation.refetch()}
            />
          ) : (
            <AllocationCard
              by={by}
              onByChange={(next) => onSearch({ by: next })}
              // While the next split loads, the last one stays, named as what it was split by.
              slices={allocationSlices(
                (allocation.data?.by as AllocationKey | undefined) ?? by,
                allocation.data?.items ?? [],
              )}
              updating={allocation.isPlaceholderData}
              fmt={fmt}
              currency={currency}
              loading={allocation.isPending}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {income.isError ? (
            <LoadError
              what="The income"
              error={income.error}
              onRetry={() => void income.refetch()}
            />
          ) : (
            <IncomeCard
              rows={income.data?.items ?? []}
              group={incomeGroup}
              onGroupChange={(next) => onSearch({ income: next })}
              fmt={fmt}
              currency={currency}
              loading={income.isPending}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          {holdings.isError ? (
            <LoadError
              what="Today's moves"
              error={holdings.error}
              onRetry={() => void holdings.refetch()}
            />
          ) : (
            <TopMovers
              movers={movers}
              fmt={fmt}
              currency={currency}
              loading={holdings.isPending}
              day={changeDay(holdings.data?.as_of ?? "", moverDays.sort().at(-1) ?? null)}
            />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
