import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { json, problem } from "../../test/fakeApi";
import { account, instrument, ledgerApi, transaction } from "../../test/ledgerApi";
import { PERFORMANCE, SUMMARY, withPortfolio } from "../../test/portfolioApi";
import { findHeading, renderApp } from "../../test/renderApp";

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
vi.mock("../charts/echarts", () => ({ echarts: { init: vi.fn(() => chart) } }));

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
    withPortfolio(api);
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

  test("old prices of held instruments are listed with their last date and the reason", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    const stale = (instrument_id: number, symbol: string, last_date: string) => ({
      instrument_id,
      symbol,
      last_date,
      reason: "unreachable",
      message: "the provider could not be reached",
    });
    withPortfolio(api).on(
      "GET",
      "/api/v1/portfolio/summary",
      json(200, {
        ...SUMMARY,
        stale: [
          stale(7, "AAPL", "2024-02-16"),
          stale(8, "MSFT", "2024-02-16"),
          stale(9, "SHEL.L", "2024-02-15"),
        ],
      }),
    );
    await renderApp(api, "/");
    await screen.findByText("3 prices are out of date");
    const list = screen.getByRole("list", { name: "Instruments with old prices" });
    // Those of the same day and reason share a line.
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([
      "AAPL, MSFT last close Feb 16, 2024 · provider unreachable",
      "SHEL.L last close Feb 15, 2024 · provider unreachable",
    ]);
  });

  test("what qualifies the figures is shown once above them, the stale prices left to their note", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    const warning = (code: string, message: string, extra: object = {}) => ({
      code,
      message,
      instrument_id: null,
      account_id: null,
      pair: null,
      since: null,
      days: null,
      amount: null,
      currency: null,
      ...extra,
    });
    withPortfolio(api).on(
      "GET",
      "/api/v1/portfolio/summary",
      json(200, {
        ...SUMMARY,
        warnings: [
          warning("price_stale", "The price of AAPL is stale: entered by hand", {
            instrument_id: 7,
          }),
          warning("rate_carried_forward", "The GBP/EUR rate used is of 2026-10-30", {
            pair: "GBP/EUR",
          }),
          warning("rate_missing", "No exchange rate connects TWD to EUR: left out", {
            pair: "TWD/EUR",
            amount: "1000.00",
            currency: "TWD",
          }),
        ],
      }),
    );
    await renderApp(api, "/");
    const note = await screen.findByRole("region", { name: "About these figures" });
    expect(
      within(note).getByText("Some holdings are left out of these figures"),
    ).toBeInTheDocument();
    // What leaves something out comes first; the stale price is not repeated here.
    expect(
      within(note)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([
      "No exchange rate connects TWD to EUR: left out Exchange rates",
      "The GBP/EUR rate used is of 2026-10-30 Exchange rates",
    ]);
    expect(within(note).getAllByRole("link", { name: "Exchange rates" })[0]).toHaveAttribute(
      "href",
      "/settings/exchange-rates",
    );
    expect(within(note).getByRole("link", { name: "See the data health report" })).toHaveAttribute(
      "href",
      "/data-health",
    );
  });

  test("a portfolio's figures, chart, allocation, movers and income, in the user's currency", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    withPortfolio(api);
    await renderApp(api, "/");
    const value = await screen.findByRole("group", { name: "Total value" });
    expect(within(value).getByText("€120,189.11")).toBeInTheDocument();
    const today = screen.getByRole("group", { name: "Today" });
    // 676.47 of the 119,512.64 at the previous close.
    expect(within(today).getByText("+€676.47")).toBeInTheDocument();
    expect(within(today).getByText("+0.57%")).toBeInTheDocument();
    // 120,189.11 − 40,208.19 put in.
    expect(
      within(screen.getByRole("group", { name: "Total gain" })).getByText("+€79,980.92"),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole("group", { name: "Return" })).getByText("+221.48%"),
    ).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Portfolio value over time" })).toBeInTheDocument();
    const allocation = screen.getByRole("table", { name: "Allocation by asset class" });
    expect(within(allocation).getAllByRole("row")[0]?.textContent).toBe("Stock€68,250.3556.8%");
    const movers = screen.getByRole("list", { name: "Top movers today" });
    expect(
      within(movers)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["ASML.AS€34,984.00+1.60%+€552.00", "AAPL€8,465.36-0.84%-€71.97"]);
    expect(screen.getByText(/net of €49.68 gross since Jan 2026/)).toBeInTheDocument();
    // Every report asked for the whole portfolio in the base currency, performance since the start.
    const performance = api.callsTo("GET", "/api/v1/portfolio/performance")[0];
    expect(performance?.query.toString()).toBe("range=MAX");
    expect(api.callsTo("GET", "/api/v1/portfolio/holdings")[0]?.query.toString()).toBe(
      "group=instrument",
    );
  });

  test("the account filter, the currency, the range and the benchmark narrow every report", async () => {
    const IRA = account({ id: 2, name: "IRA", currency: "USD" });
    const VWCE = instrument({ id: 9, symbol: "VWCE.DE", name: "FTSE All-World", currency: "EUR" });
    const { api } = ledgerApi({
      accounts: [BROKER, IRA],
      instruments: [AAPL, VWCE],
      transactions: [BUY],
    });
    withPortfolio(api).on("GET", "/api/v1/portfolio/performance", (request) =>
      json(200, {
        ...PERFORMANCE,
        ...(request.query.get("benchmark") === "9"
          ? {
              beta: 0.7638859706173242,
              benchmark: {
                instrument_id: 9,
                symbol: "VWCE.DE",
                series: [
                  { date: "2026-03-05", value: 1 },
                  { date: "2026-03-10", value: 1.0125 },
                ],
              },
            }
          : {}),
      }),
    );
    const { router } = await renderApp(api, "/");
    await screen.findByRole("group", { name: "Total value" });
    const user = userEvent.setup();

    await user.click(screen.getByRole("combobox", { name: "Accounts" }));
    await user.click(await screen.findByRole("option", { name: "IRA" }));
    await waitFor(() =>
      expect(
        api.callsTo("GET", "/api/v1/portfolio/summary").at(-1)?.query.getAll("account_id"),
      ).toEqual(["2"]),
    );
    expect(router.state.location.search).toMatchObject({ account: [2] });
    // The recent transactions are the IRA's too (it has none), and the full list keeps the filter.
    await screen.findByText("No transactions in these accounts yet.");
    expect(screen.getByRole("link", { name: "All 0" })).toHaveAttribute(
      "href",
      "/transactions?account=%5B2%5D",
    );

    await user.click(screen.getByRole("combobox", { name: "Reporting currency" }));
    await user.click(await screen.findByRole("option", { name: /^USD/ }));
    await waitFor(() =>
      expect(api.callsTo("GET", "/api/v1/portfolio/allocation").at(-1)?.query.toString()).toBe(
        "account_id=2&currency=USD&by=asset_class",
      ),
    );

    await user.click(screen.getAllByRole("radio", { name: "1Y" })[0] as HTMLElement);
    await waitFor(() =>
      expect(api.callsTo("GET", "/api/v1/portfolio/performance").at(-1)?.query.get("range")).toBe(
        "1Y",
      ),
    );

    await user.click(screen.getByRole("combobox", { name: "Benchmark" }));
    await user.paste("vwce");
    await user.click(await screen.findByRole("option", { name: "VWCE.DE — FTSE All-World" }));
    // A benchmark is compared on returns: the chart turns to them, with the beta below.
    await screen.findByRole("img", { name: "Cumulative return over time" });
    expect(api.callsTo("GET", "/api/v1/portfolio/performance").at(-1)?.query.toString()).toBe(
      "account_id=2&currency=USD&range=1Y&benchmark=9",
    );
    const figures = screen.getByLabelText("Returns and risk in this period");
    expect(within(figures).getByText("Beta to VWCE.DE")).toBeInTheDocument();
    expect(within(figures).getByText("0.76")).toBeInTheDocument();
  });

  test("figures that cannot be worked out say why", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    withPortfolio(api).on(
      "GET",
      "/api/v1/portfolio/summary",
      problem(409, "Missing exchange rate", "no USD/EUR rate on or before 2020-01-02"),
    );
    await renderApp(api, "/");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Your portfolio's figures could not be loaded");
    expect(alert.textContent).toContain("no USD/EUR rate on or before 2020-01-02");
  });

  test("refreshing prices follows the job and lists what failed, symbol by symbol", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    withPortfolio(api);
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
    withPortfolio(api);
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
