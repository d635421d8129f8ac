// The value and performance chart of `GET /portfolio/performance` (ARCHITECTURE §4): the value
// beside what was put in, the time-weighted return beside a benchmark, or the drawdown; a range
// picker, a benchmark picker, and the period's returns and risk below.
import {
  Box,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import type { ReactNode } from "react";
import type { PerformancePublic } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { RangePicker } from "../charts/RangePicker";
import { RANGES, type Range } from "../charts/ranges";
import { type TimeSeries, TimeSeriesChart } from "../charts/TimeSeriesChart";
import { PerformanceStats } from "./PerformanceStats";

export const PERFORMANCE_VIEWS = ["value", "performance", "drawdown"] as const;
export type PerformanceView = (typeof PERFORMANCE_VIEWS)[number];

const VIEW_LABELS: Record<PerformanceView, string> = {
  value: "Value",
  performance: "Return",
  drawdown: "Drawdown",
};

const CHART_NAMES: Record<PerformanceView, string> = {
  value: "Portfolio value over time",
  performance: "Cumulative return over time",
  drawdown: "Drawdown over time",
};

type Series = PerformancePublic["series"];
type Benchmark = PerformancePublic["benchmark"];

/**
 * The series a view shows. "value": the portfolio's value and the money put in. "performance":
 * the time-weighted index as a cumulative return (0 at the start), beside the benchmark (rebased
 * to 1 by the API at its first close in the period; gaps before it stay gaps). "drawdown": how far
 * below its running peak the index is.
 */
export function performanceSeries(
  view: PerformanceView,
  series: Series,
  benchmark: Benchmark,
  colors: { loss: string },
): TimeSeries[] {
  if (view === "value") {
    return [
      { name: "Value", area: true, points: series.map((p) => ({ date: p.date, value: p.value })) },
      {
        name: "Net invested",
        dashed: true,
        points: series.map((p) => ({ date: p.date, value: p.net_invested })),
      },
    ];
  }
  if (view === "drawdown") {
    return [
      {
        name: "Drawdown",
        area: true,
        color: colors.loss,
        points: series.map((p) => ({ date: p.date, value: p.drawdown })),
      },
    ];
  }
  const lines: TimeSeries[] = [
    {
      name: "Portfolio",
      area: true,
      points: series.map((p) => ({ date: p.date, value: p.twr_index - 1 })),
    },
  ];
  if (benchmark) {
    lines.push({
      name: benchmark.symbol,
      dashed: true,
      points: benchmark.series.map((p) => ({
        date: p.date,
        value: p.value === null ? null : p.value - 1,
      })),
    });
  }
  return lines;
}

function largestMove(series: TimeSeries[]): number {
  let largest = 0;
  for (const s of series) {
    for (const point of s.points) {
      if (typeof point.value === "number") largest = Math.max(largest, Math.abs(point.value));
    }
  }
  return largest;
}

export function PerformanceChartCard({
  performance,
  loading,
  updating = false,
  range,
  onRangeChange,
  view,
  onViewChange,
  benchmarkPicker,
  fmt,
  lossColor,
  onExplain,
}: {
  /** Undefined until the first answer. */
  performance: PerformancePublic | undefined;
  loading: boolean;
  /** A new range or benchmark is loading; the previous one stays on screen, dimmed. */
  updating?: boolean;
  range: Range;
  onRangeChange: (range: Range) => void;
  view: PerformanceView;
  onViewChange: (view: PerformanceView) => void;
  benchmarkPicker: ReactNode;
  fmt: Formatter;
  lossColor: string;
  /** Opens the explanation of the charted period. */
  onExplain?: () => void;
}) {
  const currency = performance?.currency ?? fmt.currency;
  const series = performance
    ? performanceSeries(view, performance.series, performance.benchmark, { loss: lossColor })
    : [];
  const money = view === "value";
  // Small moves (a week's return) need a decimal on the axis to tell its lines apart.
  const axisDigits = money || largestMove(series) >= 0.05 ? 0 : 1;
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }} h="100%">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="md">
            Performance
          </Title>
          <SegmentedControl
            size="xs"
            aria-label="Chart shows"
            value={view}
            onChange={(next) => onViewChange(next as PerformanceView)}
            data={PERFORMANCE_VIEWS.map((value) => ({ value, label: VIEW_LABELS[value] }))}
          />
        </Group>
        <Group justify="space-between" gap="xs" wrap="wrap">
          {/* Eleven ranges fit a laptop's card; a phone chooses from a list. */}
          <Box visibleFrom="sm" style={{ maxWidth: "100%", overflowX: "auto" }}>
            <RangePicker label="Performance range" value={range} onChange={onRangeChange} />
          </Box>
          <Select
            hiddenFrom="sm"
            aria-label="Performance range"
            size="xs"
            w={96}
            allowDeselect={false}
            data={[...RANGES]}
            value={range}
            onChange={(next) => next && onRangeChange(next as Range)}
            comboboxProps={{ withinPortal: true }}
          />
          {benchmarkPicker}
        </Group>
        {loading ? (
          <Skeleton height={300} aria-label="Loading the performance chart" />
        ) : !performance || performance.series.length === 0 ? (
          <Text fz="sm" c="dimmed" ta="center" py="xl">
            Nothing to chart in this range.
          </Text>
        ) : (
          <Box
            style={{ opacity: updating ? 0.55 : 1, transition: "opacity 120ms" }}
            aria-busy={updating || undefined}
          >
            <TimeSeriesChart
              ariaLabel={CHART_NAMES[view]}
              series={series}
              formatValue={(value) =>
                money ? fmt.money(value, currency) : fmt.percent(value, { digits: 2 })
              }
              formatAxis={(value) =>
                money
                  ? fmt.moneyCompact(value, currency)
                  : fmt.percent(value, { digits: axisDigits })
              }
              formatDate={(date) => fmt.date(date)}
              locale={fmt.locale}
            />
          </Box>
        )}
        {performance && !loading ? (
          <PerformanceStats performance={performance} fmt={fmt} onExplain={onExplain} />
        ) : null}
      </Stack>
    </Paper>
  );
}
