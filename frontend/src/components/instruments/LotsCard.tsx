// The open lots of one instrument (`GET /portfolio/lots`): what is left of each purchase, when it
// was bought, what it cost per unit and what it is worth now. A table on wide screens, a list on
// phones. A lot moved between accounts keeps the day it was first bought.
import {
  Anchor,
  Badge,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import type { LotPublic } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { COST_BASIS_METHODS } from "../settings/costBasis";
import { Gain } from "./PositionsCard";

const METHODS: Record<string, { label: string; help: string }> = Object.fromEntries(
  COST_BASIS_METHODS.map((m) => [
    m.value,
    { label: m.value === "average" ? "Moving average" : m.label, help: m.help },
  ]),
);

/** How long a lot bought on `acquired` has been held on `asOf` (ISO dates), in calendar terms:
 * "12 days", "5 months", "1 year", "2 years 3 months". */
export function heldFor(acquired: string, asOf: string, days: number): string {
  if (days < 0) return "";
  const [y1, m1, d1] = acquired.split("-").map(Number) as [number, number, number];
  const [y2, m2, d2] = asOf.split("-").map(Number) as [number, number, number];
  const months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  if (months < 1) return days === 1 ? "1 day" : `${days} days`;
  if (months < 12) return months === 1 ? "1 month" : `${months} months`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = years === 1 ? "1 year" : `${years} years`;
  if (rest === 0) return y;
  return `${y} ${rest === 1 ? "1 month" : `${rest} months`}`;
}

function lotKey(lot: LotPublic, index: number): string {
  return `${lot.account_id}-${lot.acquired}-${index}`;
}

export function LotsCard({
  symbol,
  lots,
  asOf,
  method,
  accountName,
  fmt,
  currency,
  loading,
  csvUrl,
}: {
  symbol: string;
  /** The open lots of this instrument, by account and oldest first. */
  lots: LotPublic[];
  /** The day the lots are valued at (YYYY-MM-DD). */
  asOf: string;
  /** The cost-basis method the lots were taken by (`fifo`, `average`). */
  method: string | undefined;
  accountName: (id: number) => string;
  fmt: Formatter;
  /** The reporting currency of cost basis, value and gain. */
  currency: string;
  loading: boolean;
  /** Where the same lots download as CSV. */
  csvUrl: string;
}) {
  const known = method ? METHODS[method] : undefined;
  const accounts = new Set(lots.map((lot) => lot.account_id));
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-end" mb="sm" gap="xs">
        <Title order={2} fz="md">
          Open lots
        </Title>
        <Group gap="xs">
          {lots.length > 0 ? (
            <>
              <Text fz="sm" c="dimmed">
                {lots.length} {lots.length === 1 ? "lot" : "lots"}
              </Text>
              <Anchor
                href={csvUrl}
                download
                fz="sm"
                aria-label={`Download the lots of ${symbol} as CSV`}
              >
                <Group gap={4} wrap="nowrap">
                  <IconDownload size={14} aria-hidden />
                  CSV
                </Group>
              </Anchor>
            </>
          ) : null}
          {known ? (
            <Tooltip label={known.help} multiline w={260} withArrow>
              <Badge variant="light" color="gray" tabIndex={0} aria-label={known.help}>
                {known.label}
              </Badge>
            </Tooltip>
          ) : null}
        </Group>
      </Group>
      {loading ? (
        <Skeleton height={72} aria-label="Loading the open lots" />
      ) : lots.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No open lots of {symbol}.
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={700} visibleFrom="sm" type="native">
            <Table verticalSpacing="xs" aria-label={`Open lots of ${symbol}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Acquired</Table.Th>
                  {accounts.size > 1 ? <Table.Th>Account</Table.Th> : null}
                  <Table.Th ta="right">Units</Table.Th>
                  <Table.Th ta="right">Cost per unit</Table.Th>
                  <Table.Th ta="right">Cost basis</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                  <Table.Th ta="right">Gain</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody className="pms-figures">
                {lots.map((lot, index) => (
                  <Table.Tr key={lotKey(lot, index)}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Text fz="sm">{fmt.date(lot.acquired)}</Text>
                      <Text fz="xs" c="dimmed">
                        {heldFor(lot.acquired, asOf, lot.days_held)}
                      </Text>
                    </Table.Td>
                    {accounts.size > 1 ? (
                      <Table.Td>
                        <Text fz="sm" truncate maw={180}>
                          {accountName(lot.account_id)}
                        </Text>
                      </Table.Td>
                    ) : null}
                    <Table.Td ta="right" fz="sm">
                      {fmt.quantity(lot.quantity)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                      {fmt.price(lot.unit_cost, lot.currency)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(lot.cost_basis, currency)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(lot.market_value, currency)}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Gain
                        value={lot.unrealized_gain}
                        share={lot.unrealized_gain_pct}
                        fmt={fmt}
                        currency={currency}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="xs" hiddenFrom="sm" role="list" aria-label={`Open lots of ${symbol}`}>
            {lots.map((lot, index) => (
              <Stack key={lotKey(lot, index)} gap={2} role="listitem" className="pms-figures">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fz="sm" fw={600} truncate>
                    {fmt.date(lot.acquired)}
                    <Text span fz="xs" fw={400} c="dimmed">
                      {" "}
                      · {heldFor(lot.acquired, asOf, lot.days_held)}
                      {accounts.size > 1 ? ` · ${accountName(lot.account_id)}` : ""}
                    </Text>
                  </Text>
                  <Text fz="sm" fw={650} style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(lot.market_value, currency)}
                  </Text>
                </Group>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fz="xs" c="dimmed">
                    {fmt.quantity(lot.quantity)} at {fmt.price(lot.unit_cost, lot.currency)} · cost{" "}
                    {fmt.money(lot.cost_basis, currency)}
                  </Text>
                  <Gain
                    value={lot.unrealized_gain}
                    share={lot.unrealized_gain_pct}
                    fmt={fmt}
                    currency={currency}
                  />
                </Group>
              </Stack>
            ))}
          </Stack>
        </>
      )}
    </Paper>
  );
}
