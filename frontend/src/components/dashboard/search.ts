// The dashboard keeps its choices in the address (accounts, reporting currency, chart range and
// view, benchmark, allocation split, income period), so a view can be bookmarked and shared.
import type { AllocationKey, IncomeGroup } from "../../client/types.gen";
import { isRange, type Range } from "../charts/ranges";
import { ids } from "../transactions/search";
import { ALLOCATION_KEYS } from "./AllocationCard";
import { PERFORMANCE_VIEWS, type PerformanceView } from "./PerformanceChartCard";

export interface DashboardSearch {
  account?: number[];
  currency?: string;
  range?: Range;
  view?: PerformanceView;
  benchmark?: number;
  by?: AllocationKey;
  income?: IncomeGroup;
}

/** The chart's period when none is chosen: everything, since the first transaction. */
export const DEFAULT_RANGE: Range = "MAX";

const CURRENCY = /^[A-Z]{3}$/;

/** Reads the address's search parameters, dropping whatever is not a valid choice. */
export function parseDashboardSearch(raw: Record<string, unknown>): DashboardSearch {
  const search: DashboardSearch = {};
  const account = ids(raw.account);
  if (account.length > 0) search.account = account;
  if (typeof raw.currency === "string" && CURRENCY.test(raw.currency)) {
    search.currency = raw.currency;
  }
  if (isRange(raw.range) && raw.range !== DEFAULT_RANGE) search.range = raw.range;
  const view = PERFORMANCE_VIEWS.find((v) => v === raw.view);
  if (view && view !== "value") search.view = view;
  const [benchmark] = ids(raw.benchmark);
  if (benchmark !== undefined) search.benchmark = benchmark;
  const by = ALLOCATION_KEYS.find((key) => key === raw.by);
  if (by && by !== "asset_class") search.by = by;
  if (raw.income === "year") search.income = "year";
  return search;
}

/** A search with `patch` applied and defaults left out, so the address stays short. */
export function withSearch(search: DashboardSearch, patch: Partial<DashboardSearch>) {
  return parseDashboardSearch({ ...search, ...patch });
}
