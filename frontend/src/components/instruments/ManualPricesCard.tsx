// Prices of a manual instrument: one close entered by hand, or a whole history from a CSV file.
import {
  Button,
  FileButton,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type UseFormReturnType, useForm } from "@mantine/form";
import { IconUpload } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { usePutPrices, useUploadPriceCsv } from "../../api/instruments";
import type { InstrumentPublic, PricePublic } from "../../client/types.gen";
import { compareDecimals, parseDecimal } from "../../decimal";
import { notifySuccess, reportError } from "../../feedback";
import { type Formatter, localToday } from "../../format";

interface Values {
  date: string;
  close: string;
}

/** The form of one close: a date (not in the future) and a price, checked as typed. */
export function useCloseForm(today: string) {
  return useForm<Values>({
    initialValues: { date: today, close: "" },
    validate: (values) => validatePrice(values, today),
  });
}

/** A date, a close in `currency` and a submit button, side by side. */
export function CloseForm({
  form,
  onSubmit,
  today,
  currency,
  label,
  submitLabel,
  loading,
}: {
  form: UseFormReturnType<Values>;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  today: string;
  currency: string;
  label: string;
  submitLabel: string;
  loading: boolean;
}) {
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <TextInput type="date" label="Date" required max={today} {...form.getInputProps("date")} />
        <TextInput
          label="Close"
          required
          inputMode="decimal"
          autoComplete="off"
          rightSection={
            <Text fz="xs" c="dimmed" pr={4}>
              {currency}
            </Text>
          }
          rightSectionWidth={48}
          {...form.getInputProps("close")}
        />
        <Button type="submit" mt={{ base: 0, xs: 25 }} loading={loading}>
          {submitLabel}
        </Button>
      </SimpleGrid>
    </form>
  );
}

export function validatePrice(
  values: Values,
  today: string,
): Partial<Record<keyof Values, string>> {
  const errors: Partial<Record<keyof Values, string>> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) errors.date = "Enter the date";
  else if (values.date > today) errors.date = "The date must not be in the future";
  const close = parseDecimal(values.close);
  if (values.close.trim() === "") errors.close = "Enter the closing price";
  else if (!close.ok) errors.close = "Enter a number, e.g. 101.25";
  else if (compareDecimals(close.value, "0") < 0) errors.close = "Must not be negative";
  return errors;
}

export function ManualPricesCard({
  instrument,
  prices,
  fmt,
}: {
  instrument: InstrumentPublic;
  prices: PricePublic[];
  fmt: Formatter;
}) {
  const put = usePutPrices();
  const upload = useUploadPriceCsv();
  const [adjusted, setAdjusted] = useState(false);
  const today = localToday();
  const form = useCloseForm(today);
  const path = { instrument_id: instrument.id };

  const save = form.onSubmit((values) => {
    const close = parseDecimal(values.close);
    if (!close.ok) return;
    put.mutate(
      { path, body: [{ date: values.date, close: close.value }] },
      {
        onSuccess: () => {
          notifySuccess(
            `${instrument.symbol} closed at ${fmt.price(close.value, instrument.currency)} on ${fmt.date(values.date)}.`,
            "Price saved",
          );
          form.setFieldValue("close", "");
        },
        // The body is a list: the API names the field of its first row "0.close".
        onError: (error) => reportError(error, form, { "0.date": "date", "0.close": "close" }),
      },
    );
  });

  const send = (file: File | null) => {
    if (!file) return;
    upload.mutate(
      { path, query: { split_adjusted: adjusted }, body: { file } },
      {
        onSuccess: (result) =>
          notifySuccess(
            `${result.imported} days from ${fmt.date(result.first_date)} to ${fmt.date(result.last_date)}${
              result.skipped_rows.length > 0
                ? `; ${result.skipped_rows.length} rows without a close skipped`
                : ""
            }.`,
            "Prices imported",
          ),
        onError: (error) => reportError(error),
      },
    );
  };

  const recent = prices.slice(-5).reverse();

  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Title order={2} fz="md">
        Prices
      </Title>
      <Text fz="xs" c="dimmed" mb="sm">
        {instrument.symbol} is entered by hand: add its closes one by one or upload a CSV file with
        Date and Close columns. A price of a day already stored is replaced.
      </Text>
      <Stack gap="md">
        <CloseForm
          form={form}
          onSubmit={save}
          today={today}
          currency={instrument.currency}
          label="Add a closing price"
          submitLabel="Save price"
          loading={put.isPending}
        />
        <Group gap="md" wrap="wrap">
          <FileButton
            onChange={send}
            accept=".csv,text/csv"
            inputProps={{ "aria-label": "CSV file of closing prices" }}
          >
            {(props) => (
              <Button
                variant="default"
                leftSection={<IconUpload size={16} aria-hidden />}
                loading={upload.isPending}
                {...props}
              >
                Upload CSV…
              </Button>
            )}
          </FileButton>
          <Switch
            label="Closes are split-adjusted (a Yahoo download)"
            checked={adjusted}
            onChange={(event) => setAdjusted(event.currentTarget.checked)}
          />
        </Group>
        {recent.length > 0 ? (
          <Table verticalSpacing={4} aria-label="Latest closes" className="pms-figures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th ta="right">Close</Table.Th>
                <Table.Th ta="right">Source</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recent.map((price) => (
                <Table.Tr key={price.date}>
                  <Table.Td>{fmt.date(price.date)}</Table.Td>
                  <Table.Td ta="right">{fmt.price(price.close, instrument.currency)}</Table.Td>
                  <Table.Td ta="right" c="dimmed">
                    {price.source}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Paper>
  );
}
