// Accounts of the signed-in user.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  accountsCreateAccountMutation,
  accountsDeleteAccountMutation,
  accountsListAccountsOptions,
  accountsUpdateAccountMutation,
  transactionsListTransactionsOptions,
} from "../client/@tanstack/react-query.gen";
import type { AccountPublic } from "../client/types.gen";
import { invalidateOperations, LEDGER_QUERIES } from "./invalidate";

/** The API's largest page; a person's accounts fit on it. */
const PAGE = 1000;

export const accountsQuery = () => accountsListAccountsOptions({ query: { limit: PAGE } });

export function useAccounts() {
  return useQuery(accountsQuery());
}

/** Accounts by id, for showing names next to transactions. */
export function accountsById(accounts: readonly AccountPublic[] | undefined) {
  return new Map((accounts ?? []).map((account) => [account.id, account]));
}

/** How many transactions an account has (the list's total, one row fetched). */
export function useAccountTransactionCount(accountId: number | null) {
  return useQuery({
    ...transactionsListTransactionsOptions({
      query: { account_id: accountId ? [accountId] : [], limit: 1 },
    }),
    enabled: accountId !== null,
  });
}

function useInvalidateLedger() {
  const queryClient = useQueryClient();
  return () => invalidateOperations(queryClient, LEDGER_QUERIES);
}

export function useCreateAccount() {
  const invalidate = useInvalidateLedger();
  return useMutation({ ...accountsCreateAccountMutation(), onSuccess: invalidate });
}

export function useUpdateAccount() {
  const invalidate = useInvalidateLedger();
  return useMutation({ ...accountsUpdateAccountMutation(), onSuccess: invalidate });
}

export function useDeleteAccount() {
  const invalidate = useInvalidateLedger();
  return useMutation({ ...accountsDeleteAccountMutation(), onSuccess: invalidate });
}
