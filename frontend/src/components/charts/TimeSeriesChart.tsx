import { useMemo } from "react";
import { EChart } from "./EChart";
import type { EChartsCoreOption } from "./echarts";
import { type ChartPalette, useChartPalette } from "./palette";

export interface TimeSeries {
  name: string;
  /** Daily points; values may be the API's decimal strings; null leaves a gap. */
  points: { date: string; value: number | string | null }[];
  /** Fill the area under the line (the main series of a value chart). */
  area?: boolean;
}

export interface ChartMarker {
  date: string;
  kind: "buy" | "sell";
  label: string;
  /** Where to put it (e.g. the trade's price); else the first series' value of that day. */
  value?: number | string;
}

export interface TimeSeriesChartProps {
  series: TimeSeries[];
  formatValue: (value: number) => string;
  formatDate: (isoDate: string) => string;
  markers?: ChartMarker[];
  height?: number;
  ariaLabel: string;
}

function toNumber(value: number | string | null): number | null {
  if (value === null) return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** The ECharts option of a time-series chart (pure, so it can be tested without a canvas). */
export function timeSeriesOption(
  { series, formatValue, formatDate, markers = [] }: TimeSeriesChartProps,
  palette: ChartPalette,
): EChartsCoreOption {
  const first = series[0];
  return {
    animation: false,
    aria: { enabled: true },
    color: palette.series,
    grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    legend:
      series.length > 1
        ? { top: 0, left: 0, textStyle: { color: palette.text }, icon: "roundRect" }
        : undefined,
    tooltip: {
      trigger: "axis",
      backgroundColor: palette.surface,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      valueFormatter: (value: unknown) => (typeof value === "number" ? formatValue(value) : "—"),
    },
    xAxis: {
      type: "time",
      axisLine: { lineStyle: { color: palette.grid } },
      axisLabel: { color: palette.muted, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: {
      type: "value",
      scale: true,
      axisLabel: { color: palette.muted, formatter: (value: number) => formatValue(value) },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: series.map((s, index) => ({
      name: s.name,
      type: "line",
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: index === 0 ? 2 : 1.5 },
      areaStyle: s.area ? { opacity: 0.12 } : undefined,
      data: s.points.map((p) => [p.date, toNumber(p.value)]),
      markPoint:
        index === 0 && first && markers.length > 0
          ? {
              symbol: "circle",
              symbolSize: 9,
              label: { show: false },
              tooltip: { formatter: (item: { name: string }) => item.name },
              data: markers.map((m) => {
                const point = first.points.find((p) => p.date === m.date);
                return {
                  name: `${m.label} · ${formatDate(m.date)}`,
                  coord: [m.date, toNumber(m.value ?? point?.value ?? null)],
                  itemStyle: { color: m.kind === "buy" ? palette.gain : palette.loss },
                };
              }),
            }
          : undefined,
    })),
  };
}

/** Values over time (portfolio value, an index, a price), with optional buy/sell markers. */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const palette = useChartPalette();
  const option = useMemo(() => timeSeriesOption(props, palette), [props, palette]);
  return <EChart option={option} height={props.height ?? 300} ariaLabel={props.ariaLabel} />;
}
