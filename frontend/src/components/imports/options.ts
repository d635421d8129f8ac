// The request of an import from the choices on the page, and whether its preview can be imported.
import type { ImportOptions } from "../../api/imports";
import type { ImportResult } from "../../client/types.gen";
import { FORMATS, FULL_PREVIEW_MAX_BYTES } from "./formats";
import type { ImportChoices } from "./ImportFileForm";

/** The query of `POST /imports` for the choices (the same for the dry run and the real one). */
export function importOptions(choices: ImportChoices): ImportOptions {
  const info = FORMATS[choices.format];
  const large = (choices.file?.size ?? 0) > FULL_PREVIEW_MAX_BYTES;
  return {
    format: choices.format,
    ...(info.account !== "none" && choices.accountId !== null
      ? { account_id: choices.accountId }
      : {}),
    ...(info.instrument && choices.instrument ? { instrument_id: choices.instrument.id } : {}),
    skip_invalid: choices.skipInvalid,
    ...(choices.dateFormat ? { date_format: choices.dateFormat } : {}),
    ...(choices.decimalSeparator ? { decimal_separator: choices.decimalSeparator } : {}),
    ...(info.instrument && choices.splitAdjusted ? { split_adjusted: true } : {}),
    rows: large ? "errors" : "all",
  };
}

/** Why the previewed rows cannot be imported as they are; null when they can. */
export function importBlocker(result: ImportResult, skipInvalid: boolean): string | null {
  const { counts, errors } = result;
  if (errors.length > 0) return "Fix the problems of the file as a whole, then check it again.";
  if (counts.new === 0 && counts.updates === 0) return "Nothing new: every row is already there.";
  if (counts.invalid > 0 && !skipInvalid) {
    return `${counts.invalid} ${counts.invalid === 1 ? "row is" : "rows are"} refused. Fix the file and check it again, or turn on “Skip invalid rows” to import the others.`;
  }
  return null;
}
