import { QueryClient } from "@tanstack/react-query";
import { describe, expect, test } from "vitest";
import { isProviderDown } from "./instruments";
import { invalidateOperations, LEDGER_QUERIES, operationOf } from "./invalidate";
import { isFinished } from "./market";
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
      "transactionsListTransactions",
      "transactionsListTransactions",
    ]);
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
