import { describe, expect, test } from "vitest";
import {
  addDecimals,
  compareDecimals,
  multiplyDecimals,
  parseDecimal,
  sameDecimal,
  subtractDecimals,
} from "./decimal";

describe("reading typed numbers", () => {
  test("a dot or a comma separates the decimals; zeros are trimmed", () => {
    expect(parseDecimal("12.50")).toEqual({ ok: true, value: "12.5" });
    expect(parseDecimal(" 0,125 ")).toEqual({ ok: true, value: "0.125" });
    expect(parseDecimal("007")).toEqual({ ok: true, value: "7" });
    expect(parseDecimal(".5")).toEqual({ ok: true, value: "0.5" });
    expect(parseDecimal("-3")).toEqual({ ok: true, value: "-3" });
    expect(parseDecimal("-0.00")).toEqual({ ok: true, value: "0" });
  });

  test("words, thousands separators and more than ten decimals are refused", () => {
    expect(parseDecimal("abc")).toEqual({ ok: false, problem: "invalid" });
    expect(parseDecimal("1,234.5")).toEqual({ ok: false, problem: "invalid" });
    expect(parseDecimal("")).toEqual({ ok: false, problem: "invalid" });
    expect(parseDecimal("0.12345678901")).toEqual({ ok: false, problem: "too_many_places" });
    expect(parseDecimal("0.1234567890")).toEqual({ ok: true, value: "0.123456789" });
    expect(parseDecimal(`${"1".repeat(21)}.1234567891`)).toEqual({
      ok: false,
      problem: "too_many_digits",
    });
  });
});

describe("exact sums", () => {
  test("money adds up to the cent without float error", () => {
    expect(addDecimals("0.1", "0.2")).toBe("0.3");
    expect(multiplyDecimals("3", "0.1")).toBe("0.3");
    expect(multiplyDecimals("12.5", "187.44")).toBe("2343");
    expect(addDecimals("2343", "4.95", null, "")).toBe("2347.95");
    expect(subtractDecimals("2343", "4.95", "0.05")).toBe("2338");
  });

  test("comparing ignores trailing zeros", () => {
    expect(sameDecimal("10.00", "10")).toBe(true);
    expect(sameDecimal("10.01", "10")).toBe(false);
    expect(sameDecimal(null, "")).toBe(true);
    expect(sameDecimal("0", null)).toBe(false);
    expect(compareDecimals("2", "10")).toBe(-1);
  });
});
