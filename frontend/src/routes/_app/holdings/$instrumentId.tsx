import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconDownload, IconHelpCircle, IconPlus } from "@tabler/icons-react";
import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, notFound } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { accountsById, useAccounts } from "../../../api/accounts";
import { instrumentQuery, usePrices, useSplits } from "../../../api/instruments";
import { useMarketStatus } from "../../../api/market";
import {
  type ExplainTarget,
  lotsCsvUrl,
  realizedCsvUrl,
  useHoldings,
  useLots,
  useRealized,
  WHOLE_PORTFOLIO,
} from "../../../api/portfolio";
import { asApiError } from "../../../api/problem";
import { useFormatter, useMe } from "../../../api/session";
import { useTransactions } from "../../../api/transactions";
import { ExplainDrawer } from "../../../components/explain/ExplainDrawer";
import { RealizedGainsTable } from "../../../components/holdings/RealizedGainsTable";
import { DividendsCard } from "../../../components/instruments/DividendsCard";
import { InstrumentFacts } from "../../../components/instruments/InstrumentHeader";
import { LotsCard } from "../../../components/instruments/LotsCard";
import { ManualPricesCard } from "../../../components/instruments/ManualPricesCard";
import { OwnPricesCard } from "../../../components/instruments/OwnPricesCard";
import { PositionsCard } from "../../../components/instruments/PositionsCard";
import { PriceChartCard } from "../../../components/instruments/PriceChartCard";
import { SplitsCard } from "../../../components/instruments/SplitsCard";
import { ListSkeleton } from "../../../components/ListSkeleton";
import { LoadError } from "../../../components/LoadError";
import { StaleNote } from "../../../components/market/StaleNote";
import { PageHeader } from "../../../components/PageHeader";
import { AnchorLink, ButtonLink } from "../../../components/RouterLinks";
import { TransactionsList } from "../../../components/transactions/TransactionsList";
import { useTransactionDialogs } from "../../../components/transactions/useTransactionDialogs";
import { addDecimals } from "../../../decimal";

/** The API's largest page: one instrument's transactions fit on it. */
const ALL = 1000;
/** How many of them the page lists; the transactions page has them all. */
const LATEST = 10;

export const Route = createFileRoute("/_app/holdings/$instrumentId")({
  loader: async ({ context: { queryClient }, params }) => {
    const id = Number(params.instrumentId);
    if (!Number.isInteger(id) || id < 1) throw notFound();
    try {
      await queryClient.ensureQueryData(instrumentQuery(id));
    } catch (error) {
      if (asApiError(error).status === 404) throw notFound();
      throw error;
    }
  },
  component: InstrumentPage,
});

function InstrumentPage() {
  const id = Number(Route.useParams().instrumentId);
  const instrument = useSuspenseQuery(instrumentQuery(id)).data;
  const fmt = useFormatter();
  const me = useMe();
  // The whole portfolio in the base currency, narrowed here to this instrument.
  const holdings = useHoldings(WHOLE_PORTFOLIO, "position");
  const realized = useRealized(WHOLE_PORTFOLIO);
  const lots = useLots(WHOLE_PORTFOLIO, id);
  const positions = (holdings.data?.items ?? []).filter((item) => item.instrument_id === id);
  const sales = (realized.data?.items ?? []).filter((item) => item.instrument_id === id);
  const accounts = useAccounts();
  const accountMap = useMemo(() => accountsById(accounts.data?.items), [accounts.data]);
  const accountName = (account: number | null) =>
    (account === null ? undefined : accountMap.get(account)?.name) ?? `#${account}`;
  const prices = usePrices(id);
  const splits = useSplits(id);
  const transactions = useTransactions({ instrument_id: id, limit: ALL, order: "asc" });
  const dialogs = useTransactionDialogs();
  const market = useMarketStatus();
  const stale = market.data?.items.filter((item) => item.instrument_id === id) ?? [];
  const all = transactions.data?.items ?? [];
  const dividends = all.filter((txn) => txn.type === "DIVIDEND").reverse();
  const newestFirst = [...all].reverse();
  // Position and realized gains say something once the instrument was traded (or while unknown).
  const traded = transactions.isPending || all.length > 0;
  const latest = newestFirst.slice(0, LATEST);
  const instruments = useMemo(() => new Map([[instrument.id, instrument]]), [instrument]);
  const [explaining, setExplaining] = useState<ExplainTarget | null>(null);

  return (
    <>
      <PageHeader
        title={instrument.symbol}
        description={
          <>
            {instrument.name}
            <InstrumentFacts instrument={instrument} />
          </>
        }
        actions={
          <>
            <ButtonLink
              to="/holdings"
              variant="default"
              leftSection={<IconArrowLeft size={16} aria-hidden />}
            >
              Holdings
            </ButtonLink>
            {traded ? (
              <Button
                variant="default"
                leftSection={<IconHelpCircle size={16} aria-hidden />}
                onClick={() =>
                  setExplaining({
                    scope: WHOLE_PORTFOLIO,
                    range: "MAX",
                    instrumentId: instrument.id,
                    label: instrument.symbol,
                  })
                }
              >
                Explain the gain
              </Button>
            ) : null}
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => dialogs.create({ instrument })}
            >
              Add transaction
            </Button>
          </>
        }
      />
      <ExplainDrawer target={explaining} onClose={() => setExplaining(null)} fmt={fmt} />
      <Stack gap="lg">
        <StaleNote items={stale} fmt={fmt} />
        {traded ? (
          holdings.isError ? (
            <LoadError
              what="Your position"
              error={holdings.error}
              onRetry={() => void holdings.refetch()}
            />
          ) : (
            <PositionsCard
              symbol={instrument.symbol}
              positions={positions}
              accountName={accountName}
              fmt={fmt}
              currency={holdings.data?.currency ?? me.base_currency}
              loading={holdings.isPending}
            />
          )
        ) : null}
        {traded && (positions.length > 0 || holdings.isPending) ? (
          lots.isError ? (
            <LoadError
              what="The open lots"
              error={lots.error}
              onRetry={() => void lots.refetch()}
            />
          ) : (
            <LotsCard
              symbol={instrument.symbol}
              lots={lots.data?.items ?? []}
              asOf={lots.data?.as_of ?? ""}
              method={lots.data?.method}
              accountName={(account) => accountName(account)}
              fmt={fmt}
              currency={lots.data?.currency ?? me.base_currency}
              loading={lots.isPending}
              csvUrl={lotsCsvUrl(WHOLE_PORTFOLIO, id)}
            />
          )
        ) : null}
        {prices.isError ? (
          <LoadError what="The prices" error={prices.error} onRetry={() => void prices.refetch()} />
        ) : (
          <PriceChartCard
            symbol={instrument.symbol}
            currency={instrument.currency}
            prices={prices.data?.items ?? []}
            transactions={all}
            fmt={fmt}
            loading={prices.isPending}
          />
        )}

        <Paper withBorder p={{ base: "xs", sm: "md" }}>
          <Group justify="space-between" mb="xs" px={{ base: 4, sm: 0 }}>
            <Title order={2} fz="md">
              Transactions
            </Title>
            {newestFirst.length > LATEST ? (
              <AnchorLink to="/transactions" search={{ instrument: id }} fz="sm">
                All {newestFirst.length}
              </AnchorLink>
            ) : null}
          </Group>
          {transactions.isPending ? (
            <ListSkeleton rows={3} label="Loading transactions" />
          ) : transactions.isError ? (
            <LoadError what="The transactions" error={transactions.error} />
          ) : newestFirst.length === 0 ? (
            <Title order={3} fz="sm" fw={400} c="dimmed" px={4}>
              No transactions of {instrument.symbol} yet.
            </Title>
          ) : (
            <TransactionsList
              items={latest}
              accounts={accountMap}
              instruments={instruments}
              fmt={fmt}
              order="desc"
              onEdit={dialogs.edit}
              onDelete={dialogs.remove}
              hideInstrument
            />
          )}
        </Paper>

        {traded ? (
          <Paper withBorder p={{ base: "sm", sm: "md" }}>
            <Group justify="space-between" align="flex-end" mb="sm" gap="xs">
              <Title order={2} fz="md">
                Realized gains
              </Title>
              {sales.length > 0 ? (
                <Group gap="md">
                  <Text fz="sm" c="dimmed" className="pms-figures">
                    {sales.length} {sales.length === 1 ? "sale" : "sales"} ·{" "}
                    {fmt.money(
                      addDecimals(...sales.map((sale) => sale.gain)),
                      realized.data?.currency,
                      { signed: true },
                    )}
                  </Text>
                  <Anchor href={realizedCsvUrl(WHOLE_PORTFOLIO)} download fz="sm">
                    <Group gap={4} wrap="nowrap">
                      <IconDownload size={14} aria-hidden />
                      All as CSV
                    </Group>
                  </Anchor>
                </Group>
              ) : null}
            </Group>
            {realized.isPending ? (
              <ListSkeleton rows={2} label="Loading the realized gains" />
            ) : realized.isError ? (
              <LoadError what="The realized gains" error={realized.error} />
            ) : (
              <RealizedGainsTable
                rows={sales}
                fmt={fmt}
                currency={realized.data.currency}
                accountName={(account) => accountName(account)}
              />
            )}
          </Paper>
        ) : null}

        <DividendsCard dividends={dividends} accounts={accountMap} fmt={fmt} />

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          {instrument.is_own ? (
            <ManualPricesCard instrument={instrument} prices={prices.data?.items ?? []} fmt={fmt} />
          ) : (
            <OwnPricesCard instrument={instrument} fmt={fmt} />
          )}
          {splits.isError ? (
            <LoadError what="The splits" error={splits.error} />
          ) : (
            <SplitsCard instrument={instrument} splits={splits.data?.items ?? []} fmt={fmt} />
          )}
        </SimpleGrid>
      </Stack>
      {dialogs.dialogs}
    </>
  );
}
