import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import type { PerformancePublic } from "../../client/types.gen";
import { fmtUS, renderComponent } from "../../test/renderComponent";
import { barOption } from "../charts/BarChart";
import type { ChartPalette } from "../charts/palette";
import { RealizedGainsTable } from "../holdings/RealizedGainsTable";
import { AllocationCard, allocationSlices, sliceName } from "./AllocationCard";
import { continuousPeriods, IncomeCard, periodLabel } from "./IncomeCard";
import { PerformanceChartCard, performanceSeries } from "./PerformanceChartCard";
import { benchmarkReturn, PerformanceStats } from "./PerformanceStats";
import { changeDay, SummaryCards } from "./SummaryCards";
import { dayChangeShare, TopMovers, topMovers } from "./TopMovers";

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
vi.mock("../charts/echarts", () => ({ echarts: { init: vi.fn(() => chart) } }));

const palette: ChartPalette = {
  text: "#111",
  muted: "#666",
  grid: "#eee",
  surface: "#fff",
  series: ["#a00", "#0a0"],
  gain: "#0b0",
  loss: "#b00",
};

describe("summary cards", () => {
  test("the day change names its day when the last close is older than the last trading day", async () => {
    // Friday's close is current until Monday's close; Monday's on Tuesday.
    expect(changeDay("2026-03-08", "2026-03-06")).toBeNull();
    expect(changeDay("2026-03-09", "2026-03-06")).toBeNull();
    expect(changeDay("2026-03-10", "2026-03-09")).toBeNull();
    expect(changeDay("2026-03-10", "2026-03-06")).toBe("2026-03-06");
    expect(changeDay("2026-03-09", null)).toBeNull();
    expect(changeDay("", "2026-03-06")).toBeNull();
    await renderComponent(
      <SummaryCards
        fmt={fmtUS}
        summary={{
          market_value: "100.00",
          cost_basis: "90.00",
          cash: "0.00",
          unrealized_gain: "10.00",
          realized_gain: "0.00",
          income: "0.00",
          net_invested: "90.00",
          day_change: "2.00",
          day_change_date: "2024-02-16",
          as_of: "2026-03-10",
          twr: 0.1,
          mwr: 0.1,
          currency: "EUR",
        }}
      />,
    );
    const card = await screen.findByRole("group", { name: "Change on Feb 16, 2024" });
    expect(within(card).getByText("+€2.00")).toBeInTheDocument();
  });

  test("show value, the day's change, the gain since inception and both returns", async () => {
    await renderComponent(
      <SummaryCards
        fmt={fmtUS}
        summary={{
          market_value: "12500.00",
          cost_basis: "9000.00",
          cash: "500.00",
          unrealized_gain: "3000.00",
          realized_gain: "250.00",
          income: "120.00",
          net_invested: "9200.00",
          day_change: "-125.00",
          day_change_date: "2026-03-06",
          as_of: "2026-03-08",
          twr: 0.2345,
          mwr: 0.1876,
          currency: "EUR",
        }}
      />,
    );
    const value = await screen.findByRole("group", { name: "Total value" });
    expect(within(value).getByText("€12,500.00")).toBeInTheDocument();
    expect(within(value).getByText("€500.00")).toBeInTheDocument();
    expect(within(value).getByText("€9,200.00")).toBeInTheDocument();
    const today = screen.getByRole("group", { name: "Today" });
    expect(within(today).getByText("-€125.00")).toBeInTheDocument();
    // −125 of the 12,625 held at the previous close.
    expect(within(today).getByText("-0.99%")).toBeInTheDocument();
    const gain = screen.getByRole("group", { name: "Total gain" });
    // 12,500 − 9,200 put in.
    expect(within(gain).getByText("+€3,300.00")).toBeInTheDocument();
    expect(within(gain).getByText("+€3,000.00")).toBeInTheDocument();
    expect(within(gain).getByText("+€250.00")).toBeInTheDocument();
    expect(within(gain).getByText("€120.00")).toBeInTheDocument();
    const ret = screen.getByRole("group", { name: "Return" });
    expect(within(ret).getByText("+23.45%")).toBeInTheDocument();
    expect(within(ret).getByText("+18.76% p.a.")).toBeInTheDocument();
  });

  test("stand in as skeletons while the summary loads", async () => {
    await renderComponent(<SummaryCards fmt={fmtUS} summary={null} />);
    expect(await screen.findByLabelText("Loading Total value")).toBeInTheDocument();
    expect(screen.getAllByLabelText(/^Loading /)).toHaveLength(4);
  });
});

const PERFORMANCE: PerformancePublic = {
  start: "2026-01-01",
  end: "2026-01-06",
  currency: "EUR",
  twr: 0.05,
  twr_annualized: null,
  mwr: 0.4012,
  absolute_gain: 50,
  volatility: 0.1631,
  sharpe: 1.0840642516417802,
  sortino: 1.6190759708567937,
  max_drawdown: -0.0454545,
  max_drawdown_peak: "2026-01-02",
  max_drawdown_trough: "2026-01-05",
  beta: 0.7638859706173242,
  series: [
    { date: "2026-01-02", value: 1000, net_invested: 1000, twr_index: 1.1, drawdown: 0 },
    { date: "2026-01-05", value: 1100, net_invested: 1050, twr_index: 1.05, drawdown: -0.0454545 },
  ],
  benchmark: {
    instrument_id: 9,
    symbol: "VWCE.DE",
    series: [
      { date: "2026-01-02", value: null },
      { date: "2026-01-05", value: 1.021 },
    ],
  },
  warnings: [],
};

describe("performance chart", () => {
  test("value and net invested; the return since the start beside the benchmark; the drawdown", () => {
    const colors = { loss: "#b00" };
    const value = performanceSeries("value", PERFORMANCE.series, null, colors);
    expect(value.map((s) => [s.name, s.points.map((p) => p.value)])).toEqual([
      ["Value", [1000, 1100]],
      ["Net invested", [1000, 1050]],
    ]);
    const returns = performanceSeries(
      "performance",
      PERFORMANCE.series,
      PERFORMANCE.benchmark,
      colors,
    );
    expect(returns.map((s) => s.name)).toEqual(["Portfolio", "VWCE.DE"]);
    expect(returns[0]?.points.map((p) => p.value)).toEqual([
      0.10000000000000009, 0.050000000000000044,
    ]);
    // The benchmark has no close before its first one: a gap, not a zero.
    expect(returns[1]?.points.map((p) => p.value)).toEqual([null, 0.020999999999999908]);
    const drawdown = performanceSeries("drawdown", PERFORMANCE.series, null, colors);
    expect(drawdown).toEqual([
      {
        name: "Drawdown",
        area: true,
        color: "#b00",
        points: [
          { date: "2026-01-02", value: 0 },
          { date: "2026-01-05", value: -0.0454545 },
        ],
      },
    ]);
  });

  test("what qualifies the figures is said once, below them", async () => {
    const message =
      "8 days of the period started from a value of zero or below (tracked cash below zero, or a " +
      "history without its deposits): no return can be measured for them and they count as 0 %";
    await renderComponent(
      <PerformanceStats
        performance={{
          ...PERFORMANCE,
          warnings: [{ code: "return_days_skipped", message, days: 8 }],
        }}
        fmt={fmtUS}
      />,
    );
    const note = screen.getByRole("note", { name: "About these returns" });
    expect(note).toHaveTextContent(message);
  });

  test("the period's returns and risk are listed, with the benchmark's beta and return", async () => {
    await renderComponent(<PerformanceStats performance={PERFORMANCE} fmt={fmtUS} />);
    const list = await screen.findByLabelText("Returns and risk in this period");
    const terms = within(list)
      .getAllByRole("term")
      .map((term) => term.textContent);
    const values = within(list)
      .getAllByRole("definition")
      .map((definition) => definition.textContent);
    expect(Object.fromEntries(terms.map((term, index) => [term, values[index]]))).toEqual({
      "Time-weighted return": "+5.00%not annualised",
      "Money-weighted return": "+40.12%a year (internal rate)",
      Gain: "+€50.00after money in and out",
      "Max drawdown": "-4.55%Jan 2, 2026 → Jan 5, 2026",
      Volatility: "16.31%a year",
      "Sharpe ratio": "1.08",
      "Sortino ratio": "1.62",
      "Beta to VWCE.DE": "0.76VWCE.DE +2.10%",
    });
    expect(benchmarkReturn(null)).toBeNull();
  });

  test("range and view pickers report the choice", async () => {
    const onRange = vi.fn();
    const onView = vi.fn();
    await renderComponent(
      <PerformanceChartCard
        performance={PERFORMANCE}
        loading={false}
        range="1Y"
        onRangeChange={onRange}
        view="value"
        onViewChange={onView}
        benchmarkPicker={null}
        fmt={fmtUS}
        lossColor="#b00"
      />,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole("radio", { name: "YTD" }));
    expect(onRange).toHaveBeenCalledWith("YTD");
    await user.click(screen.getByRole("radio", { name: "Drawdown" }));
    expect(onView).toHaveBeenCalledWith("drawdown");
    expect(screen.getByRole("img", { name: "Portfolio value over time" })).toBeInTheDocument();
  });
});

describe("allocation", () => {
  test("lists slices largest first with their amount and share, and switches the split", async () => {
    const onBy = vi.fn();
    await renderComponent(
      <AllocationCard
        by="asset_class"
        onByChange={onBy}
        fmt={fmtUS}
        currency="EUR"
        loading={false}
        slices={allocationSlices("asset_class", [
          { key: "cash", label: null, market_value: "2500", weight: 0.25 },
          { key: "equity", label: null, market_value: "7500", weight: 0.75 },
        ])}
      />,
    );
    const table = await screen.findByRole("table", { name: "Allocation by asset class" });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((row) => row.textContent)).toEqual([
      "Stock€7,500.0075.0%",
      "Cash€2,500.0025.0%",
    ]);
    const user = userEvent.setup();
    await user.click(screen.getByRole("combobox", { name: "Split by" }));
    await user.click(await screen.findByRole("option", { name: "Currency" }));
    expect(onBy).toHaveBeenCalledWith("currency");
  });

  test("slices are named by account or symbol, and what has no key is said plainly", () => {
    const slice = (key: string | number | null, label: string | null = null) => ({
      key,
      label,
      market_value: "1",
      weight: 0.5,
    });
    expect(sliceName("account", slice(2, "Demo depot (EUR)"))).toBe("Demo depot (EUR)");
    expect(sliceName("instrument", slice(3, "ASML.AS"))).toBe("ASML.AS");
    expect(sliceName("instrument", slice(null))).toBe("Cash");
    expect(sliceName("sector", slice(null))).toBe("Unclassified");
    expect(sliceName("country", slice("Netherlands"))).toBe("Netherlands");
    expect(sliceName("asset_class", slice("real_estate"))).toBe("Real estate");
  });
});

describe("top movers", () => {
  const movers = [
    { instrument_id: 1, symbol: "AAPL", day_change: "20", market_value: "1020" },
    { instrument_id: 2, symbol: "MSFT", day_change: "-50", market_value: "950" },
    { instrument_id: 3, symbol: "BOND", day_change: "0", market_value: "500" },
  ];

  test("the largest moves by percentage come first; still ones are left out", async () => {
    expect(dayChangeShare({ day_change: "-50", market_value: "950" })).toBeCloseTo(-0.05, 12);
    expect(topMovers(movers, 5).map((m) => m.symbol)).toEqual(["MSFT", "AAPL"]);
    await renderComponent(<TopMovers movers={movers} fmt={fmtUS} currency="EUR" />);
    const list = await screen.findByRole("list", { name: "Top movers today" });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      "MSFT€950.00-5.00%-€50.00",
      "AAPL€1,020.00+2.00%+€20.00",
    ]);
    expect(within(list).getByRole("link", { name: "MSFT" })).toHaveAttribute("href", "/holdings/2");
  });

  test("with stale prices the movers name the day they moved on", async () => {
    await renderComponent(
      <TopMovers movers={movers} fmt={fmtUS} currency="EUR" day="2024-02-16" />,
    );
    expect(
      await screen.findByRole("heading", { name: "Top movers on Feb 16, 2024" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Top movers on Feb 16, 2024" })).toBeInTheDocument();
  });
});

describe("income", () => {
  const rows = [
    { period: "2024-01", gross: "12.50", withholding: "1.875", net: "10.625" },
    { period: "2024-03", gross: "20", withholding: "3", net: "17" },
  ];

  test("months without income are filled in, the latest kept", () => {
    expect(continuousPeriods(rows).map((r) => [r.period, r.gross])).toEqual([
      ["2024-01", "12.50"],
      ["2024-02", "0"],
      ["2024-03", "20"],
    ]);
    expect(continuousPeriods(rows, 2).map((r) => r.period)).toEqual(["2024-02", "2024-03"]);
    expect(
      continuousPeriods([
        { period: "2022", gross: "1", withholding: "0", net: "1" },
        { period: "2024", gross: "2", withholding: "0", net: "2" },
      ]).map((r) => r.period),
    ).toEqual(["2022", "2023", "2024"]);
    expect(continuousPeriods([])).toEqual([]);
  });

  test("gross beside net per month, months named in the user's locale", async () => {
    expect(periodLabel("2024-02", "en-US")).toBe("Feb 2024");
    expect(periodLabel("2024-02", "de-DE")).toBe("Feb. 2024");
    expect(periodLabel("2024", "en-US")).toBe("2024");
    const onGroup = vi.fn();
    await renderComponent(
      <IncomeCard
        fmt={fmtUS}
        currency="EUR"
        loading={false}
        group="month"
        onGroupChange={onGroup}
        rows={rows}
      />,
    );
    expect((await screen.findByText(/net of €32.50 gross since Jan 2024/)).textContent).toBe(
      "€27.63 net of €32.50 gross since Jan 2024",
    );
    const [option] = chart.setOption.mock.calls.at(-1) ?? [];
    const chartOption = option as {
      xAxis: { data: string[] };
      series: { name: string; data: number[]; stack?: string }[];
    };
    expect(chartOption.xAxis.data).toEqual(["Jan 2024", "Feb 2024", "Mar 2024"]);
    expect(chartOption.series.map((s) => [s.name, s.data, s.stack])).toEqual([
      ["Gross", [12.5, 0, 20], undefined],
      ["Net", [10.625, 0, 17], undefined],
    ]);
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: "Year" }));
    expect(onGroup).toHaveBeenCalledWith("year");
  });

  test("the bar chart's axes use the app's formatting", () => {
    const option = barOption(
      {
        ariaLabel: "x",
        categories: ["2024-01"],
        series: [{ name: "Dividends", values: ["3.5"] }],
        formatValue: (v) => `€${v.toFixed(2)}`,
        formatAxis: (v) => `€${v}`,
        formatCategory: (c) => `month ${c}`,
      },
      palette,
    ) as {
      legend?: unknown;
      xAxis: { axisLabel: { formatter: (c: string) => string } };
      yAxis: { axisLabel: { formatter: (v: number) => string } };
      tooltip: { valueFormatter: (v: unknown) => string };
    };
    expect(option.legend).toBeUndefined();
    expect(option.xAxis.axisLabel.formatter("2024-01")).toBe("month 2024-01");
    expect(option.yAxis.axisLabel.formatter(3.5)).toBe("€3.5");
    expect(option.tooltip.valueFormatter(3.5)).toBe("€3.50");
  });
});

describe("realized gains", () => {
  test("one row per closed lot, gains signed", async () => {
    await renderComponent(
      <RealizedGainsTable
        fmt={fmtUS}
        currency="USD"
        accountName={(id) => (id === 1 ? "Broker" : "?")}
        rows={[
          {
            account_id: 1,
            instrument_id: 7,
            symbol: "AAPL",
            acquired: "2020-01-03",
            sold: "2023-07-31",
            quantity: "30",
            proceeds: "5892.50",
            cost: "2230.73",
            gain: "3661.77",
            holding_days: 1305,
            term: "long",
            lot_id: 101,
            transaction_id: 140,
          },
        ]}
      />,
    );
    const table = await screen.findByRole("table", { name: "Realized gains" });
    const cells = within(table)
      .getAllByRole("cell")
      .map((cell) => cell.textContent);
    expect(cells).toEqual([
      "Jan 3, 2020",
      "Jul 31, 2023",
      "Broker",
      "30",
      "$5,892.50",
      "$2,230.73",
      "+$3,661.77",
    ]);
  });
});
