// Choosing a benchmark: any instrument of the catalogue the user can see, searched as they type.
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useInstrument, useInstrumentSearch } from "../../api/instruments";
import type { InstrumentPublic } from "../../client/types.gen";
import { instrumentLabel } from "../instruments/InstrumentPicker";

const SEARCH_DEBOUNCE_MS = 200;

export function BenchmarkPicker({
  value,
  onChange,
}: {
  value: number | null;
  onChange: (id: number | null) => void;
}) {
  const [search, setSearch] = useState("");
  const chosen = useInstrument(value);
  const chosenLabel = chosen.data ? instrumentLabel(chosen.data) : "";
  // Once chosen, the box shows the choice's label: that is not a search.
  const typed = search === chosenLabel ? "" : search;
  const [debounced] = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);
  const found = useInstrumentSearch(debounced, 20);
  const options = new Map<number, InstrumentPublic>();
  if (chosen.data) options.set(chosen.data.id, chosen.data);
  for (const instrument of found.data?.items ?? []) options.set(instrument.id, instrument);

  return (
    <Select
      aria-label="Benchmark"
      placeholder="Compare with…"
      size="xs"
      w={{ base: "100%", xs: 220 }}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // The catalogue already matched symbol, name and ISIN: show what it found.
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isFetching ? "Searching…" : "No instrument matches"}
      data={[...options.values()].map((instrument) => ({
        value: String(instrument.id),
        label: instrumentLabel(instrument),
      }))}
      value={value === null ? null : String(value)}
      onChange={(next) => onChange(next === null ? null : Number(next))}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={280}
    />
  );
}
