// The portfolio reports (ARCHITECTURE §4): summary, holdings, open lots, performance, allocation,
// income and realized gains, each narrowed to some accounts and reported in a chosen currency.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  portfolioAllocationOptions,
  portfolioExplainOptions,
  portfolioHoldingsOptions,
  portfolioIncomeOptions,
  portfolioLotsOptions,
  portfolioPerformanceOptions,
  portfolioPositionsOptions,
  portfolioRealizedOptions,
  portfolioSummaryOptions,
  portfolioTaxReportOptions,
} from "../client/@tanstack/react-query.gen";
import { client } from "../client/client.gen";
import type {
  AllocationKey,
  ExportFormat,
  HoldingsGroup,
  IncomeGroup,
  NamedRange,
} from "../client/types.gen";

/** What every report is narrowed to. */
export interface PortfolioScope {
  /** Only these accounts; every account when empty. */
  accountIds: readonly number[];
  /** The reporting currency; the user's base currency when null. */
  currency: string | null;
}

export const WHOLE_PORTFOLIO: PortfolioScope = { accountIds: [], currency: null };

/** The query parameters of a scope (`account_id` repeated, sorted so equal scopes share a cache entry). */
export function scopeQuery(scope: PortfolioScope): { account_id?: number[]; currency?: string } {
  return {
    ...(scope.accountIds.length > 0
      ? { account_id: [...new Set(scope.accountIds)].sort((a, b) => a - b) }
      : {}),
    ...(scope.currency ? { currency: scope.currency } : {}),
  };
}

export function useSummary(scope: PortfolioScope) {
  return useQuery({
    ...portfolioSummaryOptions({ query: scopeQuery(scope) }),
    placeholderData: keepPreviousData,
  });
}

export function useHoldings(scope: PortfolioScope, group: HoldingsGroup = "position") {
  return useQuery({
    ...portfolioHoldingsOptions({ query: { ...scopeQuery(scope), group } }),
    placeholderData: keepPreviousData,
  });
}

/** The open lots of one instrument (every instrument when null), oldest first per account. */
export function useLots(scope: PortfolioScope, instrumentId: number | null = null) {
  return useQuery({
    ...portfolioLotsOptions({
      query: { ...scopeQuery(scope), ...(instrumentId ? { instrument_id: instrumentId } : {}) },
    }),
    placeholderData: keepPreviousData,
  });
}

/** The value series and the returns and risk of a named period, beside a benchmark when given. */
export function usePerformance(
  scope: PortfolioScope,
  { range, benchmark }: { range: NamedRange; benchmark: number | null },
) {
  return useQuery({
    ...portfolioPerformanceOptions({
      query: { ...scopeQuery(scope), range, ...(benchmark ? { benchmark } : {}) },
    }),
    // The chart keeps the previous period on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
}

export function useAllocation(scope: PortfolioScope, by: AllocationKey) {
  return useQuery({
    ...portfolioAllocationOptions({ query: { ...scopeQuery(scope), by } }),
    placeholderData: keepPreviousData,
  });
}

export function useIncome(scope: PortfolioScope, group: IncomeGroup = "month") {
  return useQuery({
    ...portfolioIncomeOptions({ query: { ...scopeQuery(scope), group } }),
    placeholderData: keepPreviousData,
  });
}

/** Closed lots, of one calendar year or (null) of every year. */
export function useRealized(scope: PortfolioScope, year: number | null = null) {
  return useQuery(
    portfolioRealizedOptions({ query: { ...scopeQuery(scope), ...(year ? { year } : {}) } }),
  );
}

/** What a value bridge explains: a scope over a named period, the whole selection or one holding. */
export interface ExplainTarget {
  scope: PortfolioScope;
  range: NamedRange;
  /** One holding as a portfolio of its own; the whole selection when null. */
  instrumentId: number | null;
  /** What the panel names: "your portfolio", a symbol. */
  label: string;
}

/** The value bridge of a target (nothing is asked while it is null). */
export function useExplain(target: ExplainTarget | null) {
  const query = target
    ? {
        ...scopeQuery(target.scope),
        range: target.range,
        ...(target.instrumentId
          ? { instrument_id: target.instrumentId }
          : { detail: "instrument" as const }),
      }
    : {};
  return useQuery({ ...portfolioExplainOptions({ query }), enabled: target !== null });
}

/** Every position the scope has held, open, closed or all. */
export function usePositions(scope: PortfolioScope, status: "open" | "closed" | "all") {
  return useQuery({
    ...portfolioPositionsOptions({ query: { ...scopeQuery(scope), status } }),
    placeholderData: keepPreviousData,
  });
}

/** Open lots at a loss, the largest first, with the purchases that would make a sale a wash
 *  sale when `washSale` (loss harvesting). */
export function useLossLots(washSale: boolean) {
  return useQuery({
    ...portfolioLotsOptions({ query: { unrealized: "loss", wash_sale: washSale } }),
    placeholderData: keepPreviousData,
  });
}

/** The tax report of the tax year starting in `year` (the current tax year when null). */
export function useTaxReport(year: number | null) {
  return useQuery({
    ...portfolioTaxReportOptions({ query: year ? { year } : {} }),
    placeholderData: keepPreviousData,
  });
}

/** The tax report of a tax year as a CSV or PDF file. */
export function taxReportUrl(year: number, format: "csv" | "pdf"): string {
  return client.buildUrl({ url: "/api/v1/portfolio/tax-report", query: { year, format } });
}

// Downloads are plain links: the browser sends the session cookie and saves the attachment.

/** The holdings of a scope as a CSV file. */
export function holdingsCsvUrl(scope: PortfolioScope, group: HoldingsGroup): string {
  return client.buildUrl({
    url: "/api/v1/portfolio/holdings",
    query: { ...scopeQuery(scope), group, format: "csv" },
  });
}

/** The open lots of a scope (of one instrument when given) as a CSV file. */
export function lotsCsvUrl(scope: PortfolioScope, instrumentId: number | null = null): string {
  return client.buildUrl({
    url: "/api/v1/portfolio/lots",
    query: {
      ...scopeQuery(scope),
      ...(instrumentId ? { instrument_id: instrumentId } : {}),
      format: "csv",
    },
  });
}

/** The realized gains of a scope as a CSV file. */
export function realizedCsvUrl(scope: PortfolioScope, year: number | null = null): string {
  return client.buildUrl({
    url: "/api/v1/portfolio/realized",
    query: { ...scopeQuery(scope), ...(year ? { year } : {}), format: "csv" },
  });
}

/** A backup (JSON) or the transactions, holdings or realized gains as CSV. */
export function exportUrl(format: ExportFormat): string {
  return client.buildUrl({ url: "/api/v1/export", query: { format } });
}
