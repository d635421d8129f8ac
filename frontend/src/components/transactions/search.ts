// The transactions page keeps its filters, order and page in the address, so a filtered list can
// be bookmarked, shared and reached with the back button.
import type { TransactionQuery } from "../../api/transactions";
import type { TransactionType } from "../../client/types.gen";
import { isTransactionType } from "./types";

export interface TransactionSearch {
  account?: number[];
  type?: TransactionType[];
  instrument?: number;
  from?: string;
  to?: string;
  order?: "asc" | "desc";
  page?: number;
}

export const PAGE_SIZE = 25;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Positive integer ids from a search parameter (one or a list). */
export function ids(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

/** Reads the address's search parameters, dropping whatever is not a valid filter. */
export function parseTransactionSearch(raw: Record<string, unknown>): TransactionSearch {
  const search: TransactionSearch = {};
  const account = ids(raw.account);
  if (account.length > 0) search.account = account;
  const types = (Array.isArray(raw.type) ? raw.type : raw.type === undefined ? [] : [raw.type])
    .map(String)
    .filter(isTransactionType);
  if (types.length > 0) search.type = types;
  const [instrument] = ids(raw.instrument);
  if (instrument !== undefined) search.instrument = instrument;
  if (typeof raw.from === "string" && ISO_DATE.test(raw.from)) search.from = raw.from;
  if (typeof raw.to === "string" && ISO_DATE.test(raw.to)) search.to = raw.to;
  if (raw.order === "asc") search.order = "asc";
  const [page] = ids(raw.page);
  if (page !== undefined && page > 1) search.page = page;
  return search;
}

/** The list request for a page of the filtered transactions. */
export function transactionQuery(
  search: TransactionSearch,
  pageSize = PAGE_SIZE,
): TransactionQuery {
  const query: TransactionQuery = {
    limit: pageSize,
    offset: ((search.page ?? 1) - 1) * pageSize,
    order: search.order ?? "desc",
  };
  if (search.account) query.account_id = search.account;
  if (search.type) query.type = search.type;
  if (search.instrument) query.instrument_id = search.instrument;
  if (search.from) query.from = search.from;
  if (search.to) query.to = search.to;
  return query;
}

export function hasFilters(search: TransactionSearch): boolean {
  return Boolean(search.account || search.type || search.instrument || search.from || search.to);
}
