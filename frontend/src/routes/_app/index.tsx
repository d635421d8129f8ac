import { IconChartDonut3, IconFileImport, IconPlus } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useMe } from "../../api/session";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { ButtonLink } from "../../components/RouterLinks";

export const Route = createFileRoute("/_app/")({
  component: DashboardPage,
});

function DashboardPage() {
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Your portfolio at a glance, in ${me.base_currency}`}
      />
      <EmptyState
        icon={<IconChartDonut3 size={28} stroke={1.6} />}
        title="Your portfolio starts here"
        actions={
          <>
            <ButtonLink to="/accounts" leftSection={<IconPlus size={16} aria-hidden />}>
              Add an account
            </ButtonLink>
            <ButtonLink
              to="/import"
              variant="default"
              leftSection={<IconFileImport size={16} aria-hidden />}
            >
              Import transactions
            </ButtonLink>
          </>
        }
      >
        Add an account and record your trades, or import them from your broker. Your total value,
        returns, allocation and income will appear here.
      </EmptyState>
    </>
  );
}
