import { Box, Button, CloseButton, Group, Paper, SegmentedControl, TextInput } from "@mantine/core";
import { IconArrowsExchange, IconChartPie, IconDownload, IconSearch } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { accountsById, useAccounts } from "../../../api/accounts";
import {
  type ExplainTarget,
  holdingsCsvUrl,
  type PortfolioScope,
  useHoldings,
  usePositions,
} from "../../../api/portfolio";
import { useFormatter, useMe } from "../../../api/session";
import { ScopeFilters } from "../../../components/dashboard/ScopeFilters";
import { EmptyState } from "../../../components/EmptyState";
import { ExplainDrawer } from "../../../components/explain/ExplainDrawer";
import { ClosedPositions } from "../../../components/holdings/ClosedPositions";
import { HoldingsTable } from "../../../components/holdings/HoldingsTable";
import {
  DEFAULT_SORT,
  defaultDirection,
  filterHoldings,
  type HoldingNames,
  type HoldingsSearch,
  parseHoldingsSearch,
  type SortKey,
  sortHoldings,
} from "../../../components/holdings/search";
import { ListSkeleton } from "../../../components/ListSkeleton";
import { LoadError } from "../../../components/LoadError";
import { ReportWarnings } from "../../../components/market/ReportWarnings";
import { PageHeader } from "../../../components/PageHeader";
import { ButtonLink } from "../../../components/RouterLinks";

export const Route = createFileRoute("/_app/holdings/")({
  validateSearch: (raw: Record<string, unknown>): HoldingsSearch => parseHoldingsSearch(raw),
  component: HoldingsPage,
});

function HoldingsPage() {
  const me = useMe();
  const fmt = useFormatter();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const setSearch = (patch: Partial<HoldingsSearch>) =>
    void navigate({ search: parseHoldingsSearch({ ...search, ...patch }), replace: true });
  const group = search.group ?? "position";
  const sort = search.sort ?? DEFAULT_SORT;
  const dir = search.dir ?? defaultDirection(sort);
  const scope: PortfolioScope = useMemo(
    () => ({ accountIds: search.account ?? [], currency: search.currency ?? null }),
    [search.account, search.currency],
  );
  const accounts = useAccounts();
  const holdings = useHoldings(scope, group);
  const positions = usePositions(scope, "closed");
  const [explaining, setExplaining] = useState<ExplainTarget | null>(null);
  const accountMap = useMemo(() => accountsById(accounts.data?.items), [accounts.data]);
  const items = holdings.data?.items ?? [];
  const instrumentNames = useMemo(
    () => new Map(items.map((item) => [item.instrument_id, item.name])),
    [items],
  );
  const names: HoldingNames = {
    instrument: (id) => instrumentNames.get(id),
    account: (id) => (id === null ? undefined : accountMap.get(id)?.name),
  };
  const rows = sortHoldings(filterHoldings(items, search.q ?? "", names), sort, dir, names);
  const currency = holdings.data?.currency ?? search.currency ?? me.base_currency;
  const narrowed = Boolean(search.account);

  const onSort = (key: SortKey) =>
    setSearch({
      sort: key,
      dir: key === sort ? (dir === "asc" ? "desc" : "asc") : defaultDirection(key),
    });

  let body: React.ReactNode;
  if (holdings.isPending) {
    body = (
      <Paper withBorder p="md">
        <ListSkeleton rows={6} label="Loading your holdings" />
      </Paper>
    );
  } else if (holdings.isError) {
    body = (
      <LoadError
        what="Your holdings"
        error={holdings.error}
        onRetry={() => void holdings.refetch()}
      />
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        icon={<IconChartPie size={28} stroke={1.6} />}
        title={narrowed ? "Nothing held in these accounts" : "No holdings yet"}
        actions={
          narrowed ? (
            <Button variant="default" onClick={() => setSearch({ account: undefined })}>
              Show every account
            </Button>
          ) : (
            <ButtonLink
              to="/transactions"
              leftSection={<IconArrowsExchange size={16} aria-hidden />}
            >
              Go to transactions
            </ButtonLink>
          )
        }
      >
        A holding appears once you record a purchase of a stock, fund, bond or coin in one of your
        accounts. Positions sold in full leave this list; their gains stay in your reports.
      </EmptyState>
    );
  } else if (rows.length === 0) {
    body = (
      <EmptyState
        icon={<IconSearch size={28} stroke={1.6} />}
        title={`No holding matches “${search.q ?? ""}”`}
        actions={
          <Button variant="default" onClick={() => setSearch({ q: undefined })}>
            Show every holding
          </Button>
        }
      >
        The search looks at symbols, instrument names and account names.
      </EmptyState>
    );
  } else {
    body = (
      <Paper
        withBorder
        p={{ base: "xs", md: "md" }}
        style={{ opacity: holdings.isPlaceholderData ? 0.6 : 1 }}
      >
        <HoldingsTable
          rows={rows}
          cash={search.q ? [] : (holdings.data?.cash ?? [])}
          group={group}
          names={names}
          fmt={fmt}
          currency={currency}
          sort={sort}
          dir={dir}
          onSort={onSort}
          onExplain={(row) =>
            setExplaining({
              scope: row.account_id === null ? scope : { ...scope, accountIds: [row.account_id] },
              range: "MAX",
              instrumentId: row.instrument_id,
              label: row.symbol,
            })
          }
        />
      </Paper>
    );
  }
  const closed = (positions.data?.items ?? []).filter((p) => p.status === "closed");

  return (
    <>
      <PageHeader
        title="Holdings"
        description={`What you own, what it cost and what it is worth now, in ${currency}`}
        actions={
          accounts.data && accounts.data.items.length > 0 ? (
            <ScopeFilters
              accounts={accounts.data.items}
              accountIds={search.account ?? []}
              onAccountsChange={(ids) => setSearch({ account: ids })}
              currency={search.currency ?? null}
              baseCurrency={me.base_currency}
              onCurrencyChange={(next) => setSearch({ currency: next ?? undefined })}
              locale={fmt.locale}
            />
          ) : undefined
        }
      />
      {holdings.data && holdings.data.warnings.length > 0 ? (
        <Box mb="md">
          <ReportWarnings warnings={holdings.data.warnings} />
        </Box>
      ) : null}
      {/* Searching, grouping and downloading need something to work on. */}
      {holdings.isPending || items.length > 0 || search.q ? (
        <Group justify="space-between" gap="sm" mb="md" wrap="wrap">
          <Group gap="sm" wrap="wrap" style={{ flex: "1 1 320px" }}>
            <TextInput
              aria-label="Search holdings"
              placeholder="Symbol, name or account"
              leftSection={<IconSearch size={16} aria-hidden />}
              rightSection={
                search.q ? (
                  <CloseButton
                    size="sm"
                    aria-label="Clear the search"
                    onClick={() => setSearch({ q: undefined })}
                  />
                ) : null
              }
              value={search.q ?? ""}
              onChange={(event) => setSearch({ q: event.currentTarget.value })}
              w={{ base: "100%", xs: 260 }}
            />
            <SegmentedControl
              aria-label="One row per"
              value={group}
              onChange={(next) =>
                setSearch({ group: next === "instrument" ? "instrument" : undefined })
              }
              data={[
                { value: "position", label: "Per position" },
                { value: "instrument", label: "Per instrument" },
              ]}
            />
          </Group>
          <Button
            component="a"
            href={holdingsCsvUrl(scope, group)}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Download CSV
          </Button>
        </Group>
      ) : null}
      {body}
      {closed.length > 0 && !search.q ? (
        <Box mt="lg">
          <ClosedPositions
            positions={closed}
            fmt={fmt}
            currency={currency}
            onExplain={(position) =>
              setExplaining({
                scope,
                range: "MAX",
                instrumentId: position.instrument_id,
                label: position.symbol,
              })
            }
          />
        </Box>
      ) : null}
      <ExplainDrawer target={explaining} onClose={() => setExplaining(null)} fmt={fmt} />
    </>
  );
}
