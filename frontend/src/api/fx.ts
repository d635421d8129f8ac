// Exchange rates the portfolio needs, and the signed-in user's own rates (which count over the
// shared ones in their reports only).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  fxRatesDeleteOwnMutation,
  fxRatesNeededOptions,
  fxRatesPutOwnMutation,
} from "../client/@tanstack/react-query.gen";
import { parseDatedCsv } from "./datedCsv";
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
  const parsed = parseDatedCsv(text, { what: "rate", example: "1.0875", zero: false });
  if ("error" in parsed) return parsed;
  return { rows: parsed.rows.map(({ date, value }) => ({ date, rate: value })) };
}
