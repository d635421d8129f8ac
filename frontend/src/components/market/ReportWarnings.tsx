// What qualifies a report's figures (the `warnings` of the portfolio reports): a rate no source
// has, a rate far from the day it converts, a position valued at a trade price. Shown once, above
// the figures they qualify; every item says what to do in its own words.
import { Alert, Anchor, Group, List, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { ReportWarning } from "../../client/types.gen";
import { AnchorLink } from "../RouterLinks";

/** How many warnings are listed before "show all". */
const FIRST = 3;

/** Warnings that leave something out of the totals come first: they change the figures most. */
const ORDER: Record<string, number> = {
  rate_missing: 0,
  price_missing: 1,
  rate_carried_back: 2,
  rate_carried_forward: 3,
  valued_at_trade_price: 4,
  price_stale: 5,
};

export function sortedWarnings(
  warnings: readonly ReportWarning[],
  omit: readonly string[] = [],
): ReportWarning[] {
  return warnings
    .filter((warning) => !omit.includes(warning.code))
    .sort((a, b) => (ORDER[a.code] ?? 9) - (ORDER[b.code] ?? 9));
}

export function ReportWarnings({
  warnings,
  omit = [],
  label = "About these figures",
}: {
  warnings: readonly ReportWarning[];
  /** Codes another note on the page already shows (the stale-price note). */
  omit?: readonly string[];
  label?: string;
}) {
  const [expanded, { toggle }] = useDisclosure(false);
  const items = sortedWarnings(warnings, omit);
  if (items.length === 0) return null;
  const leftOut = items.some((warning) => warning.code === "rate_missing");
  const shown = expanded ? items : items.slice(0, FIRST);
  return (
    <section aria-label={label}>
      <Alert
        color={leftOut ? "red" : "orange"}
        variant="light"
        icon={<IconAlertTriangle aria-hidden />}
        title={
          leftOut
            ? "Some holdings are left out of these figures"
            : items.length === 1
              ? "1 thing qualifies these figures"
              : `${items.length} things qualify these figures`
        }
      >
        <List size="sm" spacing={4}>
          {shown.map((warning) => (
            <List.Item key={`${warning.code}-${warning.pair ?? ""}-${warning.instrument_id ?? ""}`}>
              <Text span fz="sm">
                {warning.message}
              </Text>
              {warning.instrument_id !== null && warning.instrument_id !== undefined ? (
                <>
                  {" "}
                  <AnchorLink
                    to="/holdings/$instrumentId"
                    params={{ instrumentId: String(warning.instrument_id) }}
                    fz="sm"
                    c="inherit"
                    underline="always"
                  >
                    Open it
                  </AnchorLink>
                </>
              ) : null}
              {warning.pair ? (
                <>
                  {" "}
                  <AnchorLink to="/settings/exchange-rates" fz="sm" c="inherit" underline="always">
                    Exchange rates
                  </AnchorLink>
                </>
              ) : null}
            </List.Item>
          ))}
        </List>
        <Group gap="md" mt={6}>
          {items.length > FIRST ? (
            <Anchor component="button" type="button" fz="sm" onClick={toggle}>
              {expanded ? "Show fewer" : `Show all ${items.length}`}
            </Anchor>
          ) : null}
          <AnchorLink to="/data-health" fz="sm" display="inline-block" c="inherit">
            See the data health report
          </AnchorLink>
        </Group>
      </Alert>
    </section>
  );
}
