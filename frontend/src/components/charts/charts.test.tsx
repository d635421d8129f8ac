import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { theme } from "../../theme";
import { donutOption } from "./DonutChart";
import type { ChartPalette } from "./palette";
import { TimeSeriesChart, timeSeriesOption } from "./TimeSeriesChart";

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
vi.mock("./echarts", () => ({ echarts: { init: vi.fn(() => chart) } }));

const palette: ChartPalette = {
  text: "#111",
  muted: "#666",
  grid: "#eee",
  surface: "#fff",
  series: ["#a00", "#0a0"],
  gain: "#0b0",
  loss: "#b00",
};

const money = (value: number) => `€${value.toFixed(2)}`;
const day = (iso: string) => `day ${iso}`;

type Line = { name: string; data: [string, number | null][]; markPoint?: { data: unknown[] } };

describe("time-series chart", () => {
  const props = {
    ariaLabel: "Portfolio value",
    formatValue: money,
    formatDate: day,
    series: [
      {
        name: "Value",
        area: true,
        points: [
          { date: "2026-01-02", value: "1000.50" },
          { date: "2026-01-05", value: null },
          { date: "2026-01-06", value: "1010.25" },
        ],
      },
      { name: "Benchmark", points: [{ date: "2026-01-02", value: 1 }] },
    ],
    markers: [{ date: "2026-01-06", kind: "sell" as const, label: "Sell 5" }],
  };

  test("API decimal strings become numbers on a time axis, gaps stay gaps", () => {
    const option = timeSeriesOption(props, palette) as { series: Line[] };
    expect(option.series[0]?.data).toEqual([
      ["2026-01-02", 1000.5],
      ["2026-01-05", null],
      ["2026-01-06", 1010.25],
    ]);
    expect(option.series.map((s) => s.name)).toEqual(["Value", "Benchmark"]);
  });

  test("trades are marked on the first series, coloured by side", () => {
    const option = timeSeriesOption(props, palette) as { series: Line[] };
    expect(option.series[0]?.markPoint?.data).toEqual([
      {
        name: "Sell 5 · day 2026-01-06",
        coord: ["2026-01-06", 1010.25],
        itemStyle: { color: "#b00" },
      },
    ]);
    expect(option.series[1]?.markPoint).toBeUndefined();
  });

  test("axis labels use the app's formatting, and one series needs no legend", () => {
    const single = timeSeriesOption({ ...props, series: props.series.slice(0, 1) }, palette) as {
      legend?: unknown;
      yAxis: { axisLabel: { formatter: (v: number) => string } };
    };
    expect(single.legend).toBeUndefined();
    expect(single.yAxis.axisLabel.formatter(12.5)).toBe("€12.50");
  });

  test("the component hands its option to ECharts and labels the picture", () => {
    render(
      <MantineProvider theme={theme} env="test">
        <TimeSeriesChart {...props} />
      </MantineProvider>,
    );
    expect(screen.getByRole("img", { name: "Portfolio value" })).toBeInTheDocument();
    const [option] = chart.setOption.mock.calls.at(-1) ?? [];
    expect((option as { series: Line[] }).series[0]?.data[2]).toEqual(["2026-01-06", 1010.25]);
  });
});

describe("donut chart", () => {
  test("slices are shares of their total; empty and negative slices are left out", () => {
    const option = donutOption(
      {
        ariaLabel: "Allocation",
        formatValue: money,
        formatShare: (f) => `${(f * 100).toFixed(1)}%`,
        slices: [
          { name: "Equity", value: "750" },
          { name: "Bonds", value: "250" },
          { name: "Cash", value: "0" },
          { name: "Short", value: "-10" },
        ],
      },
      palette,
    ) as {
      series: { data: { name: string; value: number }[] }[];
      tooltip: { formatter: (item: { name: string; value: number }) => string };
    };
    expect(option.series[0]?.data).toEqual([
      { name: "Equity", value: 750 },
      { name: "Bonds", value: 250 },
    ]);
    expect(option.tooltip.formatter({ name: "Bonds", value: 250 })).toBe("Bonds: €250.00 (25.0%)");
  });
});
