import { IconArrowsExchange, IconFileImport } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { ButtonLink } from "../../components/RouterLinks";

export const Route = createFileRoute("/_app/transactions")({
  component: TransactionsPage,
});

function TransactionsPage() {
  return (
    <>
      <PageHeader
        title="Transactions"
        description="Buys, sells, dividends, interest, fees, deposits and transfers"
      />
      <EmptyState
        icon={<IconArrowsExchange size={28} stroke={1.6} />}
        title="No transactions yet"
        actions={
          <ButtonLink
            to="/import"
            variant="default"
            leftSection={<IconFileImport size={16} aria-hidden />}
          >
            Import from a file
          </ButtonLink>
        }
      >
        Every number in PMS comes from your transactions. Record them one by one, or import the
        history your broker exports.
      </EmptyState>
    </>
  );
}
