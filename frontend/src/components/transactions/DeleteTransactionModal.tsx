import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useFormatter } from "../../api/session";
import { useDeleteTransaction } from "../../api/transactions";
import type { InstrumentPublic, TransactionPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import { TYPE_LABELS } from "./types";

export function DeleteTransactionModal({
  transaction,
  instrument,
  onClose,
}: {
  transaction: TransactionPublic | null;
  instrument: InstrumentPublic | undefined;
  onClose: () => void;
}) {
  const fmt = useFormatter();
  const remove = useDeleteTransaction();
  const what = transaction
    ? [
        TYPE_LABELS[transaction.type].toLowerCase(),
        transaction.quantity ? fmt.quantity(transaction.quantity) : null,
        instrument?.symbol,
        `on ${fmt.date(transaction.date)}`,
      ]
        .filter(Boolean)
        .join(" ")
    : "";
  const confirm = () => {
    if (!transaction) return;
    remove.mutate(
      { path: { transaction_id: transaction.id } },
      {
        onSuccess: () => {
          notifySuccess(`The ${what} was deleted.`, "Transaction deleted");
          onClose();
        },
        onError: (error) => reportError(error),
      },
    );
  };
  return (
    <Modal opened={transaction !== null} onClose={onClose} title="Delete this transaction?">
      <Stack gap="md">
        <Text fz="sm">The {what} is removed from the ledger. This cannot be undone.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            Delete transaction
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
