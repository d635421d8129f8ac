import { Box, Button, Grid, Group, MultiSelect, Paper, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFilter, IconFilterOff } from "@tabler/icons-react";
import { useInstrument } from "../../api/instruments";
import type { AccountPublic, TransactionType } from "../../client/types.gen";
import { InstrumentPicker } from "../instruments/InstrumentPicker";
import { hasFilters, type TransactionSearch } from "./search";
import { TYPE_OPTIONS } from "./types";

/** The list's filters; every change starts again at the first page. */
export function TransactionFilters({
  search,
  accounts,
  onChange,
}: {
  search: TransactionSearch;
  accounts: AccountPublic[];
  onChange: (next: TransactionSearch) => void;
}) {
  const [opened, { toggle }] = useDisclosure(false);
  const instrument = useInstrument(search.instrument ?? null);
  const set = (patch: Partial<TransactionSearch>) => {
    const next: TransactionSearch = { ...search, ...patch, page: undefined };
    for (const key of Object.keys(next) as (keyof TransactionSearch)[]) {
      const value = next[key];
      if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
        delete next[key];
      }
    }
    onChange(next);
  };
  const active = [search.account, search.type, search.instrument, search.from, search.to].filter(
    Boolean,
  ).length;

  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }} mb="md">
      <Group justify="space-between" hiddenFrom="sm">
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconFilter size={16} aria-hidden />}
          onClick={toggle}
          aria-expanded={opened}
          aria-controls="transaction-filters"
        >
          {active > 0 ? `Filters (${active})` : "Filters"}
        </Button>
        {active > 0 ? (
          <Button variant="subtle" size="compact-sm" color="gray" onClick={() => onChange({})}>
            Clear
          </Button>
        ) : null}
      </Group>
      <Box
        id="transaction-filters"
        display={{ base: opened ? "block" : "none", sm: "block" }}
        mt={{ base: opened ? "sm" : 0, sm: 0 }}
      >
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
            <MultiSelect
              label="Accounts"
              placeholder={search.account ? undefined : "All accounts"}
              data={accounts.map((a) => ({ value: String(a.id), label: a.name }))}
              value={(search.account ?? []).map(String)}
              onChange={(value) => set({ account: value.map(Number) })}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
            <MultiSelect
              label="Types"
              placeholder={search.type ? undefined : "All types"}
              data={TYPE_OPTIONS}
              value={search.type ?? []}
              onChange={(value) => set({ type: value as TransactionType[] })}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
            <InstrumentPicker
              label="Instrument"
              placeholder="All instruments"
              withLookup={false}
              value={search.instrument && instrument.data ? instrument.data : null}
              onChange={(next) => set({ instrument: next?.id })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3, lg: 2 }}>
            <TextInput
              type="date"
              label="From"
              value={search.from ?? ""}
              max={search.to}
              onChange={(event) => set({ from: event.currentTarget.value || undefined })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3, lg: 2 }}>
            <TextInput
              type="date"
              label="To"
              value={search.to ?? ""}
              min={search.from}
              onChange={(event) => set({ to: event.currentTarget.value || undefined })}
            />
          </Grid.Col>
        </Grid>
        {hasFilters(search) ? (
          <Group justify="flex-end" mt="sm" visibleFrom="sm">
            <Button
              variant="subtle"
              size="compact-sm"
              color="gray"
              leftSection={<IconFilterOff size={14} aria-hidden />}
              onClick={() => onChange({})}
            >
              Clear filters
            </Button>
          </Group>
        ) : null}
      </Box>
    </Paper>
  );
}
