// Exact decimal arithmetic for money and quantities typed into forms or received from the API
// (decimal strings). big.js does the sums, so 0.1 × 3 is 0.3 and never 0.30000000000000004.
import Big from "big.js";

/** The API's limits for a decimal input (`max_digits=30, decimal_places=10`). */
export const MAX_DIGITS = 30;
export const MAX_PLACES = 10;

export type DecimalProblem = "invalid" | "too_many_places" | "too_many_digits";

/**
 * Reads a number as a person types it: digits with one "." or "," as the decimal separator and an
 * optional leading minus. Thousands separators are refused (1,234 is ambiguous). Returns the
 * canonical text the API accepts ("12.5", "0.001"), or why it cannot.
 */
export function parseDecimal(
  text: string,
): { ok: true; value: string } | { ok: false; problem: DecimalProblem } {
  const trimmed = text.trim().replace(/\s/g, "");
  const match = /^(-?)(\d*)(?:[.,](\d*))?$/.exec(trimmed);
  if (!match || ((match[2] ?? "") === "" && (match[3] ?? "") === "")) {
    return { ok: false, problem: "invalid" };
  }
  const whole = (match[2] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  if (fraction.length > MAX_PLACES) return { ok: false, problem: "too_many_places" };
  if ((whole === "0" ? 0 : whole.length) + fraction.length > MAX_DIGITS) {
    return { ok: false, problem: "too_many_digits" };
  }
  const body = fraction ? `${whole}.${fraction}` : whole;
  const negative = match[1] === "-" && /[1-9]/.test(body);
  return { ok: true, value: negative ? `-${body}` : body };
}

/** A decimal string as big.js reads it (blank is zero). */
function big(value: string | null | undefined): Big {
  return new Big(value && value.trim() !== "" ? value : "0");
}

function text(value: Big): string {
  return value.toFixed();
}

export function addDecimals(...values: (string | null | undefined)[]): string {
  return text(values.reduce((sum: Big, value) => sum.plus(big(value)), new Big(0)));
}

export function subtractDecimals(from: string, ...values: (string | null | undefined)[]): string {
  return text(values.reduce((rest: Big, value) => rest.minus(big(value)), big(from)));
}

export function multiplyDecimals(a: string, b: string): string {
  return text(big(a).times(big(b)));
}

export function negateDecimal(value: string): string {
  return text(big(value).times(-1));
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  return big(a).cmp(big(b));
}

/** Whether two decimal strings are the same number ("10.00" and "10"); blank equals blank. */
export function sameDecimal(a: string | null | undefined, b: string | null | undefined): boolean {
  const blankA = a === null || a === undefined || a === "";
  const blankB = b === null || b === undefined || b === "";
  if (blankA || blankB) return blankA === blankB;
  return big(a).eq(big(b));
}
