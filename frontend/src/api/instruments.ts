// The instrument catalogue, symbol lookup at the market data provider, prices and splits.
import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import {
  instrumentsAddSplitMutation,
  instrumentsCreateInstrumentMutation,
  instrumentsDeleteOwnPricesMutation,
  instrumentsDeleteSplitMutation,
  instrumentsListInstrumentsOptions,
  instrumentsListOwnPricesOptions,
  instrumentsListPricesOptions,
  instrumentsListSplitsOptions,
  instrumentsLookupInstrumentsOptions,
  instrumentsPutOwnPricesMutation,
  instrumentsPutPricesMutation,
  instrumentsReadInstrumentOptions,
  instrumentsUploadPriceCsvMutation,
} from "../client/@tanstack/react-query.gen";
import type { InstrumentPublic } from "../client/types.gen";
import { invalidateOperations, MARKET_QUERIES, PORTFOLIO_QUERIES } from "./invalidate";
import { ApiError } from "./problem";

/** Instruments you can use whose symbol, name or ISIN contains `q` (all when empty). */
export function useInstrumentSearch(q: string, limit = 20) {
  const text = q.trim();
  return useQuery({
    ...instrumentsListInstrumentsOptions({ query: { ...(text ? { q: text } : {}), limit } }),
    placeholderData: keepPreviousData,
  });
}

export const instrumentQuery = (id: number) =>
  instrumentsReadInstrumentOptions({ path: { instrument_id: id } });

/** One instrument; nothing is asked while `id` is null. */
export function useInstrument(id: number | null) {
  return useQuery({ ...instrumentQuery(id ?? 0), enabled: id !== null });
}

/** Several instruments by id (those named on a page of transactions), each cached on its own. */
export function useInstrumentsById(ids: readonly number[]): Map<number, InstrumentPublic> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  return useQueries({
    queries: unique.map((id) => ({ ...instrumentQuery(id), staleTime: 5 * 60_000 })),
    combine: (results) => {
      const found = new Map<number, InstrumentPublic>();
      for (const result of results) if (result.data) found.set(result.data.id, result.data);
      return found;
    },
  });
}

/** Whether a failed lookup means the provider cannot be asked now (so offer a manual entry). */
export function isProviderDown(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 502 || error.status === 503) return true;
  return /provider-(unavailable|error)$/.test(error.type);
}

/** The market data provider's candidates for `q`; nothing is asked for an empty query. */
export function useSymbolLookup(q: string) {
  const text = q.trim();
  return useQuery({
    ...instrumentsLookupInstrumentsOptions({ query: { q: text } }),
    enabled: text.length > 0,
    staleTime: 5 * 60_000,
    // The provider's state does not change in a second: one answer is enough.
    retry: false,
  });
}

export function useCreateInstrument() {
  const queryClient = useQueryClient();
  return useMutation({
    ...instrumentsCreateInstrumentMutation(),
    onSuccess: () =>
      invalidateOperations(queryClient, ["instrumentsListInstruments", "marketMarketStatus"]),
  });
}

export function usePrices(id: number) {
  return useQuery(
    instrumentsListPricesOptions({ path: { instrument_id: id }, query: { limit: 50_000 } }),
  );
}

export function useSplits(id: number) {
  return useQuery(instrumentsListSplitsOptions({ path: { instrument_id: id } }));
}

function useInvalidateMarket() {
  const queryClient = useQueryClient();
  return () => invalidateOperations(queryClient, MARKET_QUERIES);
}

export function usePutPrices() {
  const invalidate = useInvalidateMarket();
  return useMutation({ ...instrumentsPutPricesMutation(), onSuccess: invalidate });
}

export function useUploadPriceCsv() {
  const invalidate = useInvalidateMarket();
  return useMutation({ ...instrumentsUploadPriceCsvMutation(), onSuccess: invalidate });
}

export function useAddSplit() {
  const invalidate = useInvalidateMarket();
  return useMutation({ ...instrumentsAddSplitMutation(), onSuccess: invalidate });
}

export function useDeleteSplit() {
  const invalidate = useInvalidateMarket();
  return useMutation({ ...instrumentsDeleteSplitMutation(), onSuccess: invalidate });
}

/** The signed-in user's own closes of an instrument (they count in their reports only). */
export function useOwnPrices(id: number) {
  return useQuery(instrumentsListOwnPricesOptions({ path: { instrument_id: id } }));
}

/** What a change of the user's own closes makes out of date. */
const OWN_PRICE_QUERIES = ["instrumentsListOwnPrices", "marketMarketStatus", ...PORTFOLIO_QUERIES];

function useInvalidateOwnPrices() {
  const queryClient = useQueryClient();
  return () => invalidateOperations(queryClient, OWN_PRICE_QUERIES);
}

export function usePutOwnPrices() {
  const invalidate = useInvalidateOwnPrices();
  return useMutation({ ...instrumentsPutOwnPricesMutation(), onSuccess: invalidate });
}

export function useDeleteOwnPrices() {
  const invalidate = useInvalidateOwnPrices();
  return useMutation({ ...instrumentsDeleteOwnPricesMutation(), onSuccess: invalidate });
}
