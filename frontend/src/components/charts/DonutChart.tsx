import { useMemo } from "react";
import { EChart } from "./EChart";
import type { EChartsCoreOption } from "./echarts";
import { type ChartPalette, useChartPalette } from "./palette";

export interface DonutSlice {
  name: string;
  /** The slice's amount; the API's decimal strings are accepted. */
  value: number | string;
}

export interface DonutChartProps {
  slices: DonutSlice[];
  formatValue: (value: number) => string;
  formatShare: (fraction: number) => string;
  height?: number;
  ariaLabel: string;
}

/** The ECharts option of a donut (pure, so it can be tested without a canvas). */
export function donutOption(
  { slices, formatValue, formatShare }: DonutChartProps,
  palette: ChartPalette,
): EChartsCoreOption {
  const data = slices
    .map((slice) => ({ name: slice.name, value: Number(slice.value) }))
    .filter((slice) => Number.isFinite(slice.value) && slice.value > 0);
  const total = data.reduce((sum, slice) => sum + slice.value, 0);
  return {
    animation: false,
    aria: { enabled: true },
    color: palette.series,
    tooltip: {
      trigger: "item",
      backgroundColor: palette.surface,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      formatter: (item: { name: string; value: number }) =>
        `${item.name}: ${formatValue(item.value)} (${formatShare(total ? item.value / total : 0)})`,
    },
    series: [
      {
        type: "pie",
        radius: ["58%", "82%"],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: palette.surface, borderWidth: 2, borderRadius: 4 },
        label: { show: false },
        data,
      },
    ],
  };
}

/** Shares of a whole (allocation by asset class, currency, account…). */
export function DonutChart(props: DonutChartProps) {
  const palette = useChartPalette();
  const option = useMemo(() => donutOption(props, palette), [props, palette]);
  return <EChart option={option} height={props.height ?? 240} ariaLabel={props.ariaLabel} />;
}
