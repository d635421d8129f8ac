import { describe, expect, test } from "vitest";
import {
  createFormatter,
  EMPTY,
  fractionToPercent,
  percentToFraction,
  resolveLocale,
  shiftDecimal,
} from "./format";

const NBSP = "\u00a0";
const us = createFormatter({ locale: "en-US", currency: "USD" });
const de = createFormatter({ locale: "de-DE", currency: "EUR" });

describe("money", () => {
  test("uses the locale's separators and the currency's symbol and decimals", () => {
    expect(us.money("1234.5")).toBe("$1,234.50");
    expect(de.money("1234.5")).toBe(`1.234,50${NBSP}€`);
    expect(us.money("1234.5", "JPY")).toBe("¥1,235");
  });

  test("formats decimal strings exactly, beyond what a float can hold", () => {
    // As a float this is 12345678901234568: the last digits would be wrong.
    expect(us.money("12345678901234567.89")).toBe("$12,345,678,901,234,567.89");
    expect(us.money("0.005")).toBe("$0.01");
  });

  test("shows the sign of a change when asked", () => {
    expect(us.money("12.3", undefined, { signed: true })).toBe("+$12.30");
    expect(us.money("-12.3", undefined, { signed: true })).toBe("-$12.30");
    expect(us.money("0", undefined, { signed: true })).toBe("$0.00");
  });

  test("shows a dash for a missing amount", () => {
    expect(us.money(null)).toBe(EMPTY);
    expect(us.money(undefined)).toBe(EMPTY);
    expect(us.money("")).toBe(EMPTY);
  });
});

describe("compact money and plain numbers", () => {
  test("an axis amount keeps three significant digits in the locale's short form", () => {
    expect(us.moneyCompact("120189.1106389704")).toBe("$120K");
    expect(us.moneyCompact(1_234_567, "EUR")).toBe("€1.23M");
    expect(de.moneyCompact(1_234_567)).toBe(`1,23${NBSP}Mio.${NBSP}€`);
    expect(us.moneyCompact(950)).toBe("$950");
  });

  test("a ratio has a fixed count of decimals", () => {
    expect(us.number(1.0840642516417802)).toBe("1.08");
    expect(de.number(0.7638859706173242, 2)).toBe("0,76");
    expect(us.number(null)).toBe(EMPTY);
  });
});

describe("prices and quantities", () => {
  test("a price keeps up to six decimals, at least the currency's", () => {
    expect(us.price("187.123456789", "USD")).toBe("$187.123457");
    expect(us.price("5", "USD")).toBe("$5.00");
  });

  test("a quantity shows the decimals it has", () => {
    expect(us.quantity("146")).toBe("146");
    expect(us.quantity("1234.5")).toBe("1,234.5");
    expect(us.quantity("0.0000000001")).toBe("0.0000000001");
    expect(de.quantity("1234.5")).toBe("1.234,5");
  });
});

describe("percentages", () => {
  test("a fraction becomes a percentage with two decimals", () => {
    expect(us.percent(0.1234)).toBe("12.34%");
    expect(us.percent("-0.05", { signed: true })).toBe("-5.00%");
    expect(us.percent("0.05", { signed: true })).toBe("+5.00%");
    expect(de.percent("0.0425")).toBe(`4,25${NBSP}%`);
    expect(us.percent(0.5, { digits: 0 })).toBe("50%");
    expect(us.percent(null)).toBe(EMPTY);
  });
});

describe("dates", () => {
  test("an ISO date is the same calendar day in every time zone", () => {
    expect(us.date("2026-03-31")).toBe("Mar 31, 2026");
    expect(de.date("2026-03-31", "long")).toBe("31. März 2026");
    expect(us.date("2026-01-01", "short")).toBe("1/1/26");
  });

  test("a missing or malformed date is shown as it is", () => {
    expect(us.date(null)).toBe(EMPTY);
    expect(us.date("soon")).toBe("soon");
  });
});

describe("locales", () => {
  test("the user's locale wins, canonicalised", () => {
    expect(resolveLocale("de-de")).toBe("de-DE");
    expect(createFormatter({ locale: "fr-CH", currency: "CHF" }).locale).toBe("fr-CH");
  });

  test("without a usable choice the browser's locale is used", () => {
    expect(resolveLocale(null)).toBe(navigator.language);
    expect(resolveLocale("not a locale!")).toBe(navigator.language);
  });
});

describe("percent inputs and stored fractions", () => {
  test("moving the decimal point is exact", () => {
    expect(shiftDecimal("2.5", -2)).toBe("0.025");
    expect(shiftDecimal("0.025", 2)).toBe("2.5");
    expect(shiftDecimal("123", -5)).toBe("0.00123");
    expect(shiftDecimal("1.5", 3)).toBe("1500");
    expect(shiftDecimal("-0.5", -2)).toBe("-0.005");
    expect(shiftDecimal("-0", 2)).toBe("0");
    expect(shiftDecimal(".5", 1)).toBe("5");
  });

  test("what is not a plain decimal is refused", () => {
    expect(shiftDecimal("", 2)).toBeNull();
    expect(shiftDecimal("abc", 2)).toBeNull();
    expect(shiftDecimal("1e3", 2)).toBeNull();
    expect(shiftDecimal("1.2.3", 2)).toBeNull();
  });

  test("a percentage typed by the user becomes the fraction the API stores, and back", () => {
    expect(percentToFraction("2.5")).toBe("0.025");
    expect(percentToFraction("100")).toBe("1");
    expect(percentToFraction("0.01")).toBe("0.0001");
    expect(fractionToPercent("0.0250000000")).toBe("2.5");
    expect(fractionToPercent("0.00")).toBe("0");
    expect(fractionToPercent("-1")).toBe("-100");
  });
});
