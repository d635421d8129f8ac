// A page of transactions: a table on wide screens, a list of cards on phones.
import {
  ActionIcon,
  Badge,
  Box,
  Group,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconDots, IconPencil, IconTrash } from "@tabler/icons-react";
import type { AccountPublic, InstrumentPublic, TransactionPublic } from "../../client/types.gen";
import { compareDecimals, multiplyDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { AnchorLink } from "../RouterLinks";
import { cashEffect, TYPE_COLORS, TYPE_LABELS } from "./types";

export interface TransactionsListProps {
  items: TransactionPublic[];
  accounts: Map<number, AccountPublic>;
  instruments: Map<number, InstrumentPublic>;
  fmt: Formatter;
  order: "asc" | "desc";
  /** Sorting by date is offered when given. */
  onToggleOrder?: () => void;
  onEdit: (txn: TransactionPublic) => void;
  onDelete: (txn: TransactionPublic) => void;
  /** Leave out the instrument column (the instrument page lists one instrument's). */
  hideInstrument?: boolean;
}

function describe(txn: TransactionPublic, instrument: InstrumentPublic | undefined): string {
  const what = instrument?.symbol ?? (txn.instrument_id ? `#${txn.instrument_id}` : "");
  return [TYPE_LABELS[txn.type], what, txn.date].filter(Boolean).join(" ");
}

function Amount({ txn, fmt }: { txn: TransactionPublic; fmt: Formatter }) {
  const effect = cashEffect(txn);
  if (effect === null) {
    // A transfer moves units, not cash: show what they are carried at, when known.
    const value =
      txn.quantity && txn.price
        ? fmt.money(multiplyDecimals(txn.quantity, txn.price), txn.currency)
        : "—";
    return (
      <Text fz="sm" c="dimmed" className="pms-figures" style={{ whiteSpace: "nowrap" }}>
        {value}
      </Text>
    );
  }
  const sign = compareDecimals(effect, "0");
  return (
    <Text
      fz="sm"
      fw={600}
      className="pms-figures"
      c={sign > 0 ? "var(--pms-gain)" : undefined}
      style={{ whiteSpace: "nowrap" }}
    >
      {fmt.money(effect, txn.currency, { signed: true })}
    </Text>
  );
}

function Units({ txn, fmt }: { txn: TransactionPublic; fmt: Formatter }) {
  if (!txn.quantity) return null;
  return (
    <>
      {fmt.quantity(txn.quantity)}
      {txn.price ? ` × ${fmt.price(txn.price, txn.currency)}` : ""}
    </>
  );
}

function InstrumentCell({
  txn,
  instrument,
  compact = false,
}: {
  txn: TransactionPublic;
  instrument: InstrumentPublic | undefined;
  compact?: boolean;
}) {
  if (txn.instrument_id === null)
    return (
      <Text fz="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Box style={{ minWidth: 0 }}>
      <AnchorLink
        to="/holdings/$instrumentId"
        params={{ instrumentId: String(txn.instrument_id) }}
        fz="sm"
        fw={600}
      >
        {instrument?.symbol ?? `#${txn.instrument_id}`}
      </AnchorLink>
      {instrument && !compact ? (
        <Text fz="xs" c="dimmed" truncate maw={220}>
          {instrument.name}
        </Text>
      ) : null}
    </Box>
  );
}

function RowActions({
  txn,
  label,
  onEdit,
  onDelete,
}: {
  txn: TransactionPublic;
  label: string;
  onEdit: (txn: TransactionPublic) => void;
  onDelete: (txn: TransactionPublic) => void;
}) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${label}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => onEdit(txn)}>
          Edit…
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={16} aria-hidden />}
          onClick={() => onDelete(txn)}
        >
          Delete…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function TypeBadge({ txn }: { txn: TransactionPublic }) {
  return (
    <Badge variant="light" color={TYPE_COLORS[txn.type]} size="sm" miw="max-content">
      {TYPE_LABELS[txn.type]}
    </Badge>
  );
}

export function TransactionsList({
  items,
  accounts,
  instruments,
  fmt,
  order,
  onToggleOrder,
  onEdit,
  onDelete,
  hideInstrument = false,
}: TransactionsListProps) {
  const SortIcon = order === "desc" ? IconArrowDown : IconArrowUp;
  return (
    <>
      <Table.ScrollContainer minWidth={720} visibleFrom="md" type="native">
        <Table verticalSpacing="sm" highlightOnHover aria-label="Transactions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th aria-sort={order === "desc" ? "descending" : "ascending"}>
                {onToggleOrder ? (
                  <UnstyledButton onClick={onToggleOrder} fz="sm" fw={700}>
                    <Group gap={4} wrap="nowrap">
                      Date
                      <SortIcon size={14} aria-hidden />
                      <VisuallyHidden>
                        {order === "desc" ? ", newest first" : ", oldest first"}
                      </VisuallyHidden>
                    </Group>
                  </UnstyledButton>
                ) : (
                  "Date"
                )}
              </Table.Th>
              <Table.Th>Type</Table.Th>
              {hideInstrument ? null : <Table.Th>Instrument</Table.Th>}
              <Table.Th>Account</Table.Th>
              <Table.Th ta="right">Units</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th w={48}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((txn) => {
              const instrument = txn.instrument_id ? instruments.get(txn.instrument_id) : undefined;
              return (
                <Table.Tr key={txn.id} data-transaction={txn.id}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text fz="sm">{fmt.date(txn.date)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <TypeBadge txn={txn} />
                  </Table.Td>
                  {hideInstrument ? null : (
                    <Table.Td>
                      <InstrumentCell txn={txn} instrument={instrument} />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Text fz="sm" truncate maw={200}>
                      {accounts.get(txn.account_id)?.name ?? `#${txn.account_id}`}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text fz="sm" className="pms-figures" style={{ whiteSpace: "nowrap" }}>
                      <Units txn={txn} fmt={fmt} />
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Amount txn={txn} fmt={fmt} />
                  </Table.Td>
                  <Table.Td>
                    <RowActions
                      txn={txn}
                      label={describe(txn, instrument)}
                      onEdit={onEdit}
                      onDelete={onDelete}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Stack gap={0} hiddenFrom="md" aria-label="Transactions" role="list">
        {items.map((txn, index) => {
          const instrument = txn.instrument_id ? instruments.get(txn.instrument_id) : undefined;
          return (
            <Paper
              key={txn.id}
              role="listitem"
              data-transaction-card={txn.id}
              px="xs"
              py="sm"
              radius={0}
              style={{
                borderTop: index === 0 ? undefined : "1px solid var(--pms-surface-border)",
              }}
              bg="transparent"
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap={6} wrap="nowrap">
                    <TypeBadge txn={txn} />
                    {txn.instrument_id && !hideInstrument ? (
                      <InstrumentCell txn={txn} instrument={instrument} compact />
                    ) : null}
                  </Group>
                  <Text fz="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                    {fmt.date(txn.date)} · {accounts.get(txn.account_id)?.name ?? ""}
                    {txn.quantity ? " · " : ""}
                    <Units txn={txn} fmt={fmt} />
                  </Text>
                </Stack>
                <Group gap={2} wrap="nowrap">
                  <Amount txn={txn} fmt={fmt} />
                  <RowActions
                    txn={txn}
                    label={describe(txn, instrument)}
                    onEdit={onEdit}
                    onDelete={onDelete}
                  />
                </Group>
              </Group>
            </Paper>
          );
        })}
      </Stack>
    </>
  );
}
