import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { createFormatter } from "../../format";
import { json, problem } from "../../test/fakeApi";
import { account, instrument, ledgerApi, transaction } from "../../test/ledgerApi";
import { holding, lot, lotList, REALIZED, withPortfolio } from "../../test/portfolioApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";
import { heldFor } from "./LotsCard";
import { validatePrice } from "./ManualPricesCard";
import { tradeMarkers } from "./PriceChartCard";
import { splitLabel } from "./SplitsCard";

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
vi.mock("../charts/echarts", () => ({ echarts: { init: vi.fn(() => chart) } }));

const FUND = instrument({
  id: 5,
  symbol: "MYFUND",
  name: "My World Fund",
  currency: "EUR",
  data_source: "manual",
  is_own: true,
});
const DEPOT = account({ id: 1, name: "Depot" });
const BUY = transaction({
  id: 1,
  type: "BUY",
  instrument_id: 5,
  quantity: "10",
  price: "101.5",
  date: "2026-03-02",
});
const SELL = transaction({
  id: 2,
  type: "SELL",
  instrument_id: 5,
  quantity: "4",
  price: "104",
  date: "2026-03-05",
});

function instrumentApi() {
  const session = ledgerApi({
    accounts: [DEPOT, account({ id: 2, name: "Pension" })],
    instruments: [FUND],
    transactions: [BUY, SELL],
  });
  withPortfolio(session.api, [
    holding({
      account_id: 1,
      instrument_id: 5,
      symbol: "MYFUND",
      quantity: "6",
      average_cost: "101.5",
      cost_basis: "609.00",
      price: "104.20",
      market_value: "625.20",
      unrealized_gain: "16.20",
      unrealized_gain_pct: 0.026600985221674877,
    }),
    holding({
      account_id: 2,
      instrument_id: 5,
      symbol: "MYFUND",
      quantity: "2.5",
      average_cost: "100",
      cost_basis: "250.00",
      price: "104.20",
      market_value: "260.50",
      unrealized_gain: "10.50",
      unrealized_gain_pct: 0.042,
    }),
    holding({ account_id: 1, instrument_id: 9, symbol: "OTHER", market_value: "999" }),
  ]);
  session.api
    .on(
      "GET",
      "/api/v1/instruments/5/prices",
      json(200, {
        items: [
          { date: "2026-03-02", close: "101.00", source: "manual" },
          { date: "2026-03-05", close: "104.20", source: "manual" },
        ],
        total: 2,
      }),
    )
    .on("GET", "/api/v1/instruments/5/splits", json(200, { items: [], total: 0 }))
    .on(
      "GET",
      "/api/v1/portfolio/realized",
      json(200, {
        ...REALIZED,
        items: [
          ...REALIZED.items,
          {
            account_id: 1,
            instrument_id: 5,
            symbol: "MYFUND",
            acquired: "2026-03-02",
            sold: "2026-03-05",
            quantity: "4",
            proceeds: "416.00",
            cost: "406.00",
            gain: "10.00",
          },
        ],
        total: 3,
      }),
    )
    .on(
      "GET",
      "/api/v1/portfolio/lots",
      json(
        200,
        lotList(
          [
            lot({
              account_id: 1,
              instrument_id: 5,
              symbol: "MYFUND",
              acquired: "2025-01-15",
              days_held: 419,
              quantity: "2",
              unit_cost: "98.5",
              cost_basis: "197.00",
              price: "104.20",
              market_value: "208.40",
              unrealized_gain: "11.40",
              unrealized_gain_pct: 0.05786802030456853,
            }),
            lot({
              account_id: 1,
              instrument_id: 5,
              symbol: "MYFUND",
              acquired: "2026-03-02",
              days_held: 8,
              quantity: "4",
              unit_cost: "103",
              cost_basis: "412.00",
              price: "104.20",
              market_value: "416.80",
              unrealized_gain: "4.80",
              unrealized_gain_pct: 0.011650485436893204,
            }),
            lot({
              account_id: 2,
              instrument_id: 5,
              symbol: "MYFUND",
              acquired: "2025-11-03",
              days_held: 127,
              quantity: "2.5",
              unit_cost: "100",
              cost_basis: "250.00",
              price: "104.20",
              market_value: "260.50",
              unrealized_gain: "10.50",
              unrealized_gain_pct: 0.042,
            }),
          ],
          "average",
        ),
      ),
    )
    .on("PUT", "/api/v1/instruments/5/prices", (request) =>
      json(200, { items: request.body, total: 1 }),
    );
  return session;
}

describe("the instrument page", () => {
  test("shows the position in each account and the realized gains of this instrument alone", async () => {
    const { api } = instrumentApi();
    await renderApp(api, "/holdings/5");
    await findHeading("MYFUND");
    const positions = await screen.findByRole("table", { name: "Positions in MYFUND" });
    expect(
      within(positions)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual([
      "AccountQuantityAvg costCost basisValueGain",
      "Depot6€101.50€609.00€625.20+€16.20 (+2.66%)",
      "Pension2.5€100.00€250.00€260.50+€10.50 (+4.20%)",
      // 26.70 on 859.00 of cost.
      "Total8.5€859.00€885.70+€26.70 (+3.11%)",
    ]);
    expect(screen.getByText(/^8.5 units in 2 accounts/)).toBeInTheDocument();
    const realized = await screen.findByRole("table", { name: "Realized gains" });
    expect(
      within(realized)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["Mar 2, 2026", "Mar 5, 2026", "Depot", "4", "€416.00", "€406.00", "+€10.00"]);
    expect(screen.getByText("1 sale · +€10.00")).toBeInTheDocument();
  });

  test("lists the open lots with their dates, costs per unit and gains", async () => {
    const { api } = instrumentApi();
    await renderApp(api, "/holdings/5");
    await findHeading("MYFUND");
    const lots = await screen.findByRole("table", { name: "Open lots of MYFUND" });
    expect(
      within(lots)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual([
      "AcquiredAccountUnitsCost per unitCost basisValueGain",
      "Jan 15, 20251 year 1 monthDepot2€98.50€197.00€208.40+€11.40 (+5.79%)",
      "Mar 2, 20268 daysDepot4€103.00€412.00€416.80+€4.80 (+1.17%)",
      "Nov 3, 20254 monthsPension2.5€100.00€250.00€260.50+€10.50 (+4.20%)",
    ]);
    expect(screen.getByText("3 lots")).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Download the lots of MYFUND as CSV" }),
    ).toHaveAttribute(
      "href",
      `${window.location.origin}/api/v1/portfolio/lots?instrument_id=5&format=csv`,
    );
    expect(screen.getByText("Moving average")).toBeInTheDocument();
    const asked = api.callsTo("GET", "/api/v1/portfolio/lots")[0];
    expect(asked?.query.get("instrument_id")).toBe("5");
  });

  test("shows the instrument, its chart with trades marked at their prices, and its transactions", async () => {
    const { api } = instrumentApi();
    await renderApp(api, "/holdings/5");
    await findHeading("MYFUND");
    expect(screen.getByText("Prices entered by hand")).toBeInTheDocument();
    expect(await screen.findByText("Last close €104.20 on Mar 5, 2026")).toBeInTheDocument();
    await screen.findByRole("img", { name: "Closing prices of MYFUND, buys and sells marked" });
    await waitFor(() => expect(chart.setOption).toHaveBeenCalled());
    const [option] = chart.setOption.mock.calls.at(-1) ?? [];
    const series = (option as { series: { markPoint?: { data: { coord: unknown }[] } }[] }).series;
    expect(series[0]?.markPoint?.data.map((m) => m.coord)).toEqual([
      ["2026-03-02", 101.5],
      ["2026-03-05", 104],
    ]);
    const table = await screen.findByRole("table", { name: "Transactions" });
    expect(within(table).getAllByRole("row")).toHaveLength(3);
  });

  test("a close entered by hand is stored with the exact decimal typed", async () => {
    const { api } = instrumentApi();
    await renderApp(api, "/holdings/5");
    await findHeading("MYFUND");
    const form = await screen.findByRole("form", { name: "Add a closing price" });
    const user = userEvent.setup();
    await fill(user, within(form).getByLabelText(/^Date/), "2026-03-06");
    await fill(user, within(form).getByRole("textbox", { name: "Close" }), "105,125");
    await user.click(within(form).getByRole("button", { name: "Save price" }));
    await screen.findByText("MYFUND closed at €105.125 on Mar 6, 2026.");
    expect(api.callsTo("PUT", "/api/v1/instruments/5/prices")[0]?.body).toEqual([
      { date: "2026-03-06", close: "105.125" },
    ]);
  });

  test("a provider instrument takes your own closes, saved and removed as your own", async () => {
    const session = instrumentApi();
    const apple = instrument({ id: 7, symbol: "AAPL", name: "Apple", currency: "USD" });
    session.api.on("GET", "/api/v1/instruments/7", json(200, apple));
    const own = [{ date: "2026-03-05", close: "170.10" }];
    session.api
      .on("GET", "/api/v1/instruments/7/prices", json(200, { items: [], total: 0 }))
      .on("GET", "/api/v1/instruments/7/splits", json(200, { items: [], total: 0 }))
      .on(
        "GET",
        "/api/v1/instruments/7/prices/own",
        json(200, { instrument_id: 7, items: own, total: 1 }),
      )
      .on("PUT", "/api/v1/instruments/7/prices/own", (request) =>
        json(200, { instrument_id: 7, items: request.body, total: 1 }),
      )
      .on("DELETE", "/api/v1/instruments/7/prices/own", () => ({ status: 204, body: null }));
    const { api } = session;
    await renderApp(api, "/holdings/7");
    await findHeading("AAPL");
    expect(screen.queryByRole("form", { name: "Add a closing price" })).not.toBeInTheDocument();
    const listed = await screen.findByRole("table", { name: "Your own closes" });
    expect(within(listed).getAllByRole("cell")[1]?.textContent).toBe("$170.10");

    const form = screen.getByRole("form", { name: "Add your own close" });
    const user = userEvent.setup();
    await fill(user, within(form).getByLabelText(/^Date/), "2026-03-06");
    await fill(user, within(form).getByRole("textbox", { name: "Close" }), "171.5");
    await user.click(within(form).getByRole("button", { name: "Save close" }));
    await screen.findByText("Your close of AAPL on Mar 6, 2026 is $171.50.");
    expect(api.callsTo("PUT", "/api/v1/instruments/7/prices/own")[0]?.body).toEqual([
      { date: "2026-03-06", close: "171.5" },
    ]);

    await user.click(screen.getByRole("button", { name: "Remove your close of Mar 5, 2026" }));
    await screen.findByText("Your close of AAPL on Mar 5, 2026 is removed");
    const removed = api.callsTo("DELETE", "/api/v1/instruments/7/prices/own")[0];
    expect(removed?.query.get("date")).toBe("2026-03-05");
  });

  test("an unknown instrument is a page that does not exist", async () => {
    const { api } = instrumentApi();
    api.on("GET", "/api/v1/instruments/99", problem(404, "Not found", "instrument 99 not found"));
    await renderApp(api, "/holdings/99");
    expect(
      await screen.findByRole("heading", { name: "This page does not exist" }),
    ).toBeInTheDocument();
  });
});

describe("instrument helpers", () => {
  const fmt = createFormatter({ locale: "en-US", currency: "EUR" });

  test("only buys and sells with a price become markers", () => {
    const dividend = transaction({ id: 3, type: "DIVIDEND", amount: "5", instrument_id: 5 });
    expect(tradeMarkers([BUY, SELL, dividend], fmt)).toEqual([
      { date: "2026-03-02", kind: "buy", value: "101.5", label: "Buy 10 at €101.50" },
      { date: "2026-03-05", kind: "sell", value: "104", label: "Sell 4 at €104.00" },
    ]);
  });

  test("a price needs a past date and a non-negative number", () => {
    expect(validatePrice({ date: "2026-03-06", close: "1,5" }, "2026-03-10")).toEqual({});
    expect(validatePrice({ date: "2026-03-11", close: "-1" }, "2026-03-10")).toEqual({
      date: "The date must not be in the future",
      close: "Must not be negative",
    });
    expect(validatePrice({ date: "", close: "" }, "2026-03-10")).toEqual({
      date: "Enter the date",
      close: "Enter the closing price",
    });
  });

  test("a lot's age reads in days, months or years and months", () => {
    const held = (acquired: string, asOf: string, days: number) => heldFor(acquired, asOf, days);
    expect(held("2026-03-10", "2026-03-10", 0)).toBe("0 days");
    expect(held("2026-03-09", "2026-03-10", 1)).toBe("1 day");
    expect(held("2026-02-11", "2026-03-10", 27)).toBe("27 days");
    expect(held("2026-02-10", "2026-03-10", 28)).toBe("1 month");
    expect(held("2025-03-11", "2026-03-10", 364)).toBe("11 months");
    expect(held("2025-03-10", "2026-03-10", 365)).toBe("1 year");
    expect(held("2024-02-29", "2025-02-28", 365)).toBe("11 months");
    expect(held("2025-01-15", "2026-03-10", 419)).toBe("1 year 1 month");
    expect(held("2023-01-10", "2026-03-10", 1155)).toBe("3 years 2 months");
  });

  test("splits read as new-for-old units", () => {
    expect(splitLabel({ numerator: 4, denominator: 1 })).toBe("4-for-1");
    expect(splitLabel({ numerator: 1, denominator: 10 })).toBe("1-for-10");
  });
});
