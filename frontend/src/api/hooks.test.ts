import { QueryClient } from "@tanstack/react-query";
import { describe, expect, test } from "vitest";
import * as generated from "../client/@tanstack/react-query.gen";
import { configureApiClient } from "./client";
import { refusedImportResult } from "./imports";
import { isProviderDown } from "./instruments";
import {
  invalidateOperations,
  LEDGER_QUERIES,
  MARKET_QUERIES,
  operationOf,
  PORTFOLIO_QUERIES,
} from "./invalidate";
import { isFinished } from "./market";
import { exportUrl, holdingsCsvUrl, lotsCsvUrl, realizedCsvUrl, scopeQuery } from "./portfolio";
import { ApiError, problemFromResponse } from "./problem";

describe("what a failed symbol lookup means", () => {
  test("502 and 503, or a provider problem type, mean the provider cannot be asked now", () => {
    const unavailable = problemFromResponse(503, {
      type: "https://pms.invalid/problems/provider-unavailable",
      title: "Market data provider unavailable",
      detail: "symbol search: the provider could not be reached",
    });
    expect(isProviderDown(unavailable)).toBe(true);
    expect(isProviderDown(problemFromResponse(502, { title: "Bad gateway" }))).toBe(true);
    expect(
      isProviderDown(
        new ApiError({
          status: 500,
          title: "x",
          detail: "",
          type: "https://pms.invalid/problems/provider-error",
        }),
      ),
    ).toBe(true);
    expect(isProviderDown(problemFromResponse(422, { title: "Validation failed" }))).toBe(false);
    expect(isProviderDown(new Error("boom"))).toBe(false);
  });
});

describe("refreshing cached answers after a change", () => {
  test("every cached answer of the named operations is marked stale, whatever its parameters", async () => {
    const client = new QueryClient();
    const key = (id: string, query?: object) => [
      { _id: id, baseUrl: "", ...(query ? { query } : {}) },
    ];
    client.setQueryData(key("transactionsListTransactions", { limit: 25 }), { total: 1 });
    client.setQueryData(key("transactionsListTransactions", { limit: 1, account_id: [2] }), {});
    client.setQueryData(key("usersListUsers"), {});
    client.setQueryData(key("portfolioSummary", { currency: "USD" }), {});
    client.setQueryData(key("instrumentsListInstruments"), {});
    client.setQueryData(["something-else"], {});
    expect(operationOf(key("accountsListAccounts"))).toBe("accountsListAccounts");
    expect(operationOf(["plain"])).toBeUndefined();

    await invalidateOperations(client, LEDGER_QUERIES);
    const invalidated = client
      .getQueryCache()
      .getAll()
      .filter((query) => query.state.isInvalidated)
      .map((query) => operationOf(query.queryKey) ?? String(query.queryKey[0]));
    expect(invalidated.sort()).toEqual([
      "portfolioSummary",
      "transactionsListTransactions",
      "transactionsListTransactions",
    ]);
  });

  test("ledger and market changes both make every portfolio report out of date", () => {
    // Every report of the generated client, so a new one cannot be left out of date.
    const reports = Object.keys(generated)
      .filter((name) => /^portfolio\w+Options$/.test(name))
      .map((name) => name.replace(/Options$/, ""));
    expect(reports).toContain("portfolioLots");
    expect([...PORTFOLIO_QUERIES].sort()).toEqual(reports.sort());
    for (const operation of PORTFOLIO_QUERIES) {
      expect(LEDGER_QUERIES).toContain(operation);
      expect(MARKET_QUERIES).toContain(operation);
    }
  });

  test("a job is finished when done or failed, not while queued or running", () => {
    const job = (status: "queued" | "running" | "done" | "failed") =>
      ({ status }) as Parameters<typeof isFinished>[0];
    expect([job("queued"), job("running"), job("done"), job("failed")].map(isFinished)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(isFinished(undefined)).toBe(false);
  });
});

describe("what the portfolio reports are asked for", () => {
  test("a scope's accounts are sent once each, in order; no accounts and no currency send nothing", () => {
    expect(scopeQuery({ accountIds: [3, 1, 3], currency: "USD" })).toEqual({
      account_id: [1, 3],
      currency: "USD",
    });
    expect(scopeQuery({ accountIds: [], currency: null })).toEqual({});
  });

  test("downloads are links to the API on the page's own origin", () => {
    configureApiClient();
    const origin = window.location.origin;
    expect(holdingsCsvUrl({ accountIds: [2, 1], currency: "CHF" }, "instrument")).toBe(
      `${origin}/api/v1/portfolio/holdings?account_id=1&account_id=2&currency=CHF&group=instrument&format=csv`,
    );
    expect(realizedCsvUrl({ accountIds: [], currency: null }, 2024)).toBe(
      `${origin}/api/v1/portfolio/realized?year=2024&format=csv`,
    );
    expect(lotsCsvUrl({ accountIds: [3], currency: null }, 7)).toBe(
      `${origin}/api/v1/portfolio/lots?account_id=3&instrument_id=7&format=csv`,
    );
    expect(exportUrl("pms-json")).toBe(`${origin}/api/v1/export?format=pms-json`);
  });
});

describe("a refused import", () => {
  test("carries the row report in its problem document", () => {
    const result = {
      format: "pms-csv",
      counts: { rows: 2, invalid: 1 },
      rows: [{ line: 3, status: "invalid", transactions: [], prices: [], errors: [] }],
    };
    const refused = problemFromResponse(422, {
      type: "https://pms.invalid/problems/import-refused",
      title: "Import refused",
      status: 422,
      detail: "1 of 2 rows were refused; nothing was written.",
      errors: [{ field: "line.3.quantity", message: "must be positive", code: "invalid" }],
      result,
    });
    expect(refusedImportResult(refused)).toEqual(result);
    expect(refused.messageFor("line.3.quantity")).toBe("must be positive");
    // Without a report (another 422, a 409) there is nothing to preview.
    expect(
      refusedImportResult(problemFromResponse(422, { title: "Validation failed" })),
    ).toBeNull();
    expect(refusedImportResult(problemFromResponse(409, { title: "Conflict", result }))).toBeNull();
    expect(refusedImportResult(new Error("boom"))).toBeNull();
  });
});
