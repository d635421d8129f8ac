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
  /** A colour of its own (e.g. the loss colour of a drawdown); else the palette's next. */
  color?: string;
  /** A dashed line, for a reference (what was put in, a benchmark). */
  dashed?: boolean;
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
  /** The value axis' labels, when shorter than the tooltip's (e.g. "€120K"). */
  formatAxis?: (value: number) => string;
  formatDate: (isoDate: string) => string;
  /** The locale of the date axis' labels (the user's); the browser's when left out. */
  locale?: string;
  markers?: ChartMarker[];
  height?: number;
  ariaLabel: string;
}

const DAY_MS = 86_400_000;

/**
 * A date axis label in the user's locale, as detailed as the span needs: "Jan 2021" over more
 * than a year, "Mar 5" over shorter spans.
 */
export function axisDateLabel(time: number, spanDays: number, locale?: string): string {
  const options: Intl.DateTimeFormatOptions =
    spanDays > 400
      ? { month: "short", year: "numeric", timeZone: "UTC" }
      : { month: "short", day: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(locale, options).format(new Date(time));
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

interface TooltipItem {
  marker?: string;
  seriesName?: string;
  value?: [string, number | null];
}

/** The days the series cover, first to last. */
function spanInDays(series: TimeSeries[]): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    const from = s.points[0]?.date;
    const to = s.points.at(-1)?.date;
    if (from) first = Math.min(first, Date.parse(from));
    if (to) last = Math.max(last, Date.parse(to));
  }
  return Number.isFinite(first) && Number.isFinite(last) ? (last - first) / DAY_MS : 0;
}

function toNumber(value: number | string | null): number | null {
  if (value === null) return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** The ECharts option of a time-series chart (pure, so it can be tested without a canvas). */
export function timeSeriesOption(
  {
    series,
    formatValue,
    formatAxis = formatValue,
    formatDate,
    locale,
    markers = [],
  }: TimeSeriesChartProps,
  palette: ChartPalette,
): EChartsCoreOption {
  const first = series[0];
  const span = spanInDays(series);
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
      // The day in the user's format, then each series' value (names escaped: they are data).
      formatter: (params: TooltipItem | TooltipItem[]) => {
        const items = Array.isArray(params) ? params : [params];
        const day = items[0]?.value?.[0];
        const rows = items.map((item) => {
          const value = item.value?.[1];
          const text = typeof value === "number" ? formatValue(value) : "—";
          return `<div style="display:flex;justify-content:space-between;gap:20px"><span>${item.marker ?? ""}${escapeHtml(item.seriesName ?? "")}</span><b>${escapeHtml(text)}</b></div>`;
        });
        return [day ? `<div>${escapeHtml(formatDate(day))}</div>` : "", ...rows].join("");
      },
    },
    xAxis: {
      type: "time",
      axisLine: { lineStyle: { color: palette.grid } },
      axisLabel: {
        color: palette.muted,
        hideOverlap: true,
        formatter: (value: number) => axisDateLabel(value, span, locale),
      },
      splitLine: { show: false },
    },
    yAxis: {
      type: "value",
      scale: true,
      axisLabel: { color: palette.muted, formatter: (value: number) => formatAxis(value) },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: series.map((s, index) => ({
      name: s.name,
      type: "line",
      showSymbol: false,
      connectNulls: false,
      // Thousands of daily points: drawn from a sample that keeps the peaks and troughs.
      sampling: "lttb",
      ...(s.color ? { color: s.color } : {}),
      lineStyle: { width: index === 0 ? 2 : 1.5, type: s.dashed ? "dashed" : "solid" },
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
