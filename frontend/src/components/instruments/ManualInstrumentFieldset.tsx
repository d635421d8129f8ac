// Adding an instrument by hand (no market data provider): symbol, name, currency and asset class.
// It sits inside another form, so it has no <form> of its own: Enter and its button submit it.
import { Button, Fieldset, Group, Select, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import type { KeyboardEvent } from "react";
import { useCreateInstrument } from "../../api/instruments";
import { useFormatter } from "../../api/session";
import type { AssetClass, InstrumentPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import { CurrencySelect } from "../CurrencySelect";
import { ASSET_CLASS_OPTIONS } from "./assetClasses";

interface Values {
  symbol: string;
  name: string;
  currency: string;
  asset_class: AssetClass;
}

const FIELDS = { symbol: "symbol", name: "name", currency: "currency", asset_class: "asset_class" };

export function validateManualInstrument(values: Values): Partial<Record<keyof Values, string>> {
  const errors: Partial<Record<keyof Values, string>> = {};
  const symbol = values.symbol.trim();
  if (symbol === "") errors.symbol = "Enter a symbol, e.g. your fund's ticker or a short name";
  else if (symbol.length > 32) errors.symbol = "Use at most 32 characters";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the API refuses these characters
  else if (/[\t\n\r\u0000-\u001f]/.test(symbol)) errors.symbol = "Use one line without tabs";
  const name = values.name.trim();
  if (name === "") errors.name = "Enter the instrument's name";
  else if (name.length > 200) errors.name = "Use at most 200 characters";
  if (!values.currency) errors.currency = "Choose the currency it is priced in";
  return errors;
}

export function ManualInstrumentFieldset({
  symbol,
  currency,
  onCreated,
  onCancel,
}: {
  symbol: string;
  currency: string | undefined;
  onCreated: (instrument: InstrumentPublic) => void;
  onCancel: () => void;
}) {
  const fmt = useFormatter();
  const create = useCreateInstrument();
  const form = useForm<Values>({
    initialValues: {
      symbol: symbol.toUpperCase(),
      name: "",
      currency: currency ?? fmt.currency,
      asset_class: "equity",
    },
    validate: validateManualInstrument,
  });

  const save = () => {
    if (form.validate().hasErrors) return;
    const values = form.getValues();
    create.mutate(
      {
        body: {
          symbol: values.symbol.trim(),
          name: values.name.trim(),
          currency: values.currency,
          asset_class: values.asset_class,
          data_source: "manual",
        },
      },
      {
        onSuccess: (instrument) => {
          notifySuccess(
            `${instrument.symbol} was added. Enter its prices on its page.`,
            "Instrument added",
          );
          onCreated(instrument);
        },
        onError: (error) => reportError(error, form, FIELDS),
      },
    );
  };

  const submitOnEnter = (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      save();
    }
  };

  return (
    <Fieldset legend="New instrument, entered by hand" variant="filled" radius="md">
      <Text fz="xs" c="dimmed" mb="sm">
        For anything the market data provider does not know or cannot reach: its prices are entered
        or uploaded on its page.
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label="Symbol"
          required
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          onKeyDown={submitOnEnter}
          {...form.getInputProps("symbol")}
        />
        <TextInput
          label="Name"
          required
          onKeyDown={submitOnEnter}
          {...form.getInputProps("name")}
        />
        <CurrencySelect
          label="Currency"
          required
          locale={fmt.locale}
          {...form.getInputProps("currency")}
        />
        <Select
          label="Asset class"
          allowDeselect={false}
          data={ASSET_CLASS_OPTIONS}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps("asset_class")}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" size="xs" onClick={onCancel}>
          Back to search
        </Button>
        <Button size="xs" onClick={save} loading={create.isPending}>
          Add instrument
        </Button>
      </Group>
    </Fieldset>
  );
}
