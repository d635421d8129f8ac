import { Button, Group, Modal, Select, Stack, Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useCreateAccount, useUpdateAccount } from "../../api/accounts";
import { useFormatter, useMe } from "../../api/session";
import type { AccountKind, AccountPublic, CostBasisMethod } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import { CurrencySelect } from "../CurrencySelect";
import { COST_BASIS_METHODS, methodLabel } from "../settings/costBasis";
import { KIND_OPTIONS } from "./kinds";

interface Values {
  name: string;
  currency: string;
  kind: AccountKind;
  track_cash: boolean;
  /** "" for the user's own method. */
  cost_basis_method: CostBasisMethod | "";
}

const FIELDS = {
  name: "name",
  currency: "currency",
  kind: "kind",
  track_cash: "track_cash",
  cost_basis_method: "cost_basis_method",
};

const EMPTY = { kind: "brokerage", track_cash: false, cost_basis_method: "" } as const;

export function validateAccountName(value: string): string | null {
  const name = value.trim();
  if (name === "") return "Give the account a name";
  if (name.length > 100) return "Use at most 100 characters";
  return null;
}

/** Adds an account (`account` null) or edits one. */
export function AccountFormModal({
  opened,
  account,
  onClose,
}: {
  opened: boolean;
  account: AccountPublic | null;
  onClose: () => void;
}) {
  const fmt = useFormatter();
  const me = useMe();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const form = useForm<Values>({
    initialValues: { name: "", currency: fmt.currency, ...EMPTY },
    validate: {
      name: validateAccountName,
      currency: (value) => (value ? null : "Choose the account's currency"),
    },
  });
  const { setValues, resetDirty, clearErrors } = form;
  const method = COST_BASIS_METHODS.find((m) => m.value === form.values.cost_basis_method);
  useEffect(() => {
    if (!opened) return;
    const values: Values = account
      ? {
          name: account.name,
          currency: account.currency,
          kind: account.kind,
          track_cash: account.track_cash,
          cost_basis_method: account.cost_basis_method ?? "",
        }
      : { name: "", currency: fmt.currency, ...EMPTY };
    setValues(values);
    resetDirty(values);
    clearErrors();
  }, [opened, account, fmt.currency, setValues, resetDirty, clearErrors]);

  const submit = form.onSubmit((values) => {
    const body = {
      ...values,
      name: values.name.trim(),
      cost_basis_method: values.cost_basis_method || null,
    };
    const handlers = {
      onSuccess: (saved: AccountPublic) => {
        notifySuccess(
          account ? `${saved.name} is saved.` : `${saved.name} is ready for transactions.`,
          account ? "Account saved" : "Account added",
        );
        onClose();
      },
      onError: (error: unknown) => reportError(error, form, FIELDS),
    };
    if (account) {
      const changes: Record<string, unknown> = {};
      for (const key of Object.keys(body) as (keyof typeof body)[]) {
        if (body[key] !== account[key]) changes[key] = body[key];
      }
      update.mutate({ path: { account_id: account.id }, body: changes }, handlers);
    } else {
      create.mutate({ body }, handlers);
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={account ? `Edit ${account.name}` : "Add an account"}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Name"
            placeholder="e.g. Interactive Brokers"
            required
            data-autofocus
            {...form.getInputProps("name")}
          />
          <Select
            label="Kind"
            allowDeselect={false}
            data={KIND_OPTIONS}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps("kind")}
          />
          <CurrencySelect
            label="Currency"
            description="The currency the account is kept in; it cannot change once it has transactions"
            locale={fmt.locale}
            required
            {...form.getInputProps("currency")}
          />
          <Switch
            label="Track cash"
            description="Record deposits and withdrawals, and keep the account's cash balance; leave off if you enter only trades"
            {...form.getInputProps("track_cash", { type: "checkbox" })}
          />
          <Select
            label="Cost basis"
            description={
              method?.help ??
              `Which lots a sale takes: your own setting (${methodLabel(me.cost_basis_method)}) unless the account has its own. A change re-reports the account's history.`
            }
            allowDeselect={false}
            data={[
              { value: "", label: `Your setting (${methodLabel(me.cost_basis_method)})` },
              ...COST_BASIS_METHODS.map(({ value, label }) => ({ value, label })),
            ]}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps("cost_basis_method")}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {account ? "Save account" : "Add account"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
