import { type ReactNode, useEffect, useState } from "react";
import { useInstrument } from "../../api/instruments";
import type { InstrumentPublic, TransactionPublic } from "../../client/types.gen";
import { reportError } from "../../feedback";
import { DeleteTransactionModal } from "./DeleteTransactionModal";
import { type TransactionDraft, TransactionFormModal } from "./TransactionFormModal";

type Dialog =
  | { kind: "create"; draft: TransactionDraft }
  | { kind: "edit"; txn: TransactionPublic }
  | { kind: "delete"; txn: TransactionPublic }
  | null;

/** The add, edit and delete dialogs of transactions, opened from a list or a page's button. */
export function useTransactionDialogs(): {
  create: (draft?: TransactionDraft) => void;
  edit: (txn: TransactionPublic) => void;
  remove: (txn: TransactionPublic) => void;
  dialogs: ReactNode;
} {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const target = dialog && dialog.kind !== "create" ? dialog.txn : null;
  const instrument = useInstrument(target?.instrument_id ?? null);
  const instrumentData: InstrumentPublic | undefined = instrument.data;
  // Editing waits for the transaction's instrument, so the form starts complete (if it cannot be
  // loaded, the form opens without it and asks for one).
  const editReady =
    dialog?.kind === "edit" &&
    (!dialog.txn.instrument_id || instrumentData !== undefined || instrument.isError);
  const failed = dialog?.kind === "edit" && instrument.isError ? instrument.error : null;
  useEffect(() => {
    if (failed) reportError(failed);
  }, [failed]);
  return {
    create: (draft = {}) => setDialog({ kind: "create", draft }),
    edit: (txn) => setDialog({ kind: "edit", txn }),
    remove: (txn) => setDialog({ kind: "delete", txn }),
    dialogs: (
      <>
        <TransactionFormModal
          opened={dialog?.kind === "create" || Boolean(editReady)}
          onClose={close}
          transaction={dialog?.kind === "edit" ? dialog.txn : null}
          instrument={dialog?.kind === "edit" ? (instrumentData ?? null) : null}
          draft={dialog?.kind === "create" ? dialog.draft : undefined}
        />
        <DeleteTransactionModal
          transaction={dialog?.kind === "delete" ? dialog.txn : null}
          instrument={dialog?.kind === "delete" ? instrumentData : undefined}
          onClose={close}
        />
      </>
    ),
  };
}
