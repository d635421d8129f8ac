// The generated query keys start with an object naming the operation (`_id`). After a change the
// app refreshes every cached answer of the operations it affects, whatever their parameters.
import type { QueryClient } from "@tanstack/react-query";

/** Operation ids of the generated client (`accountsListAccounts`, …). */
export type OperationId = string;

export function operationOf(queryKey: readonly unknown[]): string | undefined {
  const head = queryKey[0];
  if (typeof head !== "object" || head === null) return undefined;
  const id = (head as { _id?: unknown })._id;
  return typeof id === "string" ? id : undefined;
}

export function invalidateOperations(
  queryClient: QueryClient,
  operations: readonly OperationId[],
): Promise<void> {
  const wanted = new Set(operations);
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const id = operationOf(query.queryKey);
      return id !== undefined && wanted.has(id);
    },
  });
}

/** The portfolio reports: every one depends on the ledger, the prices and the user's settings. */
export const PORTFOLIO_QUERIES: readonly OperationId[] = [
  "portfolioSummary",
  "portfolioHoldings",
  "portfolioLots",
  "portfolioPerformance",
  "portfolioAllocation",
  "portfolioIncome",
  "portfolioRealized",
  "portfolioHealth",
  "portfolioExplain",
  "portfolioPositions",
  "portfolioTaxReport",
];

/** What a change of the ledger (accounts, transactions) makes out of date. */
export const LEDGER_QUERIES: readonly OperationId[] = [
  "accountsListAccounts",
  "accountsReadAccount",
  "transactionsListTransactions",
  "transactionsReadTransaction",
  "marketMarketStatus",
  ...PORTFOLIO_QUERIES,
];

/** What new prices, splits or exchange rates make out of date. */
export const MARKET_QUERIES: readonly OperationId[] = [
  "instrumentsListPrices",
  "instrumentsListSplits",
  "marketMarketStatus",
  ...PORTFOLIO_QUERIES,
];
