// A user's own closes of a provider instrument: for a day the provider has no close for, or one
// the user knows better. They count in the user's reports only, over the provider's close.
import {
  ActionIcon,
  Button,
  FileButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { IconTrash, IconUpload } from "@tabler/icons-react";
import { parseDatedCsv } from "../../api/datedCsv";
import { useDeleteOwnPrices, useOwnPrices, usePutOwnPrices } from "../../api/instruments";
import type { InstrumentPublic } from "../../client/types.gen";
import { parseDecimal } from "../../decimal";
import { notifySuccess, reportError } from "../../feedback";
import { type Formatter, localToday } from "../../format";
import { LoadError } from "../LoadError";
import { CloseForm, useCloseForm } from "./ManualPricesCard";

/** How many of the latest own closes the card lists. */
const SHOWN = 8;

export function OwnPricesCard({
  instrument,
  fmt,
}: {
  instrument: InstrumentPublic;
  fmt: Formatter;
}) {
  const own = useOwnPrices(instrument.id);
  const put = usePutOwnPrices();
  const remove = useDeleteOwnPrices();
  const today = localToday();
  const form = useCloseForm(today);
  const path = { instrument_id: instrument.id };
  const symbol = instrument.symbol;

  const save = form.onSubmit((values) => {
    const close = parseDecimal(values.close);
    if (!close.ok) return;
    put.mutate(
      { path, body: [{ date: values.date, close: close.value }] },
      {
        onSuccess: () => {
          notifySuccess(
            `Your close of ${symbol} on ${fmt.date(values.date)} is ${fmt.price(close.value, instrument.currency)}.`,
            "Close saved",
          );
          form.setFieldValue("close", "");
        },
        onError: (error) => reportError(error, form, { "0.date": "date", "0.close": "close" }),
      },
    );
  });

  const upload = async (file: File | null) => {
    if (!file) return;
    const parsed = parseDatedCsv(await file.text(), {
      what: "close",
      example: "101.25",
      zero: true,
    });
    if ("error" in parsed) {
      reportError(new Error(parsed.error));
      return;
    }
    put.mutate(
      { path, body: parsed.rows.map(({ date, value }) => ({ date, close: value })) },
      {
        onSuccess: (saved) =>
          notifySuccess(`${saved.total} of your ${symbol} closes are saved`, "Closes saved"),
        onError: (error) => reportError(error),
      },
    );
  };

  const drop = (day: string | null) =>
    remove.mutate(
      { path, query: day ? { date: day } : {} },
      {
        onSuccess: () =>
          notifySuccess(
            day
              ? `Your close of ${symbol} on ${fmt.date(day)} is removed`
              : `Your closes of ${symbol} are removed`,
          ),
        onError: (error) => reportError(error),
      },
    );

  const items = own.data?.items ?? [];
  const recent = items.slice(-SHOWN).reverse();

  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Title order={2} fz="md">
        Your own closes
      </Title>
      <Text fz="xs" c="dimmed" mb="sm">
        {symbol}'s prices come from the market data provider. A close you enter here counts in your
        reports only, over the provider's close of that day: for a day it has none of, or one you
        know better. A CSV file needs Date and Close columns.
      </Text>
      <Stack gap="md">
        <CloseForm
          form={form}
          onSubmit={save}
          today={today}
          currency={instrument.currency}
          label="Add your own close"
          submitLabel="Save close"
          loading={put.isPending}
        />
        <Group gap="md" wrap="wrap">
          <FileButton
            onChange={(file) => void upload(file)}
            accept=".csv,text/csv,text/plain"
            inputProps={{ "aria-label": "CSV file of your own closes" }}
          >
            {(props) => (
              <Button
                variant="default"
                leftSection={<IconUpload size={16} aria-hidden />}
                loading={put.isPending}
                {...props}
              >
                Upload CSV…
              </Button>
            )}
          </FileButton>
          {items.length > 0 ? (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden />}
              loading={remove.isPending}
              onClick={() => drop(null)}
            >
              Remove all {items.length}
            </Button>
          ) : null}
        </Group>
        {own.isError ? (
          <LoadError what="Your own closes" error={own.error} />
        ) : recent.length > 0 ? (
          <Table verticalSpacing={4} aria-label="Your own closes" className="pms-figures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th ta="right">Close</Table.Th>
                <Table.Th w={40}>
                  <VisuallyHidden>Remove</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recent.map((price) => (
                <Table.Tr key={price.date}>
                  <Table.Td>{fmt.date(price.date)}</Table.Td>
                  <Table.Td ta="right">{fmt.price(price.close, instrument.currency)}</Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove your close of ${fmt.date(price.date)}`}
                      onClick={() => drop(price.date)}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : own.isSuccess ? (
          <Text fz="sm" c="dimmed">
            You have no own closes of {symbol}: the provider's are used.
          </Text>
        ) : null}
        {items.length > SHOWN ? (
          <Text fz="xs" c="dimmed">
            The latest {SHOWN} of your {items.length} closes, from {fmt.date(items[0]?.date ?? "")}.
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
