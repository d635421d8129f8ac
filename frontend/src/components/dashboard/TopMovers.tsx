// The holdings that moved most today (from `GET /portfolio/holdings`: day_change, market_value).
import { Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowDownRight, IconArrowUpRight } from "@tabler/icons-react";
import type { Formatter } from "../../format";
import { AnchorLink } from "../RouterLinks";
import { direction, toneColor } from "./StatCard";
import { dayChangeShare as shareOfValue } from "./SummaryCards";

export interface Mover {
  instrument_id: number;
  symbol: string;
  /** Today's change in money (decimal string), in `currency`. */
  day_change: string;
  market_value: string;
}

/** The day's change as a share of yesterday's value; null when there was none. */
export function dayChangeShare(mover: Pick<Mover, "day_change" | "market_value">): number | null {
  return shareOfValue(mover.market_value, mover.day_change);
}

/** The `count` largest moves by size of the percentage, up or down. */
export function topMovers(movers: Mover[], count: number): Mover[] {
  return movers
    .filter((m) => dayChangeShare(m) !== null && Number(m.day_change) !== 0)
    .sort((a, b) => Math.abs(dayChangeShare(b) ?? 0) - Math.abs(dayChangeShare(a) ?? 0))
    .slice(0, count);
}

export function TopMovers({
  movers,
  fmt,
  currency,
  count = 5,
  loading = false,
  day = null,
}: {
  movers: Mover[];
  fmt: Formatter;
  currency: string;
  count?: number;
  loading?: boolean;
  /** The close the changes end on, when it is older than the latest trading day. */
  day?: string | null;
}) {
  const top = topMovers(movers, count);
  const when = day ? `on ${fmt.date(day)}` : "today";
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }} h="100%">
      <Title order={2} fz="md" mb="sm">
        Top movers {when}
      </Title>
      {loading ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the top movers">
          {[0, 1, 2, 3].map((key) => (
            <Skeleton key={key} height={34} radius="sm" />
          ))}
        </Stack>
      ) : top.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Nothing moved {when}.
        </Text>
      ) : (
        <Stack gap={0} role="list" aria-label={`Top movers ${when}`}>
          {top.map((mover, index) => {
            const tone = direction(mover.day_change);
            const Arrow = tone < 0 ? IconArrowDownRight : IconArrowUpRight;
            return (
              <Group
                key={mover.instrument_id}
                justify="space-between"
                wrap="nowrap"
                role="listitem"
                py={8}
                style={{
                  borderTop: index === 0 ? undefined : "1px solid var(--pms-surface-border)",
                }}
              >
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <AnchorLink
                    to="/holdings/$instrumentId"
                    params={{ instrumentId: String(mover.instrument_id) }}
                    fw={600}
                    fz="sm"
                  >
                    {mover.symbol}
                  </AnchorLink>
                  <Text fz="xs" c="dimmed" className="pms-figures">
                    {fmt.money(mover.market_value, currency)}
                  </Text>
                </Stack>
                <Stack gap={0} align="flex-end" className="pms-figures">
                  <Group gap={2} wrap="nowrap" style={{ color: toneColor(tone) }}>
                    <Arrow size={14} aria-hidden />
                    <Text fz="sm" fw={650} c={toneColor(tone)}>
                      {fmt.percent(dayChangeShare(mover), { signed: true })}
                    </Text>
                  </Group>
                  <Text fz="xs" c="dimmed">
                    {fmt.money(mover.day_change, currency, { signed: true })}
                  </Text>
                </Stack>
              </Group>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}
