import { IconArrowsExchange, IconChartPie } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { EmptyState } from "../../../components/EmptyState";
import { PageHeader } from "../../../components/PageHeader";
import { ButtonLink } from "../../../components/RouterLinks";

export const Route = createFileRoute("/_app/holdings/")({
  component: HoldingsPage,
});

function HoldingsPage() {
  return (
    <>
      <PageHeader
        title="Holdings"
        description="What you own, what it cost and what it is worth now"
      />
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
    </>
  );
}
