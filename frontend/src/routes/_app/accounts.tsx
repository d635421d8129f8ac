import { IconBuildingBank } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";

export const Route = createFileRoute("/_app/accounts")({
  component: AccountsPage,
});

function AccountsPage() {
  return (
    <>
      <PageHeader
        title="Accounts"
        description="Your brokerage, retirement, crypto and cash accounts"
      />
      <EmptyState icon={<IconBuildingBank size={28} stroke={1.6} />} title="No accounts yet">
        An account holds your transactions: one per broker, pension plan, exchange or bank account,
        each in its own currency.
      </EmptyState>
    </>
  );
}
