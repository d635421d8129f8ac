// Importing a file: a dry run that previews every row, then the real run with the same options.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { importsCreateImport } from "../client/sdk.gen";
import type { ImportResult, ImportsCreateImportData } from "../client/types.gen";
import { ApiError } from "./problem";

/** The options of an import (the query parameters of `POST /imports` but `dry_run`). */
export type ImportOptions = Omit<ImportsCreateImportData["query"], "dry_run">;

export interface ImportOutcome {
  /** The report of every row (also of a refused import). */
  result: ImportResult;
  /** Set when the API refused the import (422): nothing was written. */
  refused: ApiError | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The row report a refused import carries in its problem document (`result`), if any. */
export function refusedImportResult(error: unknown): ImportResult | null {
  if (!(error instanceof ApiError) || error.status !== 422 || !isRecord(error.body)) return null;
  const result = error.body.result;
  return isRecord(result) && Array.isArray(result.rows) && isRecord(result.counts)
    ? (result as unknown as ImportResult)
    : null;
}

/**
 * Sends a file to `POST /imports`. A refusal that comes with a row report resolves with it (and
 * the problem), so the preview can show which rows were refused; any other failure throws.
 * Once something was written, every cached answer is out of date (a backup also restores settings).
 */
export function useImportFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      file,
      options,
      dryRun,
    }: {
      file: File;
      options: ImportOptions;
      dryRun: boolean;
    }): Promise<ImportOutcome> => {
      try {
        const { data } = await importsCreateImport({
          body: { file },
          query: { ...options, dry_run: dryRun },
          throwOnError: true,
        });
        return { result: data, refused: null };
      } catch (error) {
        const result = refusedImportResult(error);
        if (result && error instanceof ApiError) return { result, refused: error };
        throw error;
      }
    },
    onSuccess: (outcome) => {
      if (outcome.result.written) void queryClient.invalidateQueries();
    },
  });
}
