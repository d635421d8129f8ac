// Choosing an instrument: instruments already in the catalogue by symbol, name or ISIN, and the
// market data provider's candidates (debounced); a candidate is added to the catalogue when chosen.
// When the provider cannot be reached or knows nothing, entering the instrument by hand is offered.
import {
  Alert,
  Button,
  CloseButton,
  Combobox,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  useCombobox,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle, IconPencilPlus, IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import {
  isProviderDown,
  useCreateInstrument,
  useInstrumentSearch,
  useSymbolLookup,
} from "../../api/instruments";
import { asApiError } from "../../api/problem";
import type { InstrumentCandidate, InstrumentPublic } from "../../client/types.gen";
import { reportError } from "../../feedback";
import type { InstrumentRef } from "../transactions/rules";
import { ASSET_CLASS_LABELS } from "./assetClasses";

/** How long typing must pause before the provider is asked. */
export const LOOKUP_DEBOUNCE_MS = 350;
const KNOWN_DEBOUNCE_MS = 150;

const MANUAL = "manual:";

export function instrumentLabel(instrument: Pick<InstrumentRef, "symbol" | "name">): string {
  return instrument.name && instrument.name !== instrument.symbol
    ? `${instrument.symbol} — ${instrument.name}`
    : instrument.symbol;
}

function candidateKey(candidate: InstrumentCandidate): string {
  return `candidate:${candidate.symbol}`;
}

export interface InstrumentPickerProps {
  label: string;
  value: InstrumentRef | null;
  onChange: (instrument: InstrumentRef | null) => void;
  /** Open the manual-instrument form, with what was typed as its symbol (none: not offered). */
  onAddManually?: (symbol: string) => void;
  error?: React.ReactNode;
  required?: boolean;
  /** Also search the market data provider (off for filters: they need known instruments). */
  withLookup?: boolean;
  description?: string;
  placeholder?: string;
}

export function InstrumentPicker({
  label,
  value,
  onChange,
  onAddManually,
  error,
  required,
  withLookup = true,
  description,
  placeholder = "Search by symbol, name or ISIN",
}: InstrumentPickerProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [search, setSearch] = useState(value ? instrumentLabel(value) : "");
  const [typed, setTyped] = useState(false);
  const [debounced] = useDebouncedValue(typed ? search : "", LOOKUP_DEBOUNCE_MS);
  // The catalogue is ours and quick: a shorter pause than for the provider.
  const [debouncedKnown] = useDebouncedValue(typed ? search : "", KNOWN_DEBOUNCE_MS);
  const known = useInstrumentSearch(debouncedKnown, 12);
  const lookup = useSymbolLookup(withLookup ? debounced : "");
  const create = useCreateInstrument();

  // A value set from outside (editing, a new manual instrument) shows its name.
  useEffect(() => {
    setSearch(value ? instrumentLabel(value) : "");
    setTyped(false);
  }, [value]);

  const knownItems: InstrumentPublic[] = known.data?.items ?? [];
  const knownSymbols = new Set(
    knownItems.filter((i) => i.data_source === "yahoo").map((i) => i.symbol.toUpperCase()),
  );
  const candidates = (lookup.data?.items ?? []).filter(
    (c) => !knownSymbols.has(c.symbol.toUpperCase()),
  );
  const query = typed ? search.trim() : "";
  const providerDown = withLookup && lookup.isError && isProviderDown(lookup.error);
  const lookupFailed = withLookup && lookup.isError && !providerDown;
  const nothingFound =
    withLookup &&
    query !== "" &&
    lookup.isSuccess &&
    debounced.trim() === query &&
    lookup.data.items.length === 0 &&
    knownItems.length === 0;

  const choose = (instrument: InstrumentRef) => {
    onChange({
      id: instrument.id,
      symbol: instrument.symbol,
      name: instrument.name,
      currency: instrument.currency,
    });
    setSearch(instrumentLabel(instrument));
    setTyped(false);
    combobox.closeDropdown();
  };

  const submit = (key: string) => {
    if (key.startsWith(MANUAL)) {
      combobox.closeDropdown();
      onAddManually?.(key.slice(MANUAL.length));
      return;
    }
    const existing = knownItems.find((i) => `known:${i.id}` === key);
    if (existing) {
      choose(existing);
      return;
    }
    const candidate = candidates.find((c) => candidateKey(c) === key);
    if (!candidate) return;
    combobox.closeDropdown();
    create.mutate(
      {
        body: {
          symbol: candidate.symbol,
          data_source: "yahoo",
          name: candidate.name,
          currency: candidate.currency,
          asset_class: candidate.asset_class,
          exchange: candidate.exchange,
          sector: candidate.sector,
          country: candidate.country,
        },
      },
      { onSuccess: choose, onError: (e) => reportError(e) },
    );
  };

  const searching = withLookup && query !== "" && (lookup.isFetching || debounced.trim() !== query);

  return (
    <Stack gap={6}>
      <Combobox store={combobox} onOptionSubmit={submit} withinPortal>
        <Combobox.Target withExpandedAttribute>
          <TextInput
            label={label}
            description={description}
            required={required}
            error={error}
            placeholder={placeholder}
            value={search}
            autoComplete="off"
            spellCheck={false}
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSectionPointerEvents="all"
            rightSection={
              create.isPending ? (
                <Loader size={16} aria-label="Adding the instrument" />
              ) : value ? (
                <CloseButton
                  size="sm"
                  aria-label="Clear the instrument"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => onChange(null)}
                />
              ) : null
            }
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setTyped(true);
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onClick={() => combobox.openDropdown()}
            onFocus={() => combobox.openDropdown()}
            onBlur={() => {
              combobox.closeDropdown();
              // What was typed stays while it can still be added by hand (the note below uses it).
              if (!onAddManually || !typed || search.trim() === "") {
                setSearch(value ? instrumentLabel(value) : "");
                setTyped(false);
              }
            }}
          />
        </Combobox.Target>
        <Combobox.Dropdown>
          <Combobox.Options mah={320} style={{ overflowY: "auto" }}>
            {knownItems.length > 0 ? (
              <Combobox.Group label="Your instruments">
                {knownItems.map((instrument) => (
                  <Combobox.Option value={`known:${instrument.id}`} key={instrument.id}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text fz="sm" truncate>
                        <b>{instrument.symbol}</b> {instrument.name}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {instrument.currency}
                      </Text>
                    </Group>
                  </Combobox.Option>
                ))}
              </Combobox.Group>
            ) : null}
            {candidates.length > 0 ? (
              <Combobox.Group label="From the market data provider">
                {candidates.map((candidate) => (
                  <Combobox.Option value={candidateKey(candidate)} key={candidate.symbol}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text fz="sm" truncate>
                        <b>{candidate.symbol}</b> {candidate.name ?? ""}
                      </Text>
                      <Text fz="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                        {[
                          ASSET_CLASS_LABELS[candidate.asset_class],
                          candidate.exchange,
                          candidate.currency,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </Text>
                    </Group>
                  </Combobox.Option>
                ))}
              </Combobox.Group>
            ) : null}
            {searching ? (
              <Combobox.Empty>
                <Group gap={6} justify="center">
                  <Loader size={12} aria-hidden />
                  Searching the market data provider…
                </Group>
              </Combobox.Empty>
            ) : null}
            {!searching && knownItems.length === 0 && candidates.length === 0 ? (
              <Combobox.Empty>
                {query === "" ? "Type a symbol, name or ISIN" : "No instrument matches"}
              </Combobox.Empty>
            ) : null}
            {onAddManually ? (
              <Combobox.Option value={`${MANUAL}${query}`}>
                <Group gap={6} wrap="nowrap">
                  <IconPencilPlus size={16} aria-hidden />
                  <Text fz="sm">
                    {query ? `Add “${query}” by hand…` : "Add an instrument by hand…"}
                  </Text>
                </Group>
              </Combobox.Option>
            ) : null}
          </Combobox.Options>
          {providerDown || lookupFailed || known.isError ? (
            <Combobox.Footer>
              {providerDown ? (
                <Text fz="xs" c="orange.8">
                  The market data provider cannot be reached: search your instruments, or add a new
                  one by hand.
                </Text>
              ) : null}
              {lookupFailed ? (
                <Text fz="xs" c="var(--pms-loss)">
                  The provider's search failed: {asApiError(lookup.error).detail}
                </Text>
              ) : null}
              {known.isError ? (
                <Text fz="xs" c="var(--pms-loss)">
                  Your instruments could not be searched: {asApiError(known.error).detail}
                </Text>
              ) : null}
            </Combobox.Footer>
          ) : null}
        </Combobox.Dropdown>
      </Combobox>
      {onAddManually && (providerDown || nothingFound) ? (
        <Alert
          color={providerDown ? "orange" : "gray"}
          variant="light"
          p="xs"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          role="status"
        >
          <Group justify="space-between" gap="xs">
            <Text fz="sm" style={{ flex: "1 1 220px" }}>
              {providerDown
                ? `The market data provider cannot be reached (${asApiError(lookup.error).detail}). Add the instrument by hand; its prices can be entered or uploaded later.`
                : `The market data provider does not know “${query}”. Check the symbol, or add the instrument by hand.`}
            </Text>
            <Button
              size="xs"
              variant="filled"
              leftSection={<IconPencilPlus size={14} aria-hidden />}
              onClick={() => onAddManually(query)}
            >
              Add by hand
            </Button>
          </Group>
        </Alert>
      ) : null}
    </Stack>
  );
}
