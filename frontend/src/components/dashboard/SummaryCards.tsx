// The dashboard's headline figures, from `GET /portfolio/summary` (ARCHITECTURE §4); `null` shows
// their skeletons.
import { Button, SimpleGrid, Stack } from "@mantine/core";
import { IconHelpCircle } from "@tabler/icons-react";
import type { SummaryPublic } from "../../client/types.gen";
import { subtractDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { direction, StatCard, StatCardSkeleton, StatLine } from "./StatCard";

/** The fields of the portfolio summary these cards show (money as decimal strings). */
export type SummaryFigures = Pick<
  SummaryPublic,
  | "market_value"
  | "cost_basis"
  | "cash"
  | "unrealized_gain"
  | "realized_gain"
  | "income"
  | "net_invested"
  | "day_change"
  | "day_change_date"
  | "as_of"
  | "twr"
  | "mwr"
  | "currency"
>;

const LABELS = ["Total value", "Today", "Total gain", "Return"];

/** The last weekday before an ISO date: the latest close that counts as current on that day (as
 *  the backend's stale-price rule has it; a Friday close is current until Monday's close). */
export function lastWeekdayBefore(iso: string): string {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  const back = { 0: 2, 6: 1 }[day.getUTCDay()] ?? 0;
  day.setUTCDate(day.getUTCDate() - back);
  return day.toISOString().slice(0, 10);
}

/** The day a day change describes, when it is older than the latest close that counts as current
 *  on `asOf` (the prices are stale): the cards and movers then name it instead of saying "today". */
export function changeDay(asOf: string, day: string | null | undefined): string | null {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return null;
  return day < lastWeekdayBefore(asOf) ? day : null;
}

/** The day's change as a share of the value at the previous close; null without one. */
export function dayChangeShare(marketValue: string, dayChange: string): number | null {
  const before = Number(subtractDecimals(marketValue, dayChange));
  return before > 0 ? Number(dayChange) / before : null;
}

/** "Why?": opens the explanation of a figure. */
export function WhyButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      leftSection={<IconHelpCircle size={14} aria-hidden />}
      aria-label={`Explain ${what}`}
      onClick={onClick}
    >
      Why?
    </Button>
  );
}

export function SummaryCards({
  summary,
  fmt,
  onExplain,
}: {
  summary: SummaryFigures | null;
  fmt: Formatter;
  /** Opens the explanation of the gain and returns since inception. */
  onExplain?: () => void;
}) {
  if (summary === null) {
    return (
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
        {LABELS.map((label) => (
          <StatCardSkeleton key={label} label={label} />
        ))}
      </SimpleGrid>
    );
  }
  const ccy = summary.currency;
  // Since inception the gain is V(T) − (inflows − outflows) (ARCHITECTURE §5, absolute gain).
  const gain = subtractDecimals(summary.market_value, summary.net_invested);
  const dayShare = dayChangeShare(summary.market_value, summary.day_change);
  const day = direction(summary.day_change);
  const older = changeDay(summary.as_of, summary.day_change_date);
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
      <StatCard label="Total value" value={fmt.money(summary.market_value, ccy)}>
        <Stack gap={2} mt={4}>
          <StatLine label="Net invested" value={fmt.money(summary.net_invested, ccy)} />
          <StatLine label="Cash" value={fmt.money(summary.cash, ccy)} />
        </Stack>
      </StatCard>
      <StatCard
        label={older ? `Change on ${fmt.date(older)}` : "Today"}
        value={fmt.money(summary.day_change, ccy, { signed: true })}
        valueTone={day}
        change={dayShare === null ? undefined : fmt.percent(dayShare, { signed: true })}
        changeDirection={day}
        hint={
          older
            ? `No newer close: the change at the close of ${fmt.date(older)} from the close before`
            : "Change since the previous close"
        }
      />
      <StatCard
        label="Total gain"
        value={fmt.money(gain, ccy, { signed: true })}
        valueTone={direction(gain)}
        action={onExplain ? <WhyButton what="the total gain" onClick={onExplain} /> : undefined}
      >
        <Stack gap={2} mt={4}>
          <StatLine
            label="Unrealized"
            value={fmt.money(summary.unrealized_gain, ccy, { signed: true })}
            tone={direction(summary.unrealized_gain)}
          />
          <StatLine
            label="Realized"
            value={fmt.money(summary.realized_gain, ccy, { signed: true })}
            tone={direction(summary.realized_gain)}
          />
          <StatLine label="Income (net)" value={fmt.money(summary.income, ccy)} />
        </Stack>
      </StatCard>
      <StatCard
        label="Return"
        value={fmt.percent(summary.twr, { signed: true })}
        valueTone={direction(summary.twr)}
        hint="Time-weighted, since the first transaction"
        action={onExplain ? <WhyButton what="the return" onClick={onExplain} /> : undefined}
      >
        <Stack gap={2} mt={4}>
          <StatLine
            label="Money-weighted"
            value={
              summary.mwr === null ? "—" : `${fmt.percent(summary.mwr, { signed: true })} p.a.`
            }
            tone={direction(summary.mwr)}
          />
        </Stack>
      </StatCard>
    </SimpleGrid>
  );
}
