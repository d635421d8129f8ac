import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { createFormatter } from "../../format";
import { json } from "../../test/fakeApi";
import { account, instrument, ledgerApi, transaction } from "../../test/ledgerApi";
import { EXPLAIN, POSITIONS, withPortfolio } from "../../test/portfolioApi";
import { findHeading, renderApp } from "../../test/renderApp";
import { waterfallBars } from "../charts/WaterfallChart";
import { bridgeSteps, rankedRows } from "./ExplainDrawer";
import { explainSentences, mwrOverPeriod, whyReturnsDiffer } from "./sentences";

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
vi.mock("../charts/echarts", () => ({ echarts: { init: vi.fn(() => chart) } }));

const fmt = createFormatter({ locale: "en-US", currency: "EUR" });

function portfolioApi() {
  const session = ledgerApi({
    accounts: [account({ id: 1, name: "Broker", currency: "USD" })],
    instruments: [instrument({ id: 7, symbol: "AAPL", name: "Apple Inc." })],
    transactions: [transaction({ id: 11, type: "BUY", instrument_id: 7, quantity: "10" })],
  });
  withPortfolio(session.api);
  return session;
}

describe("the value bridge", () => {
  test("the waterfall floats each change from the running total", () => {
    const bars = waterfallBars(bridgeSteps(EXPLAIN));
    expect(bars.map((bar) => [bar.label, bar.low, bar.high, bar.kind])).toEqual([
      ["Start", 0, 0, "total"],
      ["Money in", 0, 1000, "gain"],
      ["Income", 1000, 1012, "gain"],
      ["Fees & taxes", 1008.2, 1012, "loss"],
      ["Prices", 1008.2, 1268.5, "gain"],
      ["Currencies", 1240.5, 1268.5, "loss"],
      ["End", 0, 1240.5, "total"],
    ]);
    // Below zero too: a loss from 100 to −50 floats from −50 to 100.
    const below = waterfallBars([
      { label: "Start", kind: "total", value: 100 },
      { label: "Prices", kind: "change", value: -150 },
      { label: "End", kind: "total", value: -50 },
    ]);
    expect(below.map((bar) => [bar.low, bar.high])).toEqual([
      [0, 100],
      [-50, 100],
      [-50, 0],
    ]);
  });

  test("the returns' difference is told from its sign", () => {
    // A year: 20 % a year is 20 % over it.
    expect(mwrOverPeriod(0.2, "2025-01-01", "2026-01-01")).toBeCloseTo(0.2, 10);
    const year = { ...EXPLAIN, start: "2025-01-01", end: "2026-01-01" };
    expect(whyReturnsDiffer({ ...year, twr: 0.1, mwr: 0.02 }, fmt)).toBe(
      "Over this period your money earned +2.00%, the investments +10.00%. Yours is lower because more of your money was invested while they did worse: money added before a fall, or taken out before a rise.",
    );
    expect(whyReturnsDiffer({ ...year, twr: 0.1, mwr: 0.18 }, fmt)).toMatch(
      /^Over .* Yours is higher/,
    );
    expect(whyReturnsDiffer({ ...year, twr: 0.1, mwr: 0.102 }, fmt)).toMatch(/They agree/);
    expect(whyReturnsDiffer({ ...year, mwr: null }, fmt)).toMatch(/^There is no money-weighted/);
  });

  test("money in speaks of the holding when one holding is explained", () => {
    const money = (bridge: typeof EXPLAIN) =>
      explainSentences(bridge, fmt).find((sentence) => sentence.term === "Money in")?.text;
    expect(money(EXPLAIN)).toMatch(/^€1,000.00 in and €0.00 out: deposits and withdrawals/);
    expect(money({ ...EXPLAIN, instrument_id: 7 })).toMatch(
      /^€1,000.00 went into this holding \(its buys/,
    );
    expect(money({ ...EXPLAIN, inflows: "0", outflows: "0", net_flows: "0" })).toBe(
      "No money came in or went out in this period.",
    );
  });

  test("holdings are ranked by the size of their gain or loss, cash left out", () => {
    const [holding, cash] = EXPLAIN.by_instrument ?? [];
    if (!holding || !cash) throw new Error("the fixture has a holding and cash");
    const rows = rankedRows([
      { ...holding, instrument_id: 1, absolute_gain: "10.00" },
      { ...holding, instrument_id: 2, absolute_gain: "-50.00" },
      cash,
    ]);
    expect(rows.map((row) => row.instrument_id)).toEqual([2, 1]);
  });

  test("the dashboard's total gain opens the bridge of the whole portfolio", async () => {
    const { api } = portfolioApi();
    await renderApp(api, "/");
    await findHeading("Dashboard");
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Explain the total gain" }, { timeout: 5000 }),
    );

    const drawer = await screen.findByRole(
      "dialog",
      { name: "Where the gain of your portfolio comes from" },
      { timeout: 5000 },
    );
    const parts = await within(drawer).findByRole(
      "table",
      { name: "The parts of the change in value" },
      { timeout: 5000 },
    );
    expect(
      within(parts)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual([
      "Start value€0.00",
      "Money in, net+€1,000.00",
      "Income (gross)+€12.00",
      "Fees-€2.00",
      "Taxes-€1.80",
      "Prices+€260.30",
      "Currencies-€28.00",
      "End value€1,240.50",
      "Gain+€240.50",
    ]);
    expect(
      within(drawer).getByText(/^\+€240\.50: the end value minus the start value/),
    ).toBeVisible();
    expect(within(drawer).getByText(/dashboard's income is after it/)).toBeVisible();
    const holdings = within(drawer).getByRole("table", { name: "The gain of each holding" });
    expect(
      within(holdings)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual([
      "HoldingGainPricesCurrenciesIncome − costs",
      "AAPL+€250.00+€260.30-€18.50+€8.20",
      "Cash-€9.50€0.00-€9.50€0.00",
    ]);
    const asked = api.callsTo("GET", "/api/v1/portfolio/explain")[0];
    expect(asked?.query.get("range")).toBe("MAX");
    expect(asked?.query.get("detail")).toBe("instrument");
  });

  test("a holding's row explains that holding alone, and closed positions are listed", async () => {
    const { api } = portfolioApi();
    api.on(
      "GET",
      "/api/v1/portfolio/positions",
      json(200, {
        ...POSITIONS,
        items: [
          {
            instrument_id: 9,
            symbol: "OLDCO",
            status: "closed",
            quantity: "0",
            first_trade: "2020-02-03",
            last_trade: "2023-06-30",
            bought: "1001.00",
            sold: "1250.00",
            income: "30.00",
            fees: "2.00",
            taxes: "4.50",
            realized_gain: "249.00",
            cost_basis: "0.00",
            market_value: "0.00",
            unrealized_gain: "0.00",
            twr: 0.31,
            mwr: 0.082,
          },
        ],
        total: 1,
      }),
    );
    await renderApp(api, "/holdings");
    await findHeading("Holdings");
    const closed = await screen.findByRole(
      "table",
      { name: "Closed positions" },
      { timeout: 5000 },
    );
    expect(
      within(closed)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual([
      "OLDCO",
      "Feb 3, 2020 → Jun 30, 2023",
      "€1,001.00",
      "€1,250.00",
      "€30.00",
      "€6.50",
      "+€279.00",
      "+31.00% · +8.20%",
    ]);

    const user = userEvent.setup();
    const holdings = screen.getByRole("table", { name: "Holdings" });
    await user.click(within(holdings).getByRole("button", { name: "Explain the gain of AAPL" }));
    await screen.findByRole(
      "dialog",
      { name: "Where the gain of AAPL comes from" },
      { timeout: 5000 },
    );
    const asked = api.callsTo("GET", "/api/v1/portfolio/explain").at(-1);
    expect(asked?.query.get("instrument_id")).toBe("7");
    expect(asked?.query.get("detail")).toBeNull();
  });
});
