// The value and performance chart: a range picker, a benchmark picker and the series of
// `GET /portfolio/performance` (ARCHITECTURE §4) once the page feeds them.
import {
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import type { Formatter } from "../../format";
import { RangePicker } from "../charts/RangePicker";
import type { Range } from "../charts/ranges";
import { type TimeSeries, TimeSeriesChart } from "../charts/TimeSeriesChart";

export interface PerformancePoint {
  date: string;
  value: string | number;
  net_invested: string | number;
  twr_index: number;
}

export type PerformanceView = "value" | "return";

export interface BenchmarkOption {
  id: number;
  label: string;
}

/**
 * The series a view shows. "value": the portfolio's value and what was put in. "return": the
 * time-weighted index as a cumulative return, beside the benchmark's (both start at 0).
 */
export function performanceSeries(
  view: PerformanceView,
  points: PerformancePoint[],
  benchmark?: { name: string; points: { date: string; value: number }[] },
): TimeSeries[] {
  if (view === "value") {
    return [
      { name: "Value", area: true, points: points.map((p) => ({ date: p.date, value: p.value })) },
      {
        name: "Net invested",
        points: points.map((p) => ({ date: p.date, value: p.net_invested })),
      },
    ];
  }
  const series: TimeSeries[] = [
    {
      name: "Portfolio",
      area: true,
      points: points.map((p) => ({ date: p.date, value: p.twr_index - 1 })),
    },
  ];
  const base = benchmark?.points[0]?.value;
  if (benchmark && base) {
    series.push({
      name: benchmark.name,
      points: benchmark.points.map((p) => ({ date: p.date, value: p.value / base - 1 })),
    });
  }
  return series;
}

export function PerformanceChartCard({
  points,
  benchmark,
  range,
  onRangeChange,
  view,
  onViewChange,
  benchmarks,
  benchmarkId,
  onBenchmarkChange,
  fmt,
  currency,
  loading,
}: {
  points: PerformancePoint[];
  benchmark?: { name: string; points: { date: string; value: number }[] };
  range: Range;
  onRangeChange: (range: Range) => void;
  view: PerformanceView;
  onViewChange: (view: PerformanceView) => void;
  benchmarks: BenchmarkOption[];
  benchmarkId: number | null;
  onBenchmarkChange: (id: number | null) => void;
  fmt: Formatter;
  currency: string;
  loading: boolean;
}) {
  const series = performanceSeries(view, points, benchmark);
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
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
            data={[
              { value: "value", label: "Value" },
              { value: "return", label: "Return" },
            ]}
          />
        </Group>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <RangePicker
            label="Performance range"
            value={range}
            onChange={onRangeChange}
            style={{ maxWidth: "100%", overflowX: "auto" }}
          />
          <Select
            aria-label="Benchmark"
            placeholder="Compare with…"
            size="xs"
            w={200}
            clearable
            data={benchmarks.map((b) => ({ value: String(b.id), label: b.label }))}
            value={benchmarkId === null ? null : String(benchmarkId)}
            onChange={(value) => onBenchmarkChange(value === null ? null : Number(value))}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        {loading ? (
          <Skeleton height={300} aria-label="Loading the performance chart" />
        ) : points.length === 0 ? (
          <Text fz="sm" c="dimmed" ta="center" py="xl">
            Nothing to chart in this range.
          </Text>
        ) : (
          <TimeSeriesChart
            ariaLabel={
              view === "value" ? "Portfolio value over time" : "Cumulative return over time"
            }
            series={series}
            formatValue={(value) =>
              view === "value" ? fmt.money(value, currency) : fmt.percent(value, { digits: 1 })
            }
            formatDate={(date) => fmt.date(date)}
          />
        )}
      </Stack>
    </Paper>
  );
}
