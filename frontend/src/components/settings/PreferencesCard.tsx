import {
  Button,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconDeviceDesktop, IconMoon, IconSun } from "@tabler/icons-react";
import { useMemo } from "react";
import { type MeUpdate, useMe, useUpdateMe } from "../../api/session";
import type { CostBasisMethod, Theme, UserPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import { createFormatter, fractionToPercent, percentToFraction, resolveLocale } from "../../format";
import { CurrencySelect } from "../CurrencySelect";
import { COST_BASIS_METHODS } from "./costBasis";
import { localeOptions } from "./locales";
import { SettingsSection } from "./SettingsSection";

interface Values {
  base_currency: string;
  cost_basis_method: CostBasisMethod;
  theme: Theme;
  locale: string;
  risk_free_rate: string;
  /** "" while the field is empty. */
  long_term_days: number | "";
  tax_year_start: string;
}

/** MM-DD of a day every year has (not 02-29). */
export function isMonthDay(value: string): boolean {
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function valuesOf(user: UserPublic): Values {
  return {
    base_currency: user.base_currency,
    cost_basis_method: user.cost_basis_method,
    theme: user.theme,
    locale: user.locale ?? "",
    risk_free_rate: fractionToPercent(user.risk_free_rate),
    long_term_days: user.long_term_days,
    tax_year_start: user.tax_year_start,
  };
}

const FIELDS = {
  base_currency: "base_currency",
  cost_basis_method: "cost_basis_method",
  theme: "theme",
  locale: "locale",
  risk_free_rate: "risk_free_rate",
  long_term_days: "long_term_days",
  tax_year_start: "tax_year_start",
};

const THEMES = [
  { value: "system", label: "System", icon: IconDeviceDesktop },
  { value: "light", label: "Light", icon: IconSun },
  { value: "dark", label: "Dark", icon: IconMoon },
].map(({ value, label, icon: Icon }) => ({
  value,
  label: (
    <Group gap={6} justify="center" wrap="nowrap">
      <Icon size={16} aria-hidden />
      <span>{label}</span>
    </Group>
  ),
}));

export function PreferencesCard() {
  const me = useMe();
  const update = useUpdateMe();
  const browserLocale = resolveLocale();
  const form = useForm<Values>({
    initialValues: valuesOf(me),
    validate: {
      tax_year_start: (value) => (isMonthDay(value) ? null : "Enter a day as MM-DD, e.g. 04-06"),
      long_term_days: (value) =>
        value === "" ? "Enter a number of days, or 0 for no distinction" : null,
      risk_free_rate: (value) => {
        if (value.trim() === "") return null;
        const fraction = percentToFraction(value);
        if (fraction === null) return "Enter a number, e.g. 2.5";
        return Math.abs(Number(fraction)) <= 1 ? null : "Enter a rate between -100 % and 100 %";
      },
    },
  });
  const { values } = form;
  const preview = useMemo(
    () => createFormatter({ locale: values.locale || null, currency: values.base_currency }),
    [values.locale, values.base_currency],
  );

  const submit = form.onSubmit((next) => {
    const body: MeUpdate = {};
    const before = valuesOf(me);
    if (next.base_currency !== before.base_currency) body.base_currency = next.base_currency;
    if (next.cost_basis_method !== before.cost_basis_method)
      body.cost_basis_method = next.cost_basis_method;
    if (next.theme !== before.theme) body.theme = next.theme;
    if (next.locale !== before.locale) body.locale = next.locale || null;
    if (next.risk_free_rate !== before.risk_free_rate)
      body.risk_free_rate = percentToFraction(next.risk_free_rate || "0");
    if (next.long_term_days !== before.long_term_days && next.long_term_days !== "")
      body.long_term_days = next.long_term_days;
    if (next.tax_year_start !== before.tax_year_start) body.tax_year_start = next.tax_year_start;
    update.mutate(
      { body },
      {
        onSuccess: (user) => {
          form.setInitialValues(valuesOf(user));
          form.setValues(valuesOf(user));
          notifySuccess("Your preferences are saved.", "Settings saved");
        },
        onError: (error) => reportError(error, form, FIELDS),
      },
    );
  });

  return (
    <SettingsSection
      title="Preferences"
      headingId="preferences-heading"
      description="How PMS values your portfolio and shows numbers, dates and colours."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <CurrencySelect
              label="Base currency"
              description="Totals and returns are reported in it"
              locale={preview.locale}
              {...form.getInputProps("base_currency")}
            />
            <Select
              label="Number and date format"
              description="The locale used to show amounts and dates"
              data={localeOptions(me.locale, browserLocale)}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No locale matches"
              {...form.getInputProps("locale")}
            />
          </SimpleGrid>
          <Input.Wrapper
            label="Cost basis"
            description={
              COST_BASIS_METHODS.find((m) => m.value === values.cost_basis_method)?.help ??
              "Which lots a sale takes; an account may have its own"
            }
            id="cost-basis"
            labelProps={{ id: "cost-basis-label", htmlFor: undefined, component: "div" }}
            error={form.errors.cost_basis_method}
          >
            <SegmentedControl
              fullWidth
              mt={6}
              aria-labelledby="cost-basis-label"
              data={COST_BASIS_METHODS.map(({ value, label }) => ({ value, label }))}
              value={values.cost_basis_method}
              onChange={(value) =>
                form.setFieldValue("cost_basis_method", value as CostBasisMethod)
              }
            />
          </Input.Wrapper>
          <Input.Wrapper
            label="Theme"
            id="theme"
            labelProps={{ id: "theme-label", htmlFor: undefined, component: "div" }}
            error={form.errors.theme}
          >
            <SegmentedControl
              fullWidth
              mt={6}
              aria-labelledby="theme-label"
              data={THEMES}
              value={values.theme}
              onChange={(value) => form.setFieldValue("theme", value as Theme)}
            />
          </Input.Wrapper>
          <NumberInput
            label="Risk-free rate"
            description="Yearly rate that Sharpe and Sortino ratios are measured against"
            suffix=" %"
            decimalScale={6}
            allowedDecimalSeparators={[".", ","]}
            hideControls
            maw={{ sm: "calc(50% - var(--mantine-spacing-md) / 2)" }}
            value={values.risk_free_rate}
            onChange={(value) => form.setFieldValue("risk_free_rate", String(value))}
            error={form.errors.risk_free_rate}
          />
          <NumberInput
            label="Long-term after"
            description="A lot sold after more than this many days counts as long-term in tax reports; 0 makes no distinction"
            suffix=" days"
            min={0}
            max={36500}
            allowDecimal={false}
            allowNegative={false}
            hideControls
            maw={{ sm: "calc(50% - var(--mantine-spacing-md) / 2)" }}
            value={values.long_term_days}
            onChange={(value) =>
              form.setFieldValue("long_term_days", typeof value === "number" ? value : "")
            }
            error={form.errors.long_term_days}
          />
          <TextInput
            label="Tax year starts on"
            description="MM-DD: 01-01 for a calendar year, 04-06 in the UK"
            placeholder="01-01"
            maw={{ sm: "calc(50% - var(--mantine-spacing-md) / 2)" }}
            {...form.getInputProps("tax_year_start")}
          />
          <Text fz="sm" c="dimmed" className="pms-figures" aria-live="polite">
            Preview: {preview.money("1234567.89")} · {preview.percent("0.0425", { signed: true })} ·{" "}
            {preview.date("2026-03-31", "long")}
          </Text>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => form.reset()}
              disabled={!form.isDirty() || update.isPending}
            >
              Discard
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              Save preferences
            </Button>
          </Group>
        </Stack>
      </form>
    </SettingsSection>
  );
}
