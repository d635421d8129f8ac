import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { fmtUS, renderComponent } from "../../test/renderComponent";
import { barOption } from "../charts/BarChart";
import type { ChartPalette } from "../charts/palette";
import { RealizedGainsTable } from "../holdings/RealizedGainsTable";
import { AllocationCard } from "./AllocationCard";
import { IncomeCard, periodLabel } from "./IncomeCard";
import { PerformanceChartCard, performanceSeries } from "./PerformanceChartCard";
import { SummaryCards } from "./SummaryCards";
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
          twr: 0.2345,
          mwr: 0.1876,
          currency: "EUR",
        }}
      />,
    );
    const value = await screen.findByRole("group", { name: "Total value" });
    expect(within(value).getByText("€12,500.00")).toBeInTheDocument();
    expect(within(value).getByText("Cash €500.00")).toBeInTheDocument();
    const today = screen.getByRole("group", { name: "Today" });
    expect(within(today).getByText("-€125.00")).toBeInTheDocument();
    // −125 of the 12,625 held at the previous close.
    expect(within(today).getByText("-0.99%")).toBeInTheDocument();
    const gain = screen.getByRole("group", { name: "Total gain" });
    // 12,500 − 9,200 put in.
    expect(within(gain).getByText("+€3,300.00")).toBeInTheDocument();
    expect(within(gain).getByText("+€3,000.00 unrealized")).toBeInTheDocument();
    const ret = screen.getByRole("group", { name: "Return" });
    expect(within(ret).getByText("+23.45%")).toBeInTheDocument();
    expect(within(ret).getByText("+18.76% money-weighted")).toBeInTheDocument();
  });

  test("stand in as skeletons while the summary loads", async () => {
    await renderComponent(<SummaryCards fmt={fmtUS} summary={null} />);
    expect(await screen.findByLabelText("Loading Total value")).toBeInTheDocument();
    expect(screen.getAllByLabelText(/^Loading /)).toHaveLength(4);
  });
});

describe("performance chart", () => {
  const points = [
    { date: "2026-01-02", value: "1000", net_invested: "1000", twr_index: 1 },
    { date: "2026-01-05", value: "1100", net_invested: "1050", twr_index: 1.05 },
  ];

  test("the value view charts value and net invested; the return view starts at 0", () => {
    expect(performanceSeries("value", points).map((s) => s.name)).toEqual([
      "Value",
      "Net invested",
    ]);
    const returns = performanceSeries("return", points, {
      name: "MSCI World",
      points: [
        { date: "2026-01-02", value: 200 },
        { date: "2026-01-05", value: 210 },
      ],
    });
    expect(returns[0]?.points.map((p) => p.value)).toEqual([0, 0.050000000000000044]);
    expect(returns[1]?.name).toBe("MSCI World");
    expect(returns[1]?.points.map((p) => p.value)).toEqual([0, 0.050000000000000044]);
  });

  test("range and benchmark pickers report the choice", async () => {
    const onRange = vi.fn();
    const onBenchmark = vi.fn();
    await renderComponent(
      <PerformanceChartCard
        points={points}
        range="1Y"
        onRangeChange={onRange}
        view="value"
        onViewChange={() => {}}
        benchmarks={[{ id: 9, label: "VWCE.DE — FTSE All-World" }]}
        benchmarkId={null}
        onBenchmarkChange={onBenchmark}
        fmt={fmtUS}
        currency="EUR"
        loading={false}
      />,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByText("YTD"));
    expect(onRange).toHaveBeenCalledWith("YTD");
    await user.click(screen.getByRole("combobox", { name: "Benchmark" }));
    await user.click(await screen.findByRole("option", { name: "VWCE.DE — FTSE All-World" }));
    expect(onBenchmark).toHaveBeenCalledWith(9);
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
        slices={[
          { name: "Bond", value: "2500", weight: 0.25 },
          { name: "Stock", value: "7500", weight: 0.75 },
        ]}
      />,
    );
    const table = await screen.findByRole("table", { name: "Allocation by asset class" });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((row) => row.textContent)).toEqual([
      "Stock€7,500.0075.0%",
      "Bond€2,500.0025.0%",
    ]);
    const user = userEvent.setup();
    await user.click(screen.getByRole("combobox", { name: "Split by" }));
    await user.click(await screen.findByRole("option", { name: "Currency" }));
    expect(onBy).toHaveBeenCalledWith("currency");
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
      "MSFT-€50.00-5.00%",
      "AAPL+€20.00+2.00%",
    ]);
    expect(within(list).getByRole("link", { name: "MSFT" })).toHaveAttribute("href", "/holdings/2");
  });
});

describe("income by month", () => {
  test("stacks dividends and interest per month, months named in the user's locale", async () => {
    expect(periodLabel("2024-02", "en-US")).toBe("Feb 2024");
    expect(periodLabel("2024-02", "de-DE")).toBe("Feb. 2024");
    expect(periodLabel("2024", "en-US")).toBe("2024");
    await renderComponent(
      <IncomeCard
        fmt={fmtUS}
        currency="EUR"
        loading={false}
        rows={[
          { period: "2024-01", dividends: "12.50", interest: "0.75" },
          { period: "2024-02", dividends: "0", interest: "1.10" },
        ]}
      />,
    );
    expect(await screen.findByText("€14.35 in 2 months")).toBeInTheDocument();
    const [option] = chart.setOption.mock.calls.at(-1) ?? [];
    const series = (option as { series: { name: string; data: number[]; stack?: string }[] })
      .series;
    expect(series.map((s) => [s.name, s.data, s.stack])).toEqual([
      ["Dividends", [12.5, 0], "total"],
      ["Interest", [0.75, 1.1], "total"],
    ]);
  });

  test("the bar chart's axes use the app's formatting", () => {
    const option = barOption(
      {
        ariaLabel: "x",
        categories: ["2024-01"],
        series: [{ name: "Dividends", values: ["3.5"] }],
        formatValue: (v) => `€${v.toFixed(2)}`,
        formatCategory: (c) => `month ${c}`,
      },
      palette,
    ) as {
      legend?: unknown;
      xAxis: { axisLabel: { formatter: (c: string) => string } };
      yAxis: { axisLabel: { formatter: (v: number) => string } };
    };
    expect(option.legend).toBeUndefined();
    expect(option.xAxis.axisLabel.formatter("2024-01")).toBe("month 2024-01");
    expect(option.yAxis.axisLabel.formatter(3.5)).toBe("€3.50");
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
