import { Select, type SelectProps } from "@mantine/core";
import { useMemo } from "react";

// ISO 4217 codes the browser knows; the API checks the code against its own list.
function currencyOptions(locale: string): { value: string; label: string }[] {
  const codes =
    typeof Intl.supportedValuesOf === "function"
      ? Intl.supportedValuesOf("currency")
      : ["EUR", "USD", "GBP", "CHF", "JPY"];
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: "currency" });
  } catch {
    names = null;
  }
  return codes.map((code) => {
    const name = names?.of(code);
    return { value: code, label: name && name !== code ? `${code} — ${name}` : code };
  });
}

// The currency most people in a region report in, for a first guess at the base currency.
const REGION_CURRENCY: Record<string, string> = {
  US: "USD",
  GB: "GBP",
  CH: "CHF",
  JP: "JPY",
  CA: "CAD",
  AU: "AUD",
  NZ: "NZD",
  SE: "SEK",
  NO: "NOK",
  DK: "DKK",
  PL: "PLN",
  CZ: "CZK",
  HU: "HUF",
  IN: "INR",
  CN: "CNY",
  HK: "HKD",
  SG: "SGD",
  BR: "BRL",
  MX: "MXN",
  ZA: "ZAR",
  KR: "KRW",
  IL: "ILS",
  TR: "TRY",
};
const EURO_AREA = new Set("AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK".split(" "));

export function guessCurrency(locale: string): string {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    region = undefined;
  }
  if (!region) return "EUR";
  if (EURO_AREA.has(region)) return "EUR";
  return REGION_CURRENCY[region] ?? "EUR";
}

export function CurrencySelect({
  locale,
  ...props
}: Omit<SelectProps, "data"> & { locale: string }) {
  const data = useMemo(() => currencyOptions(locale), [locale]);
  return (
    <Select
      searchable
      allowDeselect={false}
      nothingFoundMessage="No currency matches"
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
      {...props}
      data={data}
    />
  );
}
