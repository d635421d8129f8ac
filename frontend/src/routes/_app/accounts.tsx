import { Button, Paper } from "@mantine/core";
import { IconBuildingBank, IconPlus } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useState } from "react";
import { useAccounts } from "../../api/accounts";
import type { AccountPublic } from "../../client/types.gen";
import { AccountFormModal } from "../../components/accounts/AccountFormModal";
import { AccountsTable } from "../../components/accounts/AccountsTable";
import { DeleteAccountModal } from "../../components/accounts/DeleteAccountModal";
import { EmptyState } from "../../components/EmptyState";
import { ListSkeleton } from "../../components/ListSkeleton";
import { LoadError } from "../../components/LoadError";
import { PageHeader } from "../../components/PageHeader";

export const Route = createFileRoute("/_app/accounts")({
  component: AccountsPage,
});

type Dialog =
  | { kind: "create" }
  | { kind: "edit"; account: AccountPublic }
  | { kind: "delete"; account: AccountPublic }
  | null;

function AccountsPage() {
  const accounts = useAccounts();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const add = (
    <Button
      leftSection={<IconPlus size={16} aria-hidden />}
      onClick={() => setDialog({ kind: "create" })}
    >
      Add account
    </Button>
  );

  let body: React.ReactNode;
  if (accounts.isPending) {
    body = <ListSkeleton label="Loading accounts" />;
  } else if (accounts.isError) {
    body = (
      <LoadError
        what="Your accounts"
        error={accounts.error}
        onRetry={() => void accounts.refetch()}
      />
    );
  } else if (accounts.data.items.length === 0) {
    body = (
      <EmptyState
        icon={<IconBuildingBank size={28} stroke={1.6} />}
        title="No accounts yet"
        actions={add}
      >
        An account holds your transactions: one per broker, pension plan, exchange or bank account,
        each in its own currency.
      </EmptyState>
    );
  } else {
    body = (
      <Paper withBorder p={{ base: "xs", sm: "md" }}>
        <AccountsTable
          accounts={accounts.data.items}
          onEdit={(account) => setDialog({ kind: "edit", account })}
          onDelete={(account) => setDialog({ kind: "delete", account })}
        />
      </Paper>
    );
  }

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Your brokerage, retirement, crypto and cash accounts"
        actions={accounts.data && accounts.data.items.length > 0 ? add : undefined}
      />
      {body}
      <AccountFormModal
        opened={dialog?.kind === "create" || dialog?.kind === "edit"}
        account={dialog?.kind === "edit" ? dialog.account : null}
        onClose={close}
      />
      <DeleteAccountModal
        account={dialog?.kind === "delete" ? dialog.account : null}
        onClose={close}
      />
    </>
  );
}
