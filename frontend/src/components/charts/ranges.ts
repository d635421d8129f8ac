// The named periods of charts (ARCHITECTURE §4: `range=`) and where each starts.
export const RANGES = [
  "1D",
  "1W",
  "MTD",
  "1M",
  "3M",
  "6M",
  "YTD",
  "1Y",
  "3Y",
  "5Y",
  "MAX",
] as const;
export type Range = (typeof RANGES)[number];

export function isRange(value: unknown): value is Range {
  return typeof value === "string" && (RANGES as readonly string[]).includes(value);
}

function shift(isoDate: string, { days = 0, months = 0, years = 0 }): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1 + months, 1));
  // Clamp to the month's last day (31 March minus one month is 28/29 February).
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay) + days);
  return target.toISOString().slice(0, 10);
}

/**
 * The first day a range covers, ending on `end` (YYYY-MM-DD); null for MAX (everything).
 * As in the API, a period's start is the close it is measured from: YTD starts on the last day
 * of the previous year, MTD on the last day of the previous month.
 */
export function rangeStart(range: Range, end: string): string | null {
  switch (range) {
    case "1D":
      return shift(end, { days: -1 });
    case "1W":
      return shift(end, { days: -7 });
    case "MTD":
      return shift(`${end.slice(0, 8)}01`, { days: -1 });
    case "1M":
      return shift(end, { months: -1 });
    case "3M":
      return shift(end, { months: -3 });
    case "6M":
      return shift(end, { months: -6 });
    case "YTD":
      return `${Number(end.slice(0, 4)) - 1}-12-31`;
    case "1Y":
      return shift(end, { years: -1 });
    case "3Y":
      return shift(end, { years: -3 });
    case "5Y":
      return shift(end, { years: -5 });
    case "MAX":
      return null;
  }
}
