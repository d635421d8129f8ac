// Exchange rates the portfolio needs, and the signed-in user's own rates (which count over the
// shared ones in their reports only).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  fxRatesDeleteOwnMutation,
  fxRatesNeededOptions,
  fxRatesPutOwnMutation,
} from "../client/@tanstack/react-query.gen";
import { invalidateOperations, PORTFOLIO_QUERIES } from "./invalidate";

/** What a change of the user's own rates makes out of date. */
export const OWN_RATE_QUERIES = ["fxRatesNeeded", "fxRatesListOwn", ...PORTFOLIO_QUERIES];

export function useFxNeeds() {
  return useQuery(fxRatesNeededOptions());
}

function useInvalidateRates() {
  const queryClient = useQueryClient();
  return () => invalidateOperations(queryClient, OWN_RATE_QUERIES);
}

export function usePutOwnRates() {
  const invalidate = useInvalidateRates();
  return useMutation({ ...fxRatesPutOwnMutation(), onSuccess: invalidate });
}

export function useDeleteOwnRates() {
  const invalidate = useInvalidateRates();
  return useMutation({ ...fxRatesDeleteOwnMutation(), onSuccess: invalidate });
}

/** Rows of a "date,rate" file (a header line and blank lines are skipped); the first bad line is
 *  an error naming it. Decimal commas are not guessed: the rate is written as the API takes it. */
export function parseRatesCsv(
  text: string,
): { rows: { date: string; rate: string }[] } | { error: string } {
  const rows: { date: string; rate: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const cells = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, ""));
    const [date = "", rate = ""] = cells;
    if (index === 0 && !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue; // a header
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      return { error: `Line ${index + 1}: the date must be written as YYYY-MM-DD` };
    }
    if (!/^\d+(\.\d+)?$/.test(rate) || Number(rate) <= 0) {
      return { error: `Line ${index + 1}: the rate must be a number above 0, like 1.0875` };
    }
    rows.push({ date, rate });
  }
  if (rows.length === 0) return { error: "The file has no rows of a date and a rate" };
  return { rows };
}
