import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { json, problem } from "../../test/fakeApi";
import { account, instrument, ledgerApi, transaction } from "../../test/ledgerApi";
import { findHeading, renderApp } from "../../test/renderApp";

const BROKER = account({ id: 1, name: "Broker", currency: "USD" });
const AAPL = instrument({ id: 7, symbol: "AAPL", name: "Apple Inc." });
const BUY = transaction({
  id: 11,
  type: "BUY",
  instrument_id: 7,
  quantity: "10",
  price: "187.44",
  currency: "USD",
});

const JOB = {
  id: "job1",
  kind: "market_refresh",
  total: 2,
  message: null,
  created_at: "2026-03-10T10:00:00Z",
  started_at: "2026-03-10T10:00:01Z",
  finished_at: null,
};

describe("the dashboard", () => {
  test("a new user is shown the first steps, and the demo fills the portfolio", async () => {
    const { api, db } = ledgerApi();
    api.on("POST", "/api/v1/demo", () => {
      db.accounts.push(BROKER);
      db.transactions.push(BUY);
      db.instruments.push(AAPL);
      return json(201, {
        accounts: 1,
        instruments: 1,
        transactions: 1,
        prices: 10,
        fx_rates: 0,
        first_date: "2020-01-02",
        last_date: "2024-02-16",
      });
    });
    api.on("GET", "/api/v1/instruments/7", json(200, AAPL));
    await renderApp(api, "/");
    await findHeading("Dashboard");
    await screen.findByText("Your portfolio starts here");
    expect(screen.getByRole("link", { name: "Add an account" })).toHaveAttribute(
      "href",
      "/accounts",
    );
    expect(screen.getByRole("link", { name: "Import transactions" })).toHaveAttribute(
      "href",
      "/import",
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Load the demo" }));

    await screen.findByText(/^1 accounts, 1 instruments and 1 transactions from Jan 2, 2020/);
    expect(api.callsTo("POST", "/api/v1/demo")).toHaveLength(1);
    await screen.findByRole("heading", { name: "Recent transactions" });
    expect(screen.queryByText("Your portfolio starts here")).toBeNull();
  });

  test("with an account but no transactions the first step is done and the demo is not offered", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    await renderApp(api, "/");
    await screen.findByText("Your portfolio starts here");
    expect(screen.getByText("· done")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load the demo" })).toBeNull();
  });

  test("old prices are listed with their last date and the reason", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    api.on(
      "GET",
      "/api/v1/market/status",
      json(200, {
        as_of: "2026-03-10",
        total: 1,
        items: [
          {
            instrument_id: 7,
            symbol: "AAPL",
            last_date: "2024-02-16",
            reason: "unreachable",
            message: "the provider could not be reached",
          },
        ],
      }),
    );
    await renderApp(api, "/");
    await screen.findByText("1 price is out of date");
    const list = screen.getByRole("list", { name: "Instruments with old prices" });
    expect(within(list).getByRole("listitem").textContent).toBe(
      "AAPL last close Feb 16, 2024 · provider unreachable",
    );
  });

  test("refreshing prices follows the job and lists what failed, symbol by symbol", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    let polls = 0;
    api
      .on("POST", "/api/v1/market/refresh", json(202, { job_id: "job1" }))
      .on("GET", "/api/v1/jobs/job1", () => {
        polls += 1;
        return polls === 1
          ? json(200, { ...JOB, status: "running", progress: 0.5, done: 1, errors: [] })
          : json(200, {
              ...JOB,
              status: "done",
              progress: 1,
              done: 2,
              message: "1 refreshed, 1 failed",
              finished_at: "2026-03-10T10:00:03Z",
              errors: [
                {
                  symbol: "AAPL",
                  instrument_id: 7,
                  reason: "unreachable",
                  message: "AAPL history: the provider could not be reached",
                },
              ],
            });
      });
    await renderApp(api, "/");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Refresh prices" }));
    expect(await screen.findByText("Refreshing 1 of 2…")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Refresh progress" })).toHaveAttribute(
      "aria-valuenow",
      "50",
    );
    await screen.findByText("1 of 2 could not be refreshed", {}, { timeout: 4000 });
    const errors = screen.getByRole("list", { name: "Refresh errors" });
    expect(within(errors).getByRole("listitem").textContent).toBe(
      "AAPL AAPL history: the provider could not be reached",
    );
    await waitFor(() => expect(polls).toBe(2));
  });

  test("a refresh that cannot start says why", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    api.on(
      "POST",
      "/api/v1/market/refresh",
      problem(503, "Service unavailable", "the database is busy"),
    );
    await renderApp(api, "/");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Refresh prices" }));
    expect(
      await screen.findByText("The refresh could not start: the database is busy"),
    ).toBeInTheDocument();
  });
});
