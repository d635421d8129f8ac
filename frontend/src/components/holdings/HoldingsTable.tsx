// The holdings of `GET /portfolio/holdings`: a sortable table with a totals row on wide screens,
// a list of cards on phones, the tracked cash as rows after the positions (so the weights add up
// to 100 %). Money is in the reporting currency; average cost and price in the instrument's own.
import { ActionIcon, Box, Group, Paper, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconHelpCircle, IconSelector } from "@tabler/icons-react";
import type { CashHoldingPublic, HoldingPublic, HoldingsGroup } from "../../client/types.gen";
import { addDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { direction, toneColor } from "../dashboard/StatCard";
import { dayChangeShare } from "../dashboard/SummaryCards";
import { AnchorLink } from "../RouterLinks";
import type { HoldingNames, SortKey } from "./search";

export interface HoldingsTotals {
  market_value: string;
  cost_basis: string;
  unrealized_gain: string;
  /** Unrealized gain over cost; null without cost. */
  unrealized_gain_pct: number | null;
  weight: number;
  day_change: string;
  day_change_pct: number | null;
}

/**
 * The sums of the rows shown (exact decimals), and the shares worked out from them; the value and
 * weight include the `cash` rows shown beside them.
 */
export function holdingsTotals(
  rows: readonly HoldingPublic[],
  cash: readonly CashHoldingPublic[] = [],
): HoldingsTotals {
  const positions = addDecimals(...rows.map((r) => r.market_value));
  const market = addDecimals(positions, ...cash.map((c) => c.market_value));
  const cost = addDecimals(...rows.map((r) => r.cost_basis));
  const gain = addDecimals(...rows.map((r) => r.unrealized_gain));
  const day = addDecimals(...rows.map((r) => r.day_change));
  return {
    market_value: market,
    cost_basis: cost,
    unrealized_gain: gain,
    unrealized_gain_pct: Number(cost) > 0 ? Number(gain) / Number(cost) : null,
    weight:
      rows.reduce((sum, r) => sum + (r.weight ?? 0), 0) +
      cash.reduce((sum, c) => sum + (c.weight ?? 0), 0),
    day_change: day,
    day_change_pct: dayChangeShare(positions, day),
  };
}

function rowKey(row: HoldingPublic): string {
  return `${row.account_id ?? "all"}-${row.instrument_id}`;
}

function Signed({
  value,
  share,
  fmt,
  currency,
}: {
  value: string | null;
  share: number | null;
  fmt: Formatter;
  currency: string;
}) {
  const tone = direction(value);
  return (
    <Stack gap={0} align="flex-end">
      <Text fz="sm" fw={600} c={toneColor(tone)} style={{ whiteSpace: "nowrap" }}>
        {fmt.money(value, currency, { signed: true })}
      </Text>
      <Text fz="xs" c={toneColor(tone) ?? "dimmed"} style={{ whiteSpace: "nowrap" }}>
        {share === null ? "—" : fmt.percent(share, { signed: true })}
      </Text>
    </Stack>
  );
}

interface SortColumn {
  label: string;
  column: SortKey;
}

/**
 * A column's header: one sort button per figure it shows (a second figure sits below the first,
 * so ten figures fit a laptop's width without sideways scrolling).
 */
function SortHeader({
  columns,
  sort,
  dir,
  onSort,
  align = "right",
}: {
  columns: SortColumn[];
  sort: SortKey;
  dir: "asc" | "desc";
  onSort: (key: SortKey) => void;
  align?: "left" | "right";
}) {
  const active = columns.some((c) => c.column === sort);
  return (
    <Table.Th
      ta={align}
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
      style={{ whiteSpace: "nowrap", verticalAlign: "bottom" }}
    >
      <Stack gap={0} align={align === "right" ? "flex-end" : "flex-start"}>
        {columns.map(({ label, column }, index) => {
          const on = column === sort;
          const Icon = !on ? IconSelector : dir === "asc" ? IconArrowUp : IconArrowDown;
          return (
            <UnstyledButton
              key={column}
              onClick={() => onSort(column)}
              fz={index === 0 ? "sm" : "xs"}
              fw={index === 0 ? 700 : 500}
              c={index === 0 ? undefined : "dimmed"}
              aria-label={`Sort by ${label.toLowerCase()}`}
            >
              <Group gap={2} wrap="nowrap">
                {label}
                <Icon size={index === 0 ? 14 : 12} aria-hidden style={{ opacity: on ? 1 : 0.4 }} />
              </Group>
            </UnstyledButton>
          );
        })}
      </Stack>
    </Table.Th>
  );
}

function InstrumentLink({ row, name }: { row: HoldingPublic; name: string | undefined }) {
  return (
    <Box style={{ minWidth: 0 }}>
      <AnchorLink
        to="/holdings/$instrumentId"
        params={{ instrumentId: String(row.instrument_id) }}
        fz="sm"
        fw={650}
      >
        {row.symbol}
      </AnchorLink>
      {name && name !== row.symbol ? (
        <Text fz="xs" c="dimmed" truncate>
          {name}
        </Text>
      ) : null}
    </Box>
  );
}

function cashKey(row: CashHoldingPublic): string {
  return `cash-${row.account_id ?? "all"}-${row.currency}`;
}

export function HoldingsTable({
  rows,
  cash = [],
  group,
  names,
  fmt,
  currency,
  sort,
  dir,
  onSort,
  onExplain,
}: {
  rows: HoldingPublic[];
  /** Tracked cash, listed after the positions (not sorted with them). */
  cash?: CashHoldingPublic[];
  group: HoldingsGroup;
  names: HoldingNames;
  fmt: Formatter;
  /** The reporting currency of market values and gains. */
  currency: string;
  sort: SortKey;
  dir: "asc" | "desc";
  onSort: (key: SortKey) => void;
  /** Opens the explanation of a holding's gain. */
  onExplain?: (row: HoldingPublic) => void;
}) {
  const explain = (row: HoldingPublic) =>
    onExplain ? (
      <ActionIcon
        variant="subtle"
        size="sm"
        aria-label={`Explain the gain of ${row.symbol}`}
        onClick={() => onExplain(row)}
      >
        <IconHelpCircle size={16} aria-hidden />
      </ActionIcon>
    ) : null;
  const totals = holdingsTotals(rows, cash);
  const perPosition = group === "position";
  const header = { sort, dir, onSort };
  return (
    <>
      <Table.ScrollContainer minWidth={700} visibleFrom="md" type="native">
        <Table
          verticalSpacing="sm"
          highlightOnHover
          aria-label="Holdings"
          className="pms-figures"
          style={{ tableLayout: "auto" }}
        >
          <Table.Thead>
            <Table.Tr>
              <SortHeader
                columns={[{ label: "Instrument", column: "symbol" }]}
                align="left"
                {...header}
              />
              {perPosition ? (
                <SortHeader
                  columns={[{ label: "Account", column: "account" }]}
                  align="left"
                  {...header}
                />
              ) : null}
              <SortHeader
                columns={[
                  { label: "Quantity", column: "quantity" },
                  { label: "Avg cost", column: "average_cost" },
                ]}
                {...header}
              />
              <SortHeader columns={[{ label: "Price", column: "price" }]} {...header} />
              <SortHeader
                columns={[
                  { label: "Value", column: "market_value" },
                  { label: "Weight", column: "weight" },
                ]}
                {...header}
              />
              <SortHeader
                columns={[
                  { label: "Gain", column: "unrealized_gain" },
                  { label: "Gain %", column: "unrealized_gain_pct" },
                ]}
                {...header}
              />
              <SortHeader columns={[{ label: "Today", column: "day_change" }]} {...header} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={rowKey(row)} data-holding={row.symbol}>
                <Table.Td style={{ maxWidth: 220 }}>
                  <InstrumentLink row={row} name={names.instrument(row.instrument_id)} />
                </Table.Td>
                {perPosition ? (
                  <Table.Td>
                    <Text fz="sm" truncate maw={180}>
                      {names.account(row.account_id) ?? "—"}
                    </Text>
                  </Table.Td>
                ) : null}
                <Table.Td ta="right">
                  <Text fz="sm">{fmt.quantity(row.quantity)}</Text>
                  <Text fz="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                    {fmt.price(row.average_cost, row.currency)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {fmt.price(row.price, row.currency)}
                  </Text>
                  <Text fz="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                    {row.price_date ? fmt.date(row.price_date) : "no price"}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text fz="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(row.market_value, currency)}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {fmt.percent(row.weight, { digits: 1 })}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap={4} justify="flex-end" wrap="nowrap" align="flex-start">
                    <Signed
                      value={row.unrealized_gain}
                      share={row.unrealized_gain_pct}
                      fmt={fmt}
                      currency={currency}
                    />
                    {explain(row)}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">
                  <Signed
                    value={row.day_change}
                    share={
                      row.day_change === null
                        ? null
                        : dayChangeShare(row.market_value, row.day_change)
                    }
                    fmt={fmt}
                    currency={currency}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
            {cash.map((row) => (
              <Table.Tr key={cashKey(row)} data-cash={row.currency}>
                <Table.Td>
                  <Text fz="sm" fw={650}>
                    Cash · {row.currency}
                  </Text>
                  {row.currency !== currency ? (
                    <Text fz="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(row.balance, row.currency)}
                    </Text>
                  ) : null}
                </Table.Td>
                {perPosition ? (
                  <Table.Td>
                    <Text fz="sm" truncate maw={180}>
                      {names.account(row.account_id) ?? "—"}
                    </Text>
                  </Table.Td>
                ) : null}
                <Table.Td />
                <Table.Td />
                <Table.Td ta="right">
                  <Text
                    fz="sm"
                    fw={600}
                    c={Number(row.market_value) < 0 ? toneColor(-1) : undefined}
                    style={{ whiteSpace: "nowrap" }}
                  >
                    {fmt.money(row.market_value, currency)}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {row.weight === null ? "below zero" : fmt.percent(row.weight, { digits: 1 })}
                  </Text>
                </Table.Td>
                <Table.Td />
                <Table.Td />
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-totals style={{ borderTop: "2px solid var(--pms-surface-border)" }}>
              <Table.Th colSpan={perPosition ? 2 : 1} fz="sm">
                Total · {rows.length} {rows.length === 1 ? "holding" : "holdings"}
                {cash.length > 0 ? " and cash" : ""}
              </Table.Th>
              <Table.Td />
              <Table.Td />
              <Table.Td ta="right">
                <Text fz="sm" fw={700} style={{ whiteSpace: "nowrap" }}>
                  {fmt.money(totals.market_value, currency)}
                </Text>
                <Text fz="xs" c="dimmed">
                  {fmt.percent(totals.weight, { digits: 1 })}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Signed
                  value={totals.unrealized_gain}
                  share={totals.unrealized_gain_pct}
                  fmt={fmt}
                  currency={currency}
                />
              </Table.Td>
              <Table.Td ta="right">
                <Signed
                  value={totals.day_change}
                  share={totals.day_change_pct}
                  fmt={fmt}
                  currency={currency}
                />
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>

      <Stack gap={0} hiddenFrom="md" role="list" aria-label="Holdings" className="pms-figures">
        {rows.map((row, index) => {
          const gainTone = direction(row.unrealized_gain);
          const dayShare =
            row.day_change === null ? null : dayChangeShare(row.market_value, row.day_change);
          return (
            <Paper
              key={rowKey(row)}
              role="listitem"
              data-holding-card={row.symbol}
              px="xs"
              py="sm"
              radius={0}
              bg="transparent"
              style={{
                borderTop: index === 0 ? undefined : "1px solid var(--pms-surface-border)",
              }}
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Box style={{ minWidth: 0, flex: 1 }}>
                  <InstrumentLink row={row} name={names.instrument(row.instrument_id)} />
                </Box>
                <Stack gap={0} align="flex-end">
                  <Text fz="sm" fw={650} style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(row.market_value, currency)}
                  </Text>
                  <Text fz="xs" c={toneColor(direction(row.day_change)) ?? "dimmed"}>
                    {dayShare === null ? "—" : `${fmt.percent(dayShare, { signed: true })} today`}
                  </Text>
                </Stack>
              </Group>
              <Text fz="xs" c="dimmed" mt={4} style={{ overflowWrap: "anywhere" }}>
                {fmt.quantity(row.quantity)} × {fmt.price(row.price, row.currency)}
                {perPosition && names.account(row.account_id)
                  ? ` · ${names.account(row.account_id)}`
                  : ""}
              </Text>
              <Group justify="space-between" gap="xs" mt={2} wrap="nowrap">
                <Text fz="xs" c="dimmed">
                  Avg {fmt.price(row.average_cost, row.currency)} · weight{" "}
                  {fmt.percent(row.weight, { digits: 1 })}
                </Text>
                <Group gap={2} wrap="nowrap">
                  <Text fz="xs" fw={600} c={toneColor(gainTone)} style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(row.unrealized_gain, currency, { signed: true })} (
                    {fmt.percent(row.unrealized_gain_pct, { signed: true })})
                  </Text>
                  {explain(row)}
                </Group>
              </Group>
            </Paper>
          );
        })}
        {cash.map((row) => (
          <Paper
            key={cashKey(row)}
            role="listitem"
            data-cash-card={row.currency}
            px="xs"
            py="sm"
            radius={0}
            bg="transparent"
            style={{ borderTop: "1px solid var(--pms-surface-border)" }}
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <Box style={{ minWidth: 0, flex: 1 }}>
                <Text fz="sm" fw={650}>
                  Cash · {row.currency}
                </Text>
                <Text fz="xs" c="dimmed" truncate>
                  {names.account(row.account_id) ?? "All accounts"}
                </Text>
              </Box>
              <Stack gap={0} align="flex-end">
                <Text
                  fz="sm"
                  fw={650}
                  c={Number(row.market_value) < 0 ? toneColor(-1) : undefined}
                  style={{ whiteSpace: "nowrap" }}
                >
                  {fmt.money(row.market_value, currency)}
                </Text>
                <Text fz="xs" c="dimmed">
                  {row.weight === null
                    ? "below zero"
                    : `weight ${fmt.percent(row.weight, { digits: 1 })}`}
                </Text>
              </Stack>
            </Group>
          </Paper>
        ))}
        <Paper
          role="listitem"
          data-totals-card
          px="xs"
          py="sm"
          radius={0}
          bg="transparent"
          style={{ borderTop: "2px solid var(--pms-surface-border)" }}
        >
          <Group justify="space-between" wrap="nowrap">
            <Text fz="sm" fw={700}>
              Total
            </Text>
            <Text fz="sm" fw={700}>
              {fmt.money(totals.market_value, currency)}
            </Text>
          </Group>
          <Group justify="space-between" wrap="nowrap" mt={2}>
            <Text fz="xs" c={toneColor(direction(totals.day_change)) ?? "dimmed"}>
              {fmt.money(totals.day_change, currency, { signed: true })} today
            </Text>
            <Text fz="xs" fw={600} c={toneColor(direction(totals.unrealized_gain))}>
              {fmt.money(totals.unrealized_gain, currency, { signed: true })} (
              {fmt.percent(totals.unrealized_gain_pct, { signed: true })})
            </Text>
          </Group>
        </Paper>
      </Stack>
    </>
  );
}
