// One form for every transaction type: it shows the fields the type takes, checks them as the API
// does, and puts the API's refusals next to the fields they name.
import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMediaQuery } from "@mantine/hooks";
import { IconInfoCircle } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { accountsById, useAccounts } from "../../api/accounts";
import { useFormatter } from "../../api/session";
import { useCreateTransaction, useUpdateTransaction } from "../../api/transactions";
import type { TransactionPublic, TransactionType } from "../../client/types.gen";
import { parseDecimal, subtractDecimals } from "../../decimal";
import { notifySuccess, reportError } from "../../feedback";
import { localToday } from "../../format";
import { InstrumentPicker } from "../instruments/InstrumentPicker";
import { ManualInstrumentFieldset } from "../instruments/ManualInstrumentFieldset";
import { AnchorLink } from "../RouterLinks";
import {
  API_FIELDS,
  createBody,
  currencyOf,
  emptyValues,
  FIELDS_BY_TYPE,
  type InstrumentRef,
  labelsFor,
  type TransactionFormValues,
  tradeTotal,
  updateBody,
  validate,
  valuesFrom,
} from "./rules";
import { TYPE_LABELS, TYPE_OPTIONS } from "./types";

export interface TransactionDraft {
  type?: TransactionType;
  account_id?: number;
  instrument?: InstrumentRef | null;
}

function Currency({ code }: { code: string | undefined }) {
  return code ? (
    <Text fz="xs" c="dimmed" pr={4}>
      {code}
    </Text>
  ) : null;
}

/**
 * Adds a transaction (`transaction` null, starting from `draft`) or edits one (`instrument` is the
 * stored transaction's instrument, loaded by the caller).
 */
export function TransactionFormModal({
  opened,
  onClose,
  transaction,
  instrument,
  draft,
}: {
  opened: boolean;
  onClose: () => void;
  transaction: TransactionPublic | null;
  instrument?: InstrumentRef | null;
  draft?: TransactionDraft;
}) {
  const fmt = useFormatter();
  const accounts = useAccounts();
  const byId = useMemo(() => accountsById(accounts.data?.items), [accounts.data]);
  const create = useCreateTransaction();
  const update = useUpdateTransaction();
  const [manual, setManual] = useState<string | null>(null);
  const today = localToday();
  const phone = useMediaQuery("(max-width: 36em)") ?? false;

  const fxShownFor = (values: TransactionFormValues) => {
    const account = byId.get(Number(values.account_id));
    const currency = currencyOf(values, account, transaction ?? undefined);
    return account !== undefined && currency !== undefined && currency !== account.currency;
  };

  const form = useForm<TransactionFormValues>({
    initialValues: emptyValues("BUY", today),
    validate: (values) => {
      const errors = validate(values, today, fxShownFor(values));
      const account = byId.get(Number(values.account_id));
      if (
        (values.type === "DEPOSIT" || values.type === "WITHDRAWAL") &&
        account !== undefined &&
        !account.track_cash &&
        !errors.account_id
      ) {
        // The API refuses it too: cash is not kept for such an account, so it would change nothing.
        errors.account_id = `${account.name} does not track cash, so a ${values.type === "DEPOSIT" ? "deposit" : "withdrawal"} there would change nothing. Turn on "Track cash" for it on the Accounts page first.`;
      }
      return errors;
    },
  });
  const { setValues, resetDirty, clearErrors } = form;

  useEffect(() => {
    if (!opened) return;
    setManual(null);
    let values: TransactionFormValues;
    if (transaction) {
      values = valuesFrom(transaction, instrument ?? null);
    } else {
      values = emptyValues(draft?.type ?? "BUY", localToday());
      if (draft?.instrument) values.instrument = draft.instrument;
      if (draft?.account_id) values.account_id = String(draft.account_id);
    }
    setValues(values);
    resetDirty(values);
    clearErrors();
  }, [opened, transaction, instrument, draft, setValues, resetDirty, clearErrors]);

  // One account: nothing to choose.
  const onlyAccount = accounts.data?.items.length === 1 ? accounts.data.items[0] : undefined;
  useEffect(() => {
    if (opened && !transaction && onlyAccount && form.getValues().account_id === "") {
      form.setFieldValue("account_id", String(onlyAccount.id));
    }
  }, [opened, transaction, onlyAccount, form]);

  const values = form.getValues();
  const fields = FIELDS_BY_TYPE[values.type];
  const labels = labelsFor(values.type);
  const account = byId.get(Number(values.account_id));
  const currency = currencyOf(values, account, transaction ?? undefined);
  const fxShown = fxShownFor(values);

  const submit = form.onSubmit((next) => {
    const handlers = {
      onSuccess: (saved: TransactionPublic) => {
        notifySuccess(
          `${TYPE_LABELS[saved.type]} of ${fmt.date(saved.date)} ${transaction ? "saved" : "added"}.`,
          transaction ? "Transaction saved" : "Transaction added",
        );
        onClose();
      },
      onError: (error: unknown) => reportError(error, form, API_FIELDS),
    };
    if (transaction) {
      const body = updateBody(transaction, next, fxShown, currency);
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
      update.mutate({ path: { transaction_id: transaction.id }, body }, handlers);
    } else {
      create.mutate({ body: createBody(next, fxShown) }, handlers);
    }
  });

  const total = fields.quantity ? tradeTotal(values) : null;
  const net =
    values.type === "DIVIDEND" || values.type === "INTEREST"
      ? (() => {
          const amount = parseDecimal(values.amount);
          const tax = parseDecimal(values.tax || "0");
          return amount.ok && tax.ok ? subtractDecimals(amount.value, tax.value) : null;
        })()
      : null;
  const totalLabel =
    values.type === "BUY"
      ? "Total cost"
      : values.type === "SELL"
        ? "Net proceeds"
        : values.type === "DIVIDEND" || values.type === "INTEREST"
          ? "Net received"
          : "Value";
  const shownTotal = total ?? net;

  const noAccounts = accounts.isSuccess && accounts.data.items.length === 0;
  const money = (name: "quantity" | "price" | "amount" | "fee" | "tax" | "fx_rate") => ({
    inputMode: "decimal" as const,
    autoComplete: "off",
    ...form.getInputProps(name),
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      fullScreen={phone}
      title={transaction ? "Edit transaction" : "Add a transaction"}
    >
      {noAccounts ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
          A transaction belongs to an account.{" "}
          <AnchorLink to="/accounts" onClick={onClose}>
            Add an account
          </AnchorLink>{" "}
          first.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
              <Select
                label="Type"
                allowDeselect={false}
                data={TYPE_OPTIONS}
                comboboxProps={{ withinPortal: true }}
                data-autofocus
                {...form.getInputProps("type")}
              />
              <TextInput
                type="date"
                label="Date"
                required
                max={today}
                min="1900-01-01"
                {...form.getInputProps("date")}
              />
            </SimpleGrid>
            <Select
              label="Account"
              required
              placeholder={accounts.isPending ? "Loading accounts…" : "Choose an account"}
              allowDeselect={false}
              data={(accounts.data?.items ?? []).map((a) => ({
                value: String(a.id),
                label: `${a.name} (${a.currency})`,
              }))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps("account_id")}
            />
            {fields.instrument ? (
              manual !== null ? (
                <ManualInstrumentFieldset
                  symbol={manual}
                  currency={account?.currency}
                  onCancel={() => setManual(null)}
                  onCreated={(created) => {
                    form.setFieldValue("instrument", created);
                    setManual(null);
                  }}
                />
              ) : (
                <InstrumentPicker
                  label={fields.instrument === "required" ? "Instrument" : "Instrument (optional)"}
                  required={fields.instrument === "required"}
                  value={values.instrument}
                  onChange={(next) => form.setFieldValue("instrument", next)}
                  onAddManually={(symbol) => setManual(symbol)}
                  error={form.errors.instrument}
                />
              )
            ) : null}
            {fields.quantity || fields.price ? (
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
                <TextInput label="Quantity" required placeholder="0" {...money("quantity")} />
                <TextInput
                  label={labels.price}
                  required={fields.price === "required"}
                  placeholder="0.00"
                  rightSection={<Currency code={currency} />}
                  rightSectionWidth={48}
                  {...money("price")}
                />
              </SimpleGrid>
            ) : null}
            {fields.amount ? (
              <TextInput
                label={labels.amount}
                required
                placeholder="0.00"
                rightSection={<Currency code={currency} />}
                rightSectionWidth={48}
                {...money("amount")}
              />
            ) : null}
            {fields.fee || fields.tax ? (
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
                {fields.fee ? (
                  <TextInput
                    label="Fee"
                    placeholder="0.00"
                    rightSection={<Currency code={currency} />}
                    rightSectionWidth={48}
                    {...money("fee")}
                  />
                ) : null}
                {fields.tax ? (
                  <TextInput
                    label={labels.tax}
                    placeholder="0.00"
                    rightSection={<Currency code={currency} />}
                    rightSectionWidth={48}
                    {...money("tax")}
                  />
                ) : null}
              </SimpleGrid>
            ) : null}
            {fxShown && account ? (
              <TextInput
                label={`Exchange rate ${currency} → ${account.currency}`}
                description={`What 1 ${currency} was worth in ${account.currency}; leave empty to use the day's rate`}
                placeholder="e.g. 0.92"
                {...money("fx_rate")}
              />
            ) : null}
            {fields.transfer ? (
              <TextInput
                label="Transfer id"
                description="The same id on the transfer out and the transfer in pairs them: the units keep their cost and dates"
                autoComplete="off"
                spellCheck={false}
                {...form.getInputProps("transfer_id")}
              />
            ) : null}
            {shownTotal !== null ? (
              <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-default-hover)">
                <Group justify="space-between" gap="xs">
                  <Text fz="sm" c="dimmed">
                    {totalLabel}
                  </Text>
                  <Text fz="lg" fw={650} className="pms-figures" aria-live="polite">
                    {fmt.money(shownTotal, currency ?? fmt.currency)}
                  </Text>
                </Group>
              </Paper>
            ) : null}
            <Textarea
              label="Note"
              autosize
              minRows={1}
              maxRows={4}
              {...form.getInputProps("note")}
            />
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending || update.isPending}>
                {transaction ? "Save transaction" : "Add transaction"}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
