// Allocation donut with a switch of what it is split by (`GET /portfolio/allocation?by=`).
import { Group, Paper, Select, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import type { Formatter } from "../../format";
import { DonutChart } from "../charts/DonutChart";

export const ALLOCATION_KEYS = [
  "asset_class",
  "currency",
  "account",
  "sector",
  "country",
  "instrument",
] as const;
export type AllocationKey = (typeof ALLOCATION_KEYS)[number];

export const ALLOCATION_LABELS: Record<AllocationKey, string> = {
  asset_class: "Asset class",
  currency: "Currency",
  account: "Account",
  sector: "Sector",
  country: "Country",
  instrument: "Instrument",
};

export interface AllocationSlice {
  name: string;
  value: string;
  /** Share of the total, 0–1. */
  weight: number;
}

export function AllocationCard({
  by,
  onByChange,
  slices,
  fmt,
  currency,
  loading,
}: {
  by: AllocationKey;
  onByChange: (by: AllocationKey) => void;
  slices: AllocationSlice[];
  fmt: Formatter;
  currency: string;
  loading: boolean;
}) {
  const sorted = [...slices].sort((a, b) => b.weight - a.weight);
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="md">
            Allocation
          </Title>
          <Select
            aria-label="Split by"
            size="xs"
            w={150}
            allowDeselect={false}
            data={ALLOCATION_KEYS.map((key) => ({ value: key, label: ALLOCATION_LABELS[key] }))}
            value={by}
            onChange={(value) => value && onByChange(value as AllocationKey)}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        {loading ? (
          <Skeleton height={240} circle mx="auto" w={240} aria-label="Loading the allocation" />
        ) : sorted.length === 0 ? (
          <Text fz="sm" c="dimmed" ta="center" py="xl">
            Nothing held yet.
          </Text>
        ) : (
          <>
            <DonutChart
              ariaLabel={`Allocation by ${ALLOCATION_LABELS[by].toLowerCase()}`}
              slices={sorted.map((s) => ({ name: s.name, value: s.value }))}
              formatValue={(value) => fmt.money(value, currency)}
              formatShare={(share) => fmt.percent(share, { digits: 1 })}
            />
            <Table
              verticalSpacing={4}
              aria-label={`Allocation by ${ALLOCATION_LABELS[by].toLowerCase()}`}
            >
              <Table.Tbody className="pms-figures">
                {sorted.map((slice) => (
                  <Table.Tr key={slice.name}>
                    <Table.Td>
                      <Text fz="sm" truncate maw={180}>
                        {slice.name}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" fz="sm">
                      {fmt.money(slice.value, currency)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" c="dimmed" w={70}>
                      {fmt.percent(slice.weight, { digits: 1 })}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>
    </Paper>
  );
}
