// Allocation donut with a switch of what it is split by (`GET /portfolio/allocation?by=`).
import {
  Box,
  ColorSwatch,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import type { AllocationKey, AllocationSlicePublic, AssetClass } from "../../client/types.gen";
import type { Formatter } from "../../format";
import { DonutChart } from "../charts/DonutChart";
import { useChartPalette } from "../charts/palette";
import { ASSET_CLASS_LABELS } from "../instruments/assetClasses";

export const ALLOCATION_KEYS: readonly AllocationKey[] = [
  "asset_class",
  "sector",
  "country",
  "currency",
  "account",
  "instrument",
];

export const ALLOCATION_LABELS: Record<AllocationKey, string> = {
  asset_class: "Asset class",
  sector: "Sector",
  country: "Country",
  currency: "Currency",
  account: "Account",
  instrument: "Instrument",
};

export interface AllocationSlice {
  name: string;
  value: string;
  /** Share of the total, 0–1. */
  weight: number;
}

/**
 * A slice's name: the account's name or the instrument's symbol (`label`), an asset class in
 * words, or the sector, country or currency as it is. A slice without a key holds what has none:
 * cash (which has no instrument, sector or country) and instruments without a sector or country.
 */
export function sliceName(by: AllocationKey, slice: AllocationSlicePublic): string {
  if (slice.label) return slice.label;
  if (slice.key === null) {
    return by === "instrument" ? "Cash" : "Unclassified";
  }
  if (by === "asset_class") {
    return ASSET_CLASS_LABELS[slice.key as AssetClass] ?? String(slice.key);
  }
  return String(slice.key);
}

export function allocationSlices(
  by: AllocationKey,
  items: readonly AllocationSlicePublic[],
): AllocationSlice[] {
  return items.map((item) => ({
    name: sliceName(by, item),
    value: item.market_value,
    weight: item.weight ?? 0,
  }));
}

export function AllocationCard({
  by,
  onByChange,
  slices,
  fmt,
  currency,
  loading,
  updating = false,
}: {
  by: AllocationKey;
  onByChange: (by: AllocationKey) => void;
  slices: AllocationSlice[];
  fmt: Formatter;
  currency: string;
  loading: boolean;
  /** Another split is loading: this one stays on screen, dimmed. */
  updating?: boolean;
}) {
  const palette = useChartPalette();
  // Largest first, as the donut draws them, so each row's swatch is its slice's colour.
  const sorted = [...slices]
    .filter((slice) => Number(slice.value) > 0)
    .sort((a, b) => b.weight - a.weight);
  const label = `Allocation by ${ALLOCATION_LABELS[by].toLowerCase()}`;
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }} h="100%">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Title order={2} fz="md">
            Allocation
          </Title>
          <Select
            aria-label="Split by"
            size="xs"
            w={140}
            allowDeselect={false}
            data={ALLOCATION_KEYS.map((key) => ({ value: key, label: ALLOCATION_LABELS[key] }))}
            value={by}
            onChange={(value) => value && onByChange(value as AllocationKey)}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        {loading ? (
          <Skeleton height={220} circle mx="auto" w={220} aria-label="Loading the allocation" />
        ) : sorted.length === 0 ? (
          <Text fz="sm" c="dimmed" ta="center" py="xl">
            Nothing held yet.
          </Text>
        ) : (
          <Stack
            gap="sm"
            style={{ opacity: updating ? 0.55 : 1, transition: "opacity 120ms" }}
            aria-busy={updating || undefined}
          >
            <Box maw={260} w="100%" mx="auto">
              <DonutChart
                ariaLabel={label}
                height={220}
                slices={sorted.map((s) => ({ name: s.name, value: s.value }))}
                formatValue={(value) => fmt.money(value, currency)}
                formatShare={(share) => fmt.percent(share, { digits: 1 })}
              />
            </Box>
            <Table verticalSpacing={5} horizontalSpacing={6} aria-label={label}>
              <Table.Tbody className="pms-figures">
                {sorted.map((slice, index) => (
                  <Table.Tr key={slice.name}>
                    <Table.Td style={{ maxWidth: 0, width: "100%" }}>
                      <Group gap={8} wrap="nowrap">
                        <ColorSwatch
                          color={palette.series[index % palette.series.length] ?? "#888"}
                          size={10}
                          withShadow={false}
                          aria-hidden
                        />
                        <Text fz="sm" lineClamp={2}>
                          {slice.name}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                      {fmt.money(slice.value, currency)}
                    </Table.Td>
                    <Table.Td ta="right" fz="sm" c="dimmed" w={64}>
                      {fmt.percent(slice.weight, { digits: 1 })}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
