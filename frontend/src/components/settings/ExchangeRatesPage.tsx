// Settings → Exchange rates: the currencies the portfolio converts from, where today's rate of each
// comes from and what each source covers; the user's own rates (entered or uploaded) count over the
// shared ones in their reports only.
import {
  Badge,
  Button,
  FileButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowsExchange, IconPlus, IconTrash, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { parseRatesCsv, useDeleteOwnRates, useFxNeeds, usePutOwnRates } from "../../api/fx";
import { useFormatter } from "../../api/session";
import type { CoveragePublic, FxNeedPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import type { Formatter } from "../../format";
import { EmptyState } from "../EmptyState";
import { ListSkeleton } from "../ListSkeleton";
import { LoadError } from "../LoadError";
import { PageHeader } from "../PageHeader";

const SOURCES: Record<FxNeedPublic["source"], { label: string; color: string }> = {
  own: { label: "Your rates", color: "grape" },
  stored: { label: "Stored", color: "blue" },
  ecb: { label: "ECB (bundled)", color: "teal" },
  transactions: { label: "Your trades' rates", color: "indigo" },
  cross: { label: "Crossed", color: "gray" },
  none: { label: "No rate", color: "red" },
};

function span(coverage: CoveragePublic | null, fmt: Formatter): string {
  if (!coverage) return "—";
  const days =
    coverage.first === coverage.last
      ? fmt.date(coverage.first)
      : `${fmt.date(coverage.first)} – ${fmt.date(coverage.last)}`;
  if (coverage.count === 0) return days;
  return `${days} · ${coverage.count} ${coverage.count === 1 ? "rate" : "rates"}`;
}

function pairOf(need: FxNeedPublic): { base: string; quote: string } {
  const [base = need.currency, quote = ""] = need.pair.split("/");
  return { base, quote };
}

function AddRateModal({ need, onClose }: { need: FxNeedPublic | null; onClose: () => void }) {
  const put = usePutOwnRates();
  const form = useForm({
    initialValues: { date: "", rate: "" },
    validate: {
      date: (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? null : "Enter the date as YYYY-MM-DD"),
      rate: (value) =>
        /^\d+(\.\d+)?$/.test(value.trim()) && Number(value) > 0
          ? null
          : "Enter the rate, a number above 0",
    },
  });
  if (!need) return null;
  const { base, quote } = pairOf(need);
  return (
    <Modal opened onClose={onClose} title={`Your ${need.pair} rate`}>
      <form
        onSubmit={form.onSubmit((values) =>
          put.mutate(
            {
              path: { base, quote },
              body: [{ date: values.date, rate: values.rate.trim() }],
            },
            {
              onSuccess: () => {
                notifySuccess(`Your ${need.pair} rate of ${values.date} is saved`);
                onClose();
              },
              onError: (error) => reportError(error, form, { "0.date": "date", "0.rate": "rate" }),
            },
          ),
        )}
      >
        <Stack>
          <Text fz="sm" c="dimmed">
            1 {base} = rate {quote}, at the close of the day. It counts in your reports only, over
            any shared rate of the same day, until a later rate replaces it.
          </Text>
          <TextInput label="Date" placeholder="2024-03-08" {...form.getInputProps("date")} />
          <TextInput label="Rate" placeholder="1.0875" {...form.getInputProps("rate")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={put.isPending}>
              Save rate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function NeedRow({
  need,
  fmt,
  onAdd,
}: {
  need: FxNeedPublic;
  fmt: Formatter;
  onAdd: (need: FxNeedPublic) => void;
}) {
  const put = usePutOwnRates();
  const remove = useDeleteOwnRates();
  const { base, quote } = pairOf(need);
  const source = SOURCES[need.source];
  const upload = async (file: File | null) => {
    if (!file) return;
    const parsed = parseRatesCsv(await file.text());
    if ("error" in parsed) {
      reportError(new Error(parsed.error));
      return;
    }
    put.mutate(
      { path: { base, quote }, body: parsed.rows },
      {
        onSuccess: (saved) => notifySuccess(`${saved.total} of your ${need.pair} rates are saved`),
        onError: (error) => reportError(error),
      },
    );
  };
  return (
    <Table.Tr data-pair={need.pair}>
      <Table.Th scope="row">
        <Text fw={650} fz="sm">
          {need.pair}
        </Text>
      </Table.Th>
      <Table.Td>
        <Text fz="sm" className="pms-figures">
          {need.rate ?? "—"}
        </Text>
        <Text fz="xs" c="dimmed">
          {need.rate_date ? fmt.date(need.rate_date) : "left out of the reports"}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={source.color} variant="light" tt="none" style={{ overflow: "visible" }}>
          {source.label}
        </Badge>
      </Table.Td>
      <Table.Td fz="sm">
        {span(need.stored, fmt)}
        {need.stored_source ? (
          <Text fz="xs" c="dimmed">
            {need.stored_source === "manual" ? "entered by an administrator" : need.stored_source}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td fz="sm">{span(need.ecb, fmt)}</Table.Td>
      <Table.Td fz="sm">{span(need.own, fmt)}</Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap" justify="flex-end">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onAdd(need)}
            aria-label={`Add your ${need.pair} rate`}
          >
            Add
          </Button>
          <FileButton onChange={(file) => void upload(file)} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant="default"
                loading={put.isPending}
                leftSection={<IconUpload size={14} aria-hidden />}
                aria-label={`Upload your ${need.pair} rates (CSV of date,rate)`}
              >
                CSV
              </Button>
            )}
          </FileButton>
          {need.own ? (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              leftSection={<IconTrash size={14} aria-hidden />}
              aria-label={`Remove your ${need.pair} rates`}
              onClick={() =>
                remove.mutate(
                  { path: { base, quote } },
                  {
                    onSuccess: () => notifySuccess(`Your ${need.pair} rates are removed`),
                    onError: (error) => reportError(error),
                  },
                )
              }
            >
              Remove
            </Button>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function ExchangeRatesPage() {
  const needs = useFxNeeds();
  const fmt = useFormatter();
  const [adding, setAdding] = useState<FxNeedPublic | null>(null);
  let body: React.ReactNode;
  if (needs.isPending) {
    body = (
      <Paper withBorder p="md">
        <ListSkeleton rows={3} label="Loading the exchange rates" />
      </Paper>
    );
  } else if (needs.isError) {
    body = (
      <LoadError
        what="The exchange rates"
        error={needs.error}
        onRetry={() => void needs.refetch()}
      />
    );
  } else if (needs.data.items.length === 0) {
    body = (
      <EmptyState
        icon={<IconArrowsExchange size={28} aria-hidden />}
        title="No exchange rates needed"
      >
        {`Everything you hold and trade is in ${needs.data.currency}.`}
      </EmptyState>
    );
  } else {
    body = (
      <Paper withBorder p={{ base: "xs", md: "md" }}>
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" aria-label="Exchange rates your portfolio needs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Pair</Table.Th>
                <Table.Th>Today's rate</Table.Th>
                <Table.Th miw={130}>From</Table.Th>
                <Table.Th>Stored (shared)</Table.Th>
                <Table.Th>ECB (bundled)</Table.Th>
                <Table.Th>Your rates</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {needs.data.items.map((need) => (
                <NeedRow key={need.pair} need={need} fmt={fmt} onAdd={setAdding} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text fz="xs" c="dimmed" mt="sm">
          A rate is 1 unit of the first currency in the second. Stored rates come from the provider
          or an administrator and are shared; the ECB's reference rates ship with PMS and work
          offline; your own rates count over both in your reports only. A CSV has a date
          (YYYY-MM-DD) and a rate per line.
        </Text>
      </Paper>
    );
  }
  return (
    <>
      <PageHeader
        title="Exchange rates"
        description={`The rates your portfolio is converted into ${needs.data?.currency ?? "your currency"} with, and where each comes from`}
      />
      {body}
      <AddRateModal need={adding} onClose={() => setAdding(null)} />
    </>
  );
}
