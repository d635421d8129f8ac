// Dividends and interest by month or year (`GET /portfolio/income`): gross beside net of
// withholding tax, as bars.
import { Group, Paper, SegmentedControl, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { IncomeGroup, IncomeRowPublic } from "../../client/types.gen";
import { addDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { BarChart } from "../charts/BarChart";

export type IncomeRow = Pick<IncomeRowPublic, "period" | "gross" | "withholding" | "net">;

/** How many months the monthly view shows at most (the latest). */
export const MONTHS_SHOWN = 36;

/** "2024-01" → "Jan 2024" in the user's locale; a year stays as it is. */
export function periodLabel(period: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(day);
}

function nextPeriod(period: string): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  if (month === undefined || Number.isNaN(month)) return String(year + 1);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
}

/**
 * The API lists only periods with income; a chart over time needs the quiet ones too. Fills every
 * month (or year) from the first to the last with zeros, and keeps the latest `limit`.
 */
export function continuousPeriods(rows: readonly IncomeRow[], limit?: number): IncomeRow[] {
  const sorted = [...rows].sort((a, b) => a.period.localeCompare(b.period));
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const byPeriod = new Map(sorted.map((row) => [row.period, row]));
  const filled: IncomeRow[] = [];
  for (let period = first.period; period <= last.period; period = nextPeriod(period)) {
    filled.push(byPeriod.get(period) ?? { period, gross: "0", withholding: "0", net: "0" });
  }
  return limit !== undefined && filled.length > limit ? filled.slice(-limit) : filled;
}

export function IncomeCard({
  rows,
  group,
  onGroupChange,
  fmt,
  currency,
  loading,
}: {
  rows: IncomeRow[];
  group: IncomeGroup;
  onGroupChange: (group: IncomeGroup) => void;
  fmt: Formatter;
  currency: string;
  loading: boolean;
}) {
  const shown = continuousPeriods(rows, group === "month" ? MONTHS_SHOWN : undefined);
  const net = addDecimals(...shown.map((r) => r.net));
  const gross = addDecimals(...shown.map((r) => r.gross));
  const first = shown[0];
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }} h="100%">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="md">
            Income
          </Title>
          <SegmentedControl
            size="xs"
            aria-label="Income per"
            value={group}
            onChange={(next) => onGroupChange(next as IncomeGroup)}
            data={[
              { value: "month", label: "Month" },
              { value: "year", label: "Year" },
            ]}
          />
        </Group>
        {loading ? (
          <Skeleton height={240} aria-label="Loading income" />
        ) : shown.length === 0 || !first ? (
          <Text fz="sm" c="dimmed" ta="center" py="xl">
            No dividends or interest yet.
          </Text>
        ) : (
          <>
            <Text fz="sm" c="dimmed" className="pms-figures">
              <Text span fw={650} c="var(--mantine-color-text)">
                {fmt.money(net, currency)}
              </Text>{" "}
              net of {fmt.money(gross, currency)} gross since{" "}
              {periodLabel(first.period, fmt.locale)}
            </Text>
            <BarChart
              ariaLabel={`Dividends and interest per ${group}, gross and net of withholding tax`}
              categories={shown.map((r) => periodLabel(r.period, fmt.locale))}
              series={[
                { name: "Gross", values: shown.map((r) => r.gross) },
                { name: "Net", values: shown.map((r) => r.net) },
              ]}
              formatValue={(value) => fmt.money(value, currency)}
              formatAxis={(value) => fmt.moneyCompact(value, currency)}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
