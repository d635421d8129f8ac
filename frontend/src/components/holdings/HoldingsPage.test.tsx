import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { json } from "../../test/fakeApi";
import { account, instrument, ledgerApi } from "../../test/ledgerApi";
import {
  AAPL_BROKER,
  AAPL_IRA,
  ASML_IRA,
  holding,
  holdingList,
  withPortfolio,
} from "../../test/portfolioApi";
import { findHeading, renderApp } from "../../test/renderApp";
import { holdingsTotals } from "./HoldingsTable";
import { filterHoldings, parseHoldingsSearch, sortHoldings } from "./search";

const BROKER = account({ id: 1, name: "Broker", currency: "USD" });
const IRA = account({ id: 2, name: "IRA", currency: "EUR" });
const AAPL = instrument({ id: 7, symbol: "AAPL", name: "Apple Inc." });
const ASML = instrument({ id: 3, symbol: "ASML.AS", name: "ASML Holding N.V.", currency: "EUR" });

const names = {
  instrument: (id: number) =>
    id === 7 ? "Apple Inc." : id === 3 ? "ASML Holding N.V." : undefined,
  account: (id: number | null) => (id === 1 ? "Broker" : id === 2 ? "IRA" : undefined),
};

function setUp() {
  const { api } = ledgerApi({ accounts: [BROKER, IRA], instruments: [AAPL, ASML] });
  withPortfolio(api, [AAPL_BROKER, AAPL_IRA, ASML_IRA]);
  api.on("GET", "/api/v1/portfolio/holdings", (request) =>
    json(
      200,
      request.query.get("group") === "instrument"
        ? holdingList([
            holding({
              ...AAPL_BROKER,
              account_id: null,
              quantity: "60",
              market_value: "10158.4323922734",
              cost_basis: "4727.8751233516",
              unrealized_gain: "5430.5572689218",
              unrealized_gain_pct: 1.1486,
              weight: 0.08452,
              day_change: "-86.3670133729",
            }),
            ASML_IRA,
          ])
        : holdingList([AAPL_BROKER, AAPL_IRA, ASML_IRA]),
    ),
  );
  return api;
}

function rowsOf(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map(
      (row) => row.getAttribute("data-holding") ?? (row.hasAttribute("data-totals") ? "total" : ""),
    );
}

describe("the holdings table", () => {
  test("sums the rows exactly and works out the shares from the sums", () => {
    const totals = holdingsTotals([AAPL_BROKER, ASML_IRA]);
    expect(totals).toMatchObject({
      market_value: "43449.3603268945",
      cost_basis: "15258.6751233516",
      unrealized_gain: "28190.6852035429",
      day_change: "480.0274888559",
    });
    // 28,190.6852035429 / 15,258.6751233516
    expect(totals.unrealized_gain_pct).toBeCloseTo(1.8475185411347, 12);
    expect(totals.weight).toBeCloseTo(0.3615082938537559, 12);
    // 480.0274888559 of the 42,969.3328380386 at the previous close.
    expect(totals.day_change_pct).toBeCloseTo(0.0111713973001451, 12);
    expect(holdingsTotals([]).unrealized_gain_pct).toBeNull();
  });

  test("filters on symbol, name and account, every word; sorts figures and names, blanks last", () => {
    const noPrice = holding({
      account_id: null,
      instrument_id: 9,
      symbol: "NEW",
      price: null,
      day_change: null,
    });
    const rows = [AAPL_BROKER, ASML_IRA, AAPL_IRA, noPrice];
    expect(filterHoldings(rows, "apple ira", names).map((r) => r.account_id)).toEqual([2]);
    expect(filterHoldings(rows, "  ", names)).toHaveLength(4);
    expect(sortHoldings(rows, "day_change", "asc", names).map((r) => r.symbol)).toEqual([
      "AAPL",
      "AAPL",
      "ASML.AS",
      "NEW",
    ]);
    expect(sortHoldings(rows, "price", "desc", names).map((r) => r.symbol)).toEqual([
      "ASML.AS",
      "AAPL",
      "AAPL",
      "NEW",
    ]);
    expect(sortHoldings(rows, "account", "asc", names).map((r) => r.account_id)).toEqual([
      null,
      1,
      2,
      2,
    ]);
  });

  test("the address keeps only valid choices and leaves the defaults out", () => {
    expect(
      parseHoldingsSearch({
        group: "instrument",
        account: [2, "x"],
        currency: "usd",
        sort: "market_value",
        dir: "desc",
        q: "ap",
      }),
    ).toEqual({ group: "instrument", account: [2], q: "ap" });
    expect(parseHoldingsSearch({ sort: "symbol", dir: "desc", group: "bogus" })).toEqual({
      sort: "symbol",
      dir: "desc",
    });
  });
});

describe("the holdings page", () => {
  test("lists positions largest first with their figures and a totals row", async () => {
    const api = setUp();
    await renderApp(api, "/holdings");
    await findHeading("Holdings");
    const table = await screen.findByRole("table", { name: "Holdings" });
    expect(rowsOf(table)).toEqual(["ASML.AS", "AAPL", "AAPL", "total"]);
    const first = within(table).getAllByRole("row")[1] as HTMLElement;
    expect(
      within(first)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual([
      "ASML.ASASML Holding N.V.",
      "IRA",
      "40€298.07",
      "€874.60Mar 9, 2026",
      "€34,984.0029.1%",
      "+€23,061.20+193.42%",
      "+€552.00+1.60%",
    ]);
    const totals = table.querySelector("[data-totals]") as HTMLElement;
    expect(totals.textContent).toBe(
      "Total · 3 holdings€45,142.4337.6%+€28,491.76+171.11%+€465.63+1.04%",
    );
    expect(within(first).getByRole("link", { name: "ASML.AS" })).toHaveAttribute(
      "href",
      "/holdings/3",
    );
    expect(api.callsTo("GET", "/api/v1/portfolio/holdings")[0]?.query.toString()).toBe(
      "group=position",
    );
  });

  test("lists the tracked cash after the positions, so the weights add up to 100 %", async () => {
    const { api } = ledgerApi({ accounts: [BROKER, IRA], instruments: [AAPL, ASML] });
    withPortfolio(api, [ASML_IRA]);
    api.on("GET", "/api/v1/portfolio/holdings", () =>
      json(
        200,
        holdingList([{ ...ASML_IRA, weight: 0.9 }], "EUR", [
          {
            account_id: 1,
            currency: "USD",
            balance: "4200.50",
            market_value: "3887.12",
            weight: 0.1,
            fx_rate: "0.9254",
          },
          {
            account_id: 2,
            currency: "EUR",
            balance: "-250.00",
            market_value: "-250.00",
            weight: null,
            fx_rate: "1",
          },
        ]),
      ),
    );
    await renderApp(api, "/holdings");
    const table = await screen.findByRole("table", { name: "Holdings" });
    const usd = table.querySelector('[data-cash="USD"]') as HTMLElement;
    expect(usd.textContent).toBe("Cash · USD$4,200.50Broker€3,887.1210.0%");
    const eur = table.querySelector('[data-cash="EUR"]') as HTMLElement;
    expect(eur.textContent).toBe("Cash · EURIRA-€250.00below zero");
    const totals = table.querySelector("[data-totals]") as HTMLElement;
    expect(totals.textContent).toContain("Total · 1 holding and cash€38,621.12100.0%");
  });

  test("sorts by a column, filters by text, and groups per instrument", async () => {
    const api = setUp();
    const { router } = await renderApp(api, "/holdings");
    const table = await screen.findByRole("table", { name: "Holdings" });
    const user = userEvent.setup();

    await user.click(within(table).getByRole("button", { name: "Sort by instrument" }));
    expect(rowsOf(table)).toEqual(["AAPL", "AAPL", "ASML.AS", "total"]);
    expect(
      within(table).getByRole("button", { name: "Sort by instrument" }).closest("th"),
    ).toHaveAttribute("aria-sort", "ascending");
    await user.click(within(table).getByRole("button", { name: "Sort by today" }));
    // Today's change, largest first: ASML +552, then AAPL −14.39 and −71.97.
    expect(rowsOf(table)).toEqual(["ASML.AS", "AAPL", "AAPL", "total"]);
    expect(
      within(table)
        .getAllByRole("row")
        .slice(2, 4)
        .map((row) => within(row).getAllByRole("cell")[1]?.textContent),
    ).toEqual(["IRA", "Broker"]);

    await user.type(screen.getByRole("textbox", { name: "Search holdings" }), "broker");
    await waitFor(() => expect(rowsOf(table)).toEqual(["AAPL", "total"]));
    expect(router.state.location.search).toMatchObject({ q: "broker", sort: "day_change" });
    await user.type(screen.getByRole("textbox", { name: "Search holdings" }), " nothing");
    await screen.findByText("No holding matches “broker nothing”");
    await user.click(screen.getByRole("button", { name: "Show every holding" }));

    await user.click(screen.getByRole("radio", { name: "Per instrument" }));
    await waitFor(() =>
      expect(api.callsTo("GET", "/api/v1/portfolio/holdings").at(-1)?.query.get("group")).toBe(
        "instrument",
      ),
    );
    const grouped = await screen.findByRole("table", { name: "Holdings" });
    await waitFor(() => expect(rowsOf(grouped)).toEqual(["ASML.AS", "AAPL", "total"]));
    // One row per instrument has no account column.
    expect(within(grouped).queryByRole("button", { name: "Sort by account" })).toBeNull();
  });

  test("the account filter and the currency go to the API, and the CSV link follows them", async () => {
    const api = setUp();
    await renderApp(api, "/holdings?account=%5B2%5D&currency=USD&group=instrument");
    await screen.findByRole("table", { name: "Holdings" });
    expect(api.callsTo("GET", "/api/v1/portfolio/holdings")[0]?.query.toString()).toBe(
      "account_id=2&currency=USD&group=instrument",
    );
    expect(screen.getByRole("link", { name: "Download CSV" })).toHaveAttribute(
      "href",
      `${window.location.origin}/api/v1/portfolio/holdings?account_id=2&currency=USD&group=instrument&format=csv`,
    );
  });

  test("with nothing held it says how a holding appears", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    withPortfolio(api, []);
    await renderApp(api, "/holdings");
    await screen.findByText("No holdings yet");
    expect(screen.getByRole("link", { name: "Go to transactions" })).toHaveAttribute(
      "href",
      "/transactions",
    );
  });
});
