import { Alert, Button, Group, Modal, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useAccountTransactionCount, useDeleteAccount } from "../../api/accounts";
import { asApiError } from "../../api/problem";
import type { AccountPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Asks before deleting an account; one with transactions is deleted with them (cascade). */
export function DeleteAccountModal({
  account,
  onClose,
}: {
  account: AccountPublic | null;
  onClose: () => void;
}) {
  const count = useAccountTransactionCount(account?.id ?? null);
  const remove = useDeleteAccount();
  const total = count.data?.total;
  const cascade = (total ?? 0) > 0;

  const confirm = () => {
    if (!account || total === undefined) return;
    remove.mutate(
      { path: { account_id: account.id }, query: { cascade } },
      {
        onSuccess: () => {
          notifySuccess(
            cascade
              ? `${account.name} and its ${plural(total, "transaction", "transactions")} were deleted.`
              : `${account.name} was deleted.`,
            "Account deleted",
          );
          onClose();
        },
        onError: (error) => reportError(error),
      },
    );
  };

  let body: React.ReactNode;
  if (count.isPending) {
    body = <Skeleton height={40} aria-label="Counting the account's transactions" />;
  } else if (count.isError) {
    body = (
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
        Its transactions could not be counted: {asApiError(count.error).detail}
      </Alert>
    );
  } else if (cascade) {
    body = (
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
        This account has {plural(total ?? 0, "transaction", "transactions")}. Deleting it deletes{" "}
        {total === 1 ? "it" : "them"} too, and every figure that depends on{" "}
        {total === 1 ? "it" : "them"} changes. This cannot be undone.
      </Alert>
    );
  } else {
    body = <Text fz="sm">It has no transactions. This cannot be undone.</Text>;
  }

  return (
    <Modal opened={account !== null} onClose={onClose} title={`Delete ${account?.name ?? ""}?`}>
      <Stack gap="md">
        {body}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={confirm}
            loading={remove.isPending}
            disabled={total === undefined}
          >
            {cascade
              ? `Delete account and ${plural(total ?? 0, "transaction", "transactions")}`
              : "Delete account"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
