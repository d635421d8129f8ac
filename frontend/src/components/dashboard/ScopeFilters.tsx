// What the reports cover: some accounts (all when none is chosen) and the currency they are
// reported in (the user's base currency unless overridden).
import { Group, MultiSelect } from "@mantine/core";
import type { AccountPublic } from "../../client/types.gen";
import { CurrencySelect } from "../CurrencySelect";

export function ScopeFilters({
  accounts,
  accountIds,
  onAccountsChange,
  currency,
  baseCurrency,
  onCurrencyChange,
  locale,
}: {
  accounts: readonly AccountPublic[];
  accountIds: readonly number[];
  onAccountsChange: (ids: number[]) => void;
  currency: string | null;
  baseCurrency: string;
  onCurrencyChange: (currency: string | null) => void;
  locale: string;
}) {
  return (
    <Group gap="xs" wrap="wrap" w={{ base: "100%", sm: "auto" }}>
      <MultiSelect
        aria-label="Accounts"
        placeholder={accountIds.length === 0 ? "All accounts" : undefined}
        size="sm"
        w={{ base: "100%", xs: 260 }}
        maw="100%"
        clearable
        data={accounts.map((account) => ({ value: String(account.id), label: account.name }))}
        value={accountIds.map(String)}
        onChange={(values) => onAccountsChange(values.map(Number))}
        comboboxProps={{ withinPortal: true }}
        hidePickedOptions={false}
      />
      <CurrencySelect
        aria-label="Reporting currency"
        locale={locale}
        size="sm"
        w={{ base: "100%", xs: 200 }}
        value={currency ?? baseCurrency}
        onChange={(next) => onCurrencyChange(next === null || next === baseCurrency ? null : next)}
      />
    </Group>
  );
}
