// Holdings sold or moved out in full, with what each earned over its life (GET /portfolio/positions
// ?status=closed): so a position sold years ago still shows its result.
import { ActionIcon, Box, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconHelpCircle } from "@tabler/icons-react";
import type { PositionPublic } from "../../client/types.gen";
import { addDecimals } from "../../decimal";
import type { Formatter } from "../../format";
import { direction, toneColor } from "../dashboard/StatCard";
import { AnchorLink } from "../RouterLinks";

/** A closed position's whole result: realized gain plus income net of withholding. */
export function lifetimeGain(position: PositionPublic): string {
  return addDecimals(position.realized_gain, position.income);
}

function Money({ value, fmt, currency }: { value: string; fmt: Formatter; currency: string }) {
  return (
    <Text component="span" fz="sm" c={toneColor(direction(value))} style={{ whiteSpace: "nowrap" }}>
      {fmt.money(value, currency, { signed: true })}
    </Text>
  );
}

export function ClosedPositions({
  positions,
  fmt,
  currency,
  onExplain,
}: {
  positions: PositionPublic[];
  fmt: Formatter;
  currency: string;
  onExplain: (position: PositionPublic) => void;
}) {
  const explain = (position: PositionPublic) => (
    <ActionIcon
      variant="subtle"
      size="sm"
      aria-label={`Explain the result of ${position.symbol}`}
      onClick={() => onExplain(position)}
    >
      <IconHelpCircle size={16} aria-hidden />
    </ActionIcon>
  );
  const link = (position: PositionPublic) => (
    <AnchorLink
      to="/holdings/$instrumentId"
      params={{ instrumentId: String(position.instrument_id) }}
      fz="sm"
      fw={650}
    >
      {position.symbol}
    </AnchorLink>
  );
  const percent = (value: number | null) =>
    value === null ? "—" : fmt.percent(value, { signed: true });
  return (
    <Paper withBorder p={{ base: "xs", md: "md" }}>
      <Stack gap="sm">
        <Box>
          <Title order={2} fz="md">
            Closed positions
          </Title>
          <Text fz="xs" c="dimmed">
            Sold or moved out in full: what each cost, brought in and earned over its life, in{" "}
            {currency}. The result is the realized gain plus the income, net of withholding.
          </Text>
        </Box>
        {positions.length === 0 ? (
          <Text fz="sm" c="dimmed">
            No position has been closed yet.
          </Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={760} visibleFrom="md" type="native">
              <Table verticalSpacing="xs" aria-label="Closed positions" className="pms-figures">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Instrument</Table.Th>
                    <Table.Th>Held</Table.Th>
                    <Table.Th ta="right">Bought</Table.Th>
                    <Table.Th ta="right">Sold</Table.Th>
                    <Table.Th ta="right">Income</Table.Th>
                    <Table.Th ta="right">Fees & taxes</Table.Th>
                    <Table.Th ta="right">Result</Table.Th>
                    <Table.Th ta="right">TWR · MWR</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {positions.map((position) => (
                    <Table.Tr key={position.instrument_id} data-closed={position.symbol}>
                      <Table.Td>{link(position)}</Table.Td>
                      <Table.Td fz="sm" style={{ whiteSpace: "nowrap" }}>
                        {fmt.date(position.first_trade)} → {fmt.date(position.last_trade)}
                      </Table.Td>
                      <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                        {fmt.money(position.bought, currency)}
                      </Table.Td>
                      <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                        {fmt.money(position.sold, currency)}
                      </Table.Td>
                      <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                        {fmt.money(position.income, currency)}
                      </Table.Td>
                      <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                        {fmt.money(addDecimals(position.fees, position.taxes), currency)}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Money value={lifetimeGain(position)} fmt={fmt} currency={currency} />
                          {explain(position)}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                        {percent(position.twr)} · {percent(position.mwr)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Stack gap={0} hiddenFrom="md" role="list" aria-label="Closed positions">
              {positions.map((position, index) => (
                <Box
                  key={position.instrument_id}
                  role="listitem"
                  py="xs"
                  style={{
                    borderTop: index === 0 ? undefined : "1px solid var(--pms-surface-border)",
                  }}
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    {link(position)}
                    <Group gap={2} wrap="nowrap">
                      <Money value={lifetimeGain(position)} fmt={fmt} currency={currency} />
                      {explain(position)}
                    </Group>
                  </Group>
                  <Text fz="xs" c="dimmed">
                    {fmt.date(position.first_trade)} → {fmt.date(position.last_trade)} · bought{" "}
                    {fmt.money(position.bought, currency)}, sold{" "}
                    {fmt.money(position.sold, currency)} · TWR {percent(position.twr)}
                  </Text>
                </Box>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </Paper>
  );
}
