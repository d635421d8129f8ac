import { Paper } from "@mantine/core";
import { IconArrowsExchange, IconChartPie } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useMemo } from "react";
import { useInstrumentsById } from "../../../api/instruments";
import { useFormatter } from "../../../api/session";
import { useTransactions } from "../../../api/transactions";
import { EmptyState } from "../../../components/EmptyState";
import {
  TradedInstruments,
  tradedInstruments,
} from "../../../components/holdings/TradedInstruments";
import { ListSkeleton } from "../../../components/ListSkeleton";
import { LoadError } from "../../../components/LoadError";
import { PageHeader } from "../../../components/PageHeader";
import { ButtonLink } from "../../../components/RouterLinks";

export const Route = createFileRoute("/_app/holdings/")({
  component: HoldingsPage,
});

/** The API's largest page. */
const PAGE = 1000;

function HoldingsPage() {
  const fmt = useFormatter();
  const transactions = useTransactions({ limit: PAGE, order: "desc" });
  const items = useMemo(
    () => tradedInstruments(transactions.data?.items ?? []),
    [transactions.data],
  );
  const instruments = useInstrumentsById(items.map((item) => item.instrument_id));

  let body: React.ReactNode;
  if (transactions.isPending) {
    body = (
      <Paper withBorder p="md">
        <ListSkeleton label="Loading your instruments" />
      </Paper>
    );
  } else if (transactions.isError) {
    body = (
      <LoadError
        what="Your instruments"
        error={transactions.error}
        onRetry={() => void transactions.refetch()}
      />
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        icon={<IconChartPie size={28} stroke={1.6} />}
        title="No holdings yet"
        actions={
          <ButtonLink to="/transactions" leftSection={<IconArrowsExchange size={16} aria-hidden />}>
            Go to transactions
          </ButtonLink>
        }
      >
        A holding appears once you record a purchase of a stock, fund, bond or coin in one of your
        accounts.
      </EmptyState>
    );
  } else {
    body = <TradedInstruments items={items} instruments={instruments} fmt={fmt} />;
  }

  return (
    <>
      <PageHeader
        title="Holdings"
        description="What you own, what it cost and what it is worth now"
      />
      {body}
    </>
  );
}
