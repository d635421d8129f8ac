// The dashboard's headline figures, from `GET /portfolio/summary` (ARCHITECTURE §4) once the
// page feeds it; `null` shows their skeletons.
import { SimpleGrid } from "@mantine/core";
import { subtractDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { direction, StatCard, StatCardSkeleton } from "./StatCard";

/** The fields of the portfolio summary these cards show (money as decimal strings). */
export interface SummaryFigures {
  market_value: string;
  cost_basis: string;
  cash: string;
  unrealized_gain: string;
  realized_gain: string;
  income: string;
  net_invested: string;
  day_change: string;
  twr: number | null;
  mwr: number | null;
  currency: string;
}

const LABELS = ["Total value", "Today", "Total gain", "Return"];

export function SummaryCards({ summary, fmt }: { summary: SummaryFigures | null; fmt: Formatter }) {
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
  const before = Number(subtractDecimals(summary.market_value, summary.day_change));
  const dayShare = before > 0 ? Number(summary.day_change) / before : null;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
      <StatCard
        label="Total value"
        value={fmt.money(summary.market_value, ccy)}
        hint={`Cash ${fmt.money(summary.cash, ccy)}`}
      />
      <StatCard
        label="Today"
        value={fmt.money(summary.day_change, ccy, { signed: true })}
        change={dayShare === null ? undefined : fmt.percent(dayShare, { signed: true })}
        changeDirection={direction(summary.day_change)}
        hint="Change since the previous close"
      />
      <StatCard
        label="Total gain"
        value={fmt.money(gain, ccy, { signed: true })}
        change={`${fmt.money(summary.unrealized_gain, ccy, { signed: true })} unrealized`}
        changeDirection={direction(summary.unrealized_gain)}
        hint={`Realized ${fmt.money(summary.realized_gain, ccy, { signed: true })} · income ${fmt.money(summary.income, ccy)}`}
      />
      <StatCard
        label="Return"
        value={fmt.percent(summary.twr, { signed: true })}
        change={`${fmt.percent(summary.mwr, { signed: true })} money-weighted`}
        changeDirection={direction(summary.twr)}
        hint="Time-weighted, since the first transaction"
      />
    </SimpleGrid>
  );
}
