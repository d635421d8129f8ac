// Transactions: the paged, filtered list and the changes to it.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  transactionsCreateTransactionMutation,
  transactionsDeleteTransactionMutation,
  transactionsListTransactionsOptions,
  transactionsUpdateTransactionMutation,
} from "../client/@tanstack/react-query.gen";
import type { TransactionsListTransactionsData } from "../client/types.gen";
import { invalidateOperations, LEDGER_QUERIES } from "./invalidate";

export type TransactionQuery = NonNullable<TransactionsListTransactionsData["query"]>;

/** One page of transactions; the previous page stays on screen while the next one loads. */
export function useTransactions(query: TransactionQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...transactionsListTransactionsOptions({ query }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

function useInvalidateLedger() {
  const queryClient = useQueryClient();
  return () => invalidateOperations(queryClient, LEDGER_QUERIES);
}

export function useCreateTransaction() {
  const invalidate = useInvalidateLedger();
  return useMutation({ ...transactionsCreateTransactionMutation(), onSuccess: invalidate });
}

export function useUpdateTransaction() {
  const invalidate = useInvalidateLedger();
  return useMutation({ ...transactionsUpdateTransactionMutation(), onSuccess: invalidate });
}

export function useDeleteTransaction() {
  const invalidate = useInvalidateLedger();
  return useMutation({ ...transactionsDeleteTransactionMutation(), onSuccess: invalidate });
}
