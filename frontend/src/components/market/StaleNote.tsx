import { Alert, Anchor, List, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconClockExclamation } from "@tabler/icons-react";
import type { StaleInstrumentPublic, StaleReason } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { AnchorLink } from "../RouterLinks";

export const REASON_LABELS: Record<StaleReason, string> = {
  unreachable: "provider unreachable",
  rate_limited: "provider rate limit",
  unknown_symbol: "symbol unknown to the provider",
  provider_error: "provider error",
  no_data: "no data from the provider",
  currency_mismatch: "currency differs at the provider",
  offline: "market data switched off",
  never_fetched: "not fetched yet",
  not_refreshed: "not refreshed yet",
  manual: "entered by hand",
};

/** The API's message ("not fetched yet; …") as a sentence of its own. */
function sentence(message: string): string {
  const text = message.trim();
  if (!text) return "";
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** How many groups are listed before "show all". */
const FIRST = 4;

export interface StaleGroup {
  last_date: string | null;
  reason: StaleReason;
  items: StaleInstrumentPublic[];
}

/** Instruments whose last close and reason are the same, together (one line for a whole demo). */
export function groupStale(items: readonly StaleInstrumentPublic[]): StaleGroup[] {
  const groups = new Map<string, StaleGroup>();
  for (const item of items) {
    const key = `${item.last_date ?? ""}|${item.reason}`;
    const group = groups.get(key);
    if (group) group.items.push(item);
    else groups.set(key, { last_date: item.last_date, reason: item.reason, items: [item] });
  }
  return [...groups.values()];
}

/** A visible note that some prices are old: which, since when, and why. */
export function StaleNote({
  items,
  fmt,
  action,
}: {
  items: StaleInstrumentPublic[];
  fmt: Formatter;
  action?: React.ReactNode;
}) {
  const [expanded, { toggle }] = useDisclosure(false);
  if (items.length === 0) return null;
  const groups = groupStale(items);
  const shown = expanded ? groups : groups.slice(0, FIRST);
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconClockExclamation aria-hidden />}
      title={
        items.length === 1 ? "1 price is out of date" : `${items.length} prices are out of date`
      }
    >
      <Text fz="sm" mb="xs">
        {items.length === 1
          ? `Values use the last close PMS has; it is older than the last trading day. ${sentence(items[0]?.message ?? "")}`
          : "Values use the last close PMS has; these are older than the last trading day."}
      </Text>
      <List size="sm" spacing={4} aria-label="Instruments with old prices">
        {shown.map((group) => (
          <List.Item
            key={`${group.last_date}-${group.reason}`}
            title={group.items.length === 1 ? group.items[0]?.message : undefined}
          >
            {group.items.map((item, index) => (
              <span key={item.instrument_id}>
                {index > 0 ? ", " : ""}
                {/* The note's own text colour: readable on its yellow in both schemes. */}
                <AnchorLink
                  to="/holdings/$instrumentId"
                  params={{ instrumentId: String(item.instrument_id) }}
                  fw={650}
                  fz="sm"
                  c="inherit"
                  underline="always"
                >
                  {item.symbol}
                </AnchorLink>
              </span>
            ))}{" "}
            <Text span fz="sm">
              {group.last_date ? `last close ${fmt.date(group.last_date)}` : "no price yet"} ·{" "}
              {REASON_LABELS[group.reason]}
            </Text>
          </List.Item>
        ))}
      </List>
      {groups.length > FIRST ? (
        <Anchor component="button" type="button" fz="sm" mt={6} onClick={toggle}>
          {expanded ? "Show fewer" : `Show all ${groups.length}`}
        </Anchor>
      ) : null}
      {action ? <div style={{ marginTop: "var(--mantine-spacing-sm)" }}>{action}</div> : null}
    </Alert>
  );
}
