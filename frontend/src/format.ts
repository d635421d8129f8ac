// The one place where numbers, money, percentages and dates become text.
//
// Money and quantities arrive from the API as decimal strings ("1234.5600"). They are handed to
// Intl.NumberFormat as strings, which formats them exactly (no trip through a float), in the
// user's locale and currency.

export const EMPTY = "—";

type Decimalish = string | number;

export interface FormatOptions {
  /** Show "+" on positive values (changes, gains). */
  signed?: boolean;
}

/** A BCP 47 locale the browser can use: the user's choice, else the browser's, else en-US. */
export function resolveLocale(preferred?: string | null): string {
  const candidates = [preferred, typeof navigator === "undefined" ? undefined : navigator.language];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0) return canonical;
    } catch {
      // Not a well-formed tag: try the next one.
    }
  }
  return "en-US";
}

function isBlank(value: Decimalish | null | undefined): value is null | undefined | "" {
  return value === null || value === undefined || value === "";
}

// Intl.NumberFormat accepts decimal strings and formats them exactly (ECMA-402, 2023).
type Formattable = Intl.StringNumericLiteral | number;

function asFormattable(value: Decimalish): Formattable {
  return (typeof value === "number" ? value : value.trim()) as Formattable;
}

export interface Formatter {
  readonly locale: string;
  readonly currency: string;
  /** An amount of money, with the currency's usual number of decimals. */
  money(value: Decimalish | null | undefined, currency?: string, options?: FormatOptions): string;
  /** An amount for an axis or a tight spot: "€120K", "1,2 Mio. €" (three significant digits). */
  moneyCompact(value: Decimalish | null | undefined, currency?: string): string;
  /** A per-unit price: at least the currency's decimals, up to 6 where the price has them. */
  price(value: Decimalish | null | undefined, currency?: string): string;
  /** A quantity of units: as many decimals as it has (up to 10). */
  quantity(value: Decimalish | null | undefined): string;
  /** A plain number with a fixed count of decimals (a ratio such as Sharpe's): 1.0841 → "1.08". */
  number(value: Decimalish | null | undefined, digits?: number): string;
  /** A fraction as a percentage: 0.1234 → "12.34%". */
  percent(
    value: Decimalish | null | undefined,
    options?: FormatOptions & { digits?: number },
  ): string;
  /** An ISO date (YYYY-MM-DD) as a calendar date, never shifted by the time zone. */
  date(value: string | null | undefined, style?: "medium" | "short" | "long"): string;
  /** An ISO timestamp in the user's time zone. */
  dateTime(value: string | null | undefined): string;
}

export function createFormatter(settings: { locale?: string | null; currency: string }): Formatter {
  const locale = resolveLocale(settings.locale);
  const cache = new Map<string, Intl.NumberFormat>();
  const numberFormat = (key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
    let format = cache.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, options);
      cache.set(key, format);
    }
    return format;
  };
  const currencyDigits = (currency: string): number =>
    numberFormat(`digits:${currency}`, { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;

  return {
    locale,
    currency: settings.currency,
    money(value, currency = settings.currency, options = {}) {
      if (isBlank(value)) return EMPTY;
      const signDisplay = options.signed ? "exceptZero" : "auto";
      return numberFormat(`money:${currency}:${signDisplay}`, {
        style: "currency",
        currency,
        signDisplay,
      }).format(asFormattable(value));
    },
    moneyCompact(value, currency = settings.currency) {
      if (isBlank(value)) return EMPTY;
      return numberFormat(`compact:${currency}`, {
        style: "currency",
        currency,
        notation: "compact",
        maximumSignificantDigits: 3,
      }).format(asFormattable(value));
    },
    price(value, currency = settings.currency) {
      if (isBlank(value)) return EMPTY;
      const digits = currencyDigits(currency);
      return numberFormat(`price:${currency}`, {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: Math.max(digits, 6),
      }).format(asFormattable(value));
    },
    quantity(value) {
      if (isBlank(value)) return EMPTY;
      return numberFormat("quantity", { maximumFractionDigits: 10 }).format(asFormattable(value));
    },
    number(value, digits = 2) {
      if (isBlank(value)) return EMPTY;
      return numberFormat(`number:${digits}`, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(asFormattable(value));
    },
    percent(value, options = {}) {
      if (isBlank(value)) return EMPTY;
      const digits = options.digits ?? 2;
      const signDisplay = options.signed ? "exceptZero" : "auto";
      return numberFormat(`percent:${digits}:${signDisplay}`, {
        style: "percent",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay,
      }).format(asFormattable(value));
    },
    date(value, style = "medium") {
      if (!value) return EMPTY;
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!match) return value;
      const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(utc);
    },
    dateTime(value) {
      if (!value) return EMPTY;
      const parsed = new Date(value);
      if (Number.isNaN(parsed.getTime())) return value;
      return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
        parsed,
      );
    },
  };
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Moves the decimal point of a decimal string, exactly: shiftDecimal("2.5", -2) = "0.025". */
export function shiftDecimal(text: string, places: number): string | null {
  const match = DECIMAL.exec(text.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return null;
  const sign = match[1] === "-" ? "-" : "";
  const whole = match[2] ?? "";
  const fraction = match[3] ?? "";
  const digits = whole + fraction;
  const point = whole.length + places;
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = "0";
    fracPart = "0".repeat(-point) + digits;
  } else if (point >= digits.length) {
    intPart = digits + "0".repeat(point - digits.length);
    fracPart = "";
  } else {
    intPart = digits.slice(0, point);
    fracPart = digits.slice(point);
  }
  intPart = intPart.replace(/^0+(?=\d)/, "");
  fracPart = fracPart.replace(/0+$/, "");
  const result = fracPart ? `${intPart}.${fracPart}` : intPart;
  return /^0(\.0*)?$/.test(result) ? "0" : sign + result;
}

/** "2.5" (percent, as typed) → "0.025" (the fraction the API stores). */
export function percentToFraction(percent: string): string | null {
  return shiftDecimal(percent, -2);
}

/** "0.025" (a fraction from the API) → "2.5" (percent, for an input). */
export function fractionToPercent(fraction: string): string {
  return shiftDecimal(fraction, 2) ?? fraction;
}

/** Today's date where the user is, as YYYY-MM-DD (the API's ledger dates are calendar days). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
