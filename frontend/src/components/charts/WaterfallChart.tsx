// A waterfall: a starting total, the steps that move it, and the total they reach — each step a
// bar floating from the running total before it to the one after it.
import { useMemo } from "react";
import { EChart } from "./EChart";
import type { EChartsCoreOption } from "./echarts";
import { type ChartPalette, useChartPalette } from "./palette";

export interface WaterfallStep {
  label: string;
  /** A total (drawn from zero) or a change (drawn from the running total). */
  kind: "total" | "change";
  value: number;
}

export interface WaterfallBar {
  label: string;
  /** Where the bar starts and ends (low ≤ high). */
  low: number;
  high: number;
  kind: "total" | "gain" | "loss";
  value: number;
}

/** The bars of the steps: totals from zero, changes from the running total (pure, for tests). */
export function waterfallBars(steps: WaterfallStep[]): WaterfallBar[] {
  let running = 0;
  return steps.map((step) => {
    if (step.kind === "total") {
      running = step.value;
      return {
        label: step.label,
        low: Math.min(0, step.value),
        high: Math.max(0, step.value),
        kind: "total",
        value: step.value,
      };
    }
    const before = running;
    running += step.value;
    return {
      label: step.label,
      low: Math.min(before, running),
      high: Math.max(before, running),
      kind: step.value < 0 ? "loss" : "gain",
      value: step.value,
    };
  });
}

export function waterfallOption(
  steps: WaterfallStep[],
  palette: ChartPalette,
  formatValue: (value: number) => string,
  formatAxis: (value: number) => string,
  narrow = false,
): EChartsCoreOption {
  const bars = waterfallBars(steps);
  const colour = (bar: WaterfallBar) =>
    bar.kind === "total" ? palette.series[0] : bar.kind === "gain" ? palette.gain : palette.loss;
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      backgroundColor: palette.surface,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      // Only the visible bar speaks: "Prices: +€1,234.56".
      formatter: (items: { dataIndex: number }[]) => {
        const bar = bars[items[0]?.dataIndex ?? -1];
        if (!bar) return "";
        const sign = bar.kind === "total" ? "" : bar.value > 0 ? "+" : "";
        return `${bar.label}: ${sign}${formatValue(bar.value)}`;
      },
    },
    xAxis: {
      type: "category",
      data: bars.map((bar) => bar.label),
      // Every step named; slanted where the chart is too narrow for them side by side.
      axisLabel: {
        color: palette.muted,
        interval: 0,
        hideOverlap: false,
        fontSize: 11,
        rotate: narrow ? 35 : 0,
      },
      axisLine: { lineStyle: { color: palette.grid } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value",
      axisLabel: { color: palette.muted, formatter: formatAxis },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: [
      {
        // The invisible base each bar floats on (stacked across signs).
        type: "bar",
        stack: "waterfall",
        stackStrategy: "all",
        silent: true,
        itemStyle: { color: "transparent" },
        emphasis: { disabled: true },
        data: bars.map((bar) => bar.low),
      },
      {
        type: "bar",
        stack: "waterfall",
        stackStrategy: "all",
        barMaxWidth: 48,
        data: bars.map((bar) => ({
          value: bar.high - bar.low,
          itemStyle: { color: colour(bar), borderRadius: 3 },
        })),
      },
    ],
  };
}

export function WaterfallChart({
  steps,
  formatValue,
  formatAxis = formatValue,
  height = 260,
  narrow = false,
  ariaLabel,
}: {
  steps: WaterfallStep[];
  formatValue: (value: number) => string;
  formatAxis?: (value: number) => string;
  height?: number;
  /** A phone's width: the step labels are slanted. */
  narrow?: boolean;
  ariaLabel: string;
}) {
  const palette = useChartPalette();
  const option = useMemo(
    () => waterfallOption(steps, palette, formatValue, formatAxis, narrow),
    [steps, palette, formatValue, formatAxis, narrow],
  );
  return <EChart option={option} height={height} ariaLabel={ariaLabel} />;
}
