// The holdings page keeps its choices in the address: grouping, accounts, reporting currency,
// the text filter and the sort.
import type { HoldingPublic, HoldingsGroup } from "../../client/types.gen";
import { ids } from "../transactions/search";

export const SORT_KEYS = [
  "symbol",
  "account",
  "quantity",
  "average_cost",
  "price",
  "market_value",
  "unrealized_gain",
  "unrealized_gain_pct",
  "weight",
  "day_change",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface HoldingsSearch {
  group?: HoldingsGroup;
  account?: number[];
  currency?: string;
  q?: string;
  sort?: SortKey;
  dir?: "asc" | "desc";
}

/** Largest positions first unless another order is chosen. */
export const DEFAULT_SORT: SortKey = "market_value";

const CURRENCY = /^[A-Z]{3}$/;

export function parseHoldingsSearch(raw: Record<string, unknown>): HoldingsSearch {
  const search: HoldingsSearch = {};
  if (raw.group === "instrument") search.group = "instrument";
  const account = ids(raw.account);
  if (account.length > 0) search.account = account;
  if (typeof raw.currency === "string" && CURRENCY.test(raw.currency)) {
    search.currency = raw.currency;
  }
  if (typeof raw.q === "string" && raw.q.trim() !== "") search.q = raw.q.slice(0, 100);
  const sort = SORT_KEYS.find((key) => key === raw.sort);
  if (sort && sort !== DEFAULT_SORT) search.sort = sort;
  if (raw.dir === "asc" || raw.dir === "desc") search.dir = raw.dir;
  if (search.dir === defaultDirection(search.sort ?? DEFAULT_SORT)) delete search.dir;
  return search;
}

/** Names read A to Z; figures largest first. */
export function defaultDirection(key: SortKey): "asc" | "desc" {
  return key === "symbol" || key === "account" ? "asc" : "desc";
}

/** What a row is also known by: the instrument's name and the account's. */
export interface HoldingNames {
  instrument: (id: number) => string | undefined;
  account: (id: number | null) => string | undefined;
}

/** Rows whose symbol, instrument name or account name contains every word of `text`. */
export function filterHoldings(
  rows: readonly HoldingPublic[],
  text: string,
  names: HoldingNames,
): HoldingPublic[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = [
      row.symbol,
      names.instrument(row.instrument_id),
      names.account(row.account_id),
    ]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

function sortValue(row: HoldingPublic, key: SortKey, names: HoldingNames): string | number | null {
  switch (key) {
    case "symbol":
      return row.symbol.toLowerCase();
    case "account":
      return (names.account(row.account_id) ?? "").toLowerCase();
    case "unrealized_gain_pct":
    case "weight":
      return row[key];
    case "price":
    case "day_change":
      return row[key] === null ? null : Number(row[key]);
    default:
      // Decimal strings; a float is precise enough to order them.
      return Number(row[key]);
  }
}

/** Rows in the chosen order; rows without the figure (no price yet) always come last. */
export function sortHoldings(
  rows: readonly HoldingPublic[],
  key: SortKey,
  dir: "asc" | "desc",
  names: HoldingNames,
): HoldingPublic[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key, names);
    const y = sortValue(b, key, names);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === "string" ? x.localeCompare(String(y)) : x - (y as number);
    return order * sign || a.symbol.localeCompare(b.symbol);
  });
}
