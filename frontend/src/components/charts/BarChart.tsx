import { useMemo } from "react";
import { EChart } from "./EChart";
import type { EChartsCoreOption } from "./echarts";
import { type ChartPalette, useChartPalette } from "./palette";

export interface BarSeries {
  name: string;
  /** One value per category; the API's decimal strings are accepted. */
  values: (number | string | null)[];
}

export interface BarChartProps {
  categories: string[];
  series: BarSeries[];
  formatValue: (value: number) => string;
  /** The value axis' labels, when shorter than the tooltip's (e.g. "€1.2K"). */
  formatAxis?: (value: number) => string;
  formatCategory?: (category: string) => string;
  /** Stack the series into one bar per category. */
  stacked?: boolean;
  height?: number;
  ariaLabel: string;
}

function toNumber(value: number | string | null): number | null {
  if (value === null) return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** The ECharts option of a bar chart (pure, so it can be tested without a canvas). */
export function barOption(
  {
    categories,
    series,
    formatValue,
    formatAxis = formatValue,
    formatCategory = (c) => c,
    stacked = false,
  }: BarChartProps,
  palette: ChartPalette,
): EChartsCoreOption {
  return {
    animation: false,
    aria: { enabled: true },
    color: palette.series,
    grid: { left: 8, right: 8, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    legend:
      series.length > 1
        ? { top: 0, left: 0, textStyle: { color: palette.text }, icon: "roundRect" }
        : undefined,
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      backgroundColor: palette.surface,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      valueFormatter: (value: unknown) => (typeof value === "number" ? formatValue(value) : "—"),
    },
    xAxis: {
      type: "category",
      data: categories,
      axisLine: { lineStyle: { color: palette.grid } },
      axisLabel: { color: palette.muted, hideOverlap: true, formatter: formatCategory },
    },
    yAxis: {
      type: "value",
      axisLabel: { color: palette.muted, formatter: (value: number) => formatAxis(value) },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: series.map((s) => ({
      name: s.name,
      type: "bar",
      stack: stacked ? "total" : undefined,
      barMaxWidth: 28,
      itemStyle: { borderRadius: stacked ? 0 : [3, 3, 0, 0] },
      data: s.values.map(toNumber),
    })),
  };
}

/** Amounts per period or category (income by month, …). */
export function BarChart(props: BarChartProps) {
  const palette = useChartPalette();
  const option = useMemo(() => barOption(props, palette), [props, palette]);
  return <EChart option={option} height={props.height ?? 240} ariaLabel={props.ariaLabel} />;
}
