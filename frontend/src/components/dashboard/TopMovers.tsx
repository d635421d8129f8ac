// The holdings that moved most today (from `GET /portfolio/holdings`: day_change, market_value).
import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { Formatter } from "../../format";
import { AnchorLink } from "../RouterLinks";
import { direction } from "./StatCard";

export interface Mover {
  instrument_id: number;
  symbol: string;
  /** Today's change in money (decimal string), in `currency`. */
  day_change: string;
  market_value: string;
}

/** The day's change as a share of yesterday's value; null when there was none. */
export function dayChangeShare(mover: Pick<Mover, "day_change" | "market_value">): number | null {
  const before = Number(mover.market_value) - Number(mover.day_change);
  return before > 0 ? Number(mover.day_change) / before : null;
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
}: {
  movers: Mover[];
  fmt: Formatter;
  currency: string;
  count?: number;
}) {
  const top = topMovers(movers, count);
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Title order={2} fz="md" mb="sm">
        Top movers today
      </Title>
      {top.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Nothing moved today.
        </Text>
      ) : (
        <Stack gap="xs" role="list" aria-label="Top movers today">
          {top.map((mover) => {
            const up = direction(mover.day_change) > 0;
            return (
              <Group
                key={mover.instrument_id}
                justify="space-between"
                wrap="nowrap"
                role="listitem"
              >
                <AnchorLink
                  to="/holdings/$instrumentId"
                  params={{ instrumentId: String(mover.instrument_id) }}
                  fw={600}
                  fz="sm"
                >
                  {mover.symbol}
                </AnchorLink>
                <Group gap="sm" wrap="nowrap" className="pms-figures">
                  <Text fz="sm" c="dimmed">
                    {fmt.money(mover.day_change, currency, { signed: true })}
                  </Text>
                  <Text fz="sm" fw={600} c={up ? "teal.7" : "red.7"} w={72} ta="right">
                    {fmt.percent(dayChangeShare(mover), { signed: true })}
                  </Text>
                </Group>
              </Group>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}
