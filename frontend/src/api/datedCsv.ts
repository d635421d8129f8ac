// A file of dated numbers ("date,value" per line), as people keep rates and closes in a
// spreadsheet: read in the browser and sent to the API as rows.

export interface DatedValue {
  date: string;
  value: string;
}

/** Rows of a "date,value" file (a header line and blank lines are skipped; comma, semicolon or
 *  tab between the cells); the first bad line is an error naming it. Decimal commas are not
 *  guessed: the value is written as the API takes it. */
export function parseDatedCsv(
  text: string,
  { what, example, zero }: { what: string; example: string; zero: boolean },
): { rows: DatedValue[] } | { error: string } {
  const rows: DatedValue[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const cells = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, ""));
    const [date = "", value = ""] = cells;
    if (index === 0 && !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue; // a header
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      return { error: `Line ${index + 1}: the date must be written as YYYY-MM-DD` };
    }
    if (!/^\d+(\.\d+)?$/.test(value) || (!zero && Number(value) <= 0)) {
      const bound = zero ? "0 or more" : "above 0";
      return { error: `Line ${index + 1}: the ${what} must be a number ${bound}, like ${example}` };
    }
    rows.push({ date, value });
  }
  if (rows.length === 0) return { error: `The file has no rows of a date and a ${what}` };
  return { rows };
}
