// Loss harvesting: the open lots below their cost, the largest loss first, with the term a sale
// today would realize and, when the US wash-sale check is on, the purchases of the same instrument
// within 30 days that would disallow the loss (reported, not enforced).
import { Badge, Group, Paper, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useLossLots } from "../../api/portfolio";
import type { Formatter } from "../../format";
import { ListSkeleton } from "../ListSkeleton";
import { LoadError } from "../LoadError";
import { TERM_LABELS } from "./terms";

export function HarvestCard({
  fmt,
  accountName,
}: {
  fmt: Formatter;
  accountName: (id: number) => string;
}) {
  const [washSale, setWashSale] = useState(false);
  const lots = useLossLots(washSale);
  const items = lots.data?.items ?? [];
  const ccy = lots.data?.currency ?? fmt.currency;
  return (
    <Paper withBorder p={{ base: "xs", md: "md" }}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="xs">
        <div>
          <Title order={2} fz="md">
            Losses you could realize
          </Title>
          <Text fz="xs" c="dimmed">
            Lots now worth less than they cost, the largest loss first: selling one would realize
            its loss, short- or long-term.
          </Text>
        </div>
        <Switch
          label="US wash-sale check"
          checked={washSale}
          onChange={(event) => setWashSale(event.currentTarget.checked)}
        />
      </Group>
      {lots.isError ? (
        <LoadError
          what="The lots at a loss"
          error={lots.error}
          onRetry={() => void lots.refetch()}
        />
      ) : lots.isPending ? (
        <ListSkeleton rows={2} label="Loading the lots at a loss" />
      ) : items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No lot is below its cost.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700} type="native">
          <Table aria-label="Lots at a loss" className="pms-figures" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Instrument</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Acquired</Table.Th>
                <Table.Th ta="right">Quantity</Table.Th>
                <Table.Th ta="right">Cost</Table.Th>
                <Table.Th ta="right">Value</Table.Th>
                <Table.Th ta="right">Loss</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((lot) => (
                <Table.Tr key={`${lot.account_id}-${lot.lot_id}`}>
                  <Table.Td>
                    <Text fz="sm" fw={650}>
                      {lot.symbol}
                    </Text>
                    {lot.wash_sale_purchases && lot.wash_sale_purchases.length > 0 ? (
                      <Stack gap={2} mt={2}>
                        <Badge color="orange" variant="light" tt="none">
                          Wash sale
                        </Badge>
                        <Text fz="xs" c="dimmed">
                          Bought again{" "}
                          {lot.wash_sale_purchases
                            .map((p) => `${fmt.quantity(p.quantity)} on ${fmt.date(p.date)}`)
                            .join(", ")}
                          : the loss would be disallowed
                        </Text>
                      </Stack>
                    ) : null}
                  </Table.Td>
                  <Table.Td fz="sm">{accountName(lot.account_id)}</Table.Td>
                  <Table.Td fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {fmt.date(lot.acquired)}
                    {lot.term ? (
                      <Text fz="xs" c="dimmed">
                        {TERM_LABELS[lot.term]}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm">
                    {fmt.quantity(lot.quantity)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(lot.cost_basis, ccy)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(lot.market_value, ccy)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm" c="var(--pms-loss)" style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(lot.unrealized_gain, ccy, { signed: true })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
