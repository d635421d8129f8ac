import { Blob as NodeBlob, File as NodeFile } from "node:buffer";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { ImportResult } from "../../client/types.gen";
import { json } from "../../test/fakeApi";
import { account, ledgerApi } from "../../test/ledgerApi";
import { findHeading, renderApp } from "../../test/renderApp";
import { fmtUS } from "../../test/renderComponent";
import { INITIAL_CHOICES } from "./ImportFileForm";
import { describeEntry, detectedSummary, omittedNotice } from "./ImportPreview";
import { importBlocker, importOptions } from "./options";

const BROKER = account({ id: 1, name: "Broker", currency: "USD" });
const CSV = [
  "date,type,symbol,quantity,price,amount,currency",
  "2024-03-01,DEPOSIT,,,,1000,USD",
  "2024-03-04,BUY,AAPL,5,170.12,,USD",
  "2024-03-05,BUY,AAPL,-3,170,,USD",
  "",
].join("\n");

const ENTRY = {
  account_id: 1,
  account: "Broker",
  instrument_id: null,
  symbol: null,
  type: "DEPOSIT" as const,
  date: "2024-03-01",
  quantity: null,
  price: null,
  amount: "1000.00",
  fee: "0.00",
  tax: "0.00",
  currency: "USD",
  fx_rate: null,
  transfer_id: null,
  note: null,
  external_id: null,
};

function report(dryRun: boolean, skipInvalid: boolean): ImportResult {
  return {
    format: "pms-csv",
    dry_run: dryRun,
    skip_invalid: skipInvalid,
    written: !dryRun,
    valid: false,
    detected: { encoding: "utf-8", delimiter: ",", date_format: "iso", decimal_separator: "." },
    counts: {
      rows: 3,
      new: 2,
      duplicates: 0,
      updates: 0,
      invalid: 1,
      transactions: 2,
      prices: 0,
      splits: 0,
      fx_rates: 0,
      accounts_created: 0,
      instruments_created: 1,
    },
    errors: [],
    accounts_created: [],
    instruments_created: [
      {
        id: dryRun ? null : 12,
        symbol: "AAPL",
        name: "Apple Inc.",
        currency: "USD",
        data_source: "manual",
        isin: null,
      },
    ],
    rows: [
      { line: 2, status: "new", transactions: [ENTRY], prices: [], errors: [] },
      {
        line: 3,
        status: "new",
        transactions: [
          {
            ...ENTRY,
            type: "BUY",
            symbol: "AAPL",
            date: "2024-03-04",
            quantity: "5",
            price: "170.12",
            amount: "850.60",
          },
        ],
        prices: [],
        errors: [],
      },
      {
        line: 4,
        status: "invalid",
        transactions: [{ ...ENTRY, type: "BUY", symbol: "AAPL", quantity: "-3", price: "170.00" }],
        prices: [],
        errors: [{ field: "quantity", message: "must be greater than 0", code: "not_positive" }],
      },
    ],
    rows_omitted: 0,
  };
}

// The requests of these tests go through Node's fetch, which sends only Node's own FormData and
// files as multipart: here the page's FormData and Blob are Node's, and so are the chosen files.
beforeEach(async () => {
  const form = await new Response(new URLSearchParams("a=1")).formData();
  vi.stubGlobal("FormData", form.constructor);
  vi.stubGlobal("Blob", NodeBlob);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

async function chooseFile(name = "trades.csv", text = CSV) {
  const user = userEvent.setup();
  const input = screen.getByLabelText("File to import");
  await user.upload(input, new NodeFile([text], name, { type: "text/csv" }) as unknown as File);
  return user;
}

describe("import options", () => {
  test("the same request for the dry run and the real one, with only what applies to the format", () => {
    const file = new File(["x"], "a.csv");
    expect(
      importOptions({
        ...INITIAL_CHOICES,
        file,
        accountId: 3,
        dateFormat: "dmy",
        skipInvalid: true,
      }),
    ).toEqual({
      format: "pms-csv",
      account_id: 3,
      skip_invalid: true,
      date_format: "dmy",
      rows: "all",
    });
    // A backup names its accounts; prices go to an instrument.
    expect(importOptions({ ...INITIAL_CHOICES, format: "pms-json", accountId: 3, file })).toEqual({
      format: "pms-json",
      skip_invalid: false,
      rows: "all",
    });
    expect(
      importOptions({
        ...INITIAL_CHOICES,
        format: "prices-csv",
        instrument: { id: 5, symbol: "X", name: "X", currency: "EUR" },
        splitAdjusted: true,
        decimalSeparator: ",",
        file,
      }),
    ).toEqual({
      format: "prices-csv",
      instrument_id: 5,
      skip_invalid: false,
      decimal_separator: ",",
      split_adjusted: true,
      rows: "all",
    });
    // A large file lists only its refused rows.
    const large = { size: 3 * 1024 * 1024, name: "big.csv" } as File;
    expect(importOptions({ ...INITIAL_CHOICES, file: large }).rows).toBe("errors");
  });

  test("a preview with refused rows is imported only when they are skipped", () => {
    expect(importBlocker(report(true, false), false)).toMatch(/^1 row is refused/);
    expect(importBlocker(report(true, false), true)).toBeNull();
    const nothingNew = report(true, false);
    nothingNew.counts = { ...nothingNew.counts, new: 0, invalid: 0 };
    expect(importBlocker(nothingNew, false)).toBe("Nothing new: every row is already there.");
  });

  test("rows and the file are described in words", () => {
    expect(describeEntry(ENTRY, fmtUS)).toBe("Mar 1, 2024 · Deposit · $1,000.00 · Broker");
    expect(
      describeEntry(
        { ...ENTRY, type: "BUY", symbol: "AAPL", quantity: "5", price: "170.12" },
        fmtUS,
      ),
    ).toBe("Mar 1, 2024 · Buy · AAPL · 5 × $170.12 · Broker");
    expect(
      detectedSummary({
        encoding: "windows-1252",
        delimiter: ";",
        date_format: "dmy",
        decimal_separator: ",",
        language: "de",
      }),
    ).toBe("WINDOWS-1252 · semicolon-separated · dates day first · decimal comma · German labels");
  });
});

describe("the import page", () => {
  test("a dry run previews every row, refused ones at their line; skipping them imports the rest", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    api.on("POST", "/api/v1/imports", (request) =>
      json(
        200,
        report(
          request.query.get("dry_run") === "true",
          request.query.get("skip_invalid") === "true",
        ),
      ),
    );
    await renderApp(api, "/import");
    await findHeading("Import");
    expect(screen.getByRole("button", { name: "Check the file" })).toBeDisabled();
    const user = await chooseFile();
    expect(screen.getByTestId("chosen-file").textContent).toBe("trades.csv");
    await user.click(screen.getByRole("button", { name: "Check the file" }));

    const preview = await screen.findByRole("region", { name: "Preview" });
    const [dry] = api.callsTo("POST", "/api/v1/imports");
    expect(dry?.query.toString()).toBe("format=pms-csv&skip_invalid=false&rows=all&dry_run=true");
    expect(String(dry?.body)).toContain('filename="trades.csv"');
    expect(String(dry?.body)).toContain("2024-03-05,BUY,AAPL,-3,170,,USD");
    expect(within(preview).getByLabelText("Counts").textContent).toBe(
      "3 rows:2 to import1 refused",
    );
    // The refused rows first, each at its line with the field and the API's message.
    const table = within(preview).getByRole("table", { name: "Rows of the file" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      "4RefusedMar 1, 2024 · Buy · AAPL · -3 × $170.00 · Brokerquantity: must be greater than 0",
    ]);
    await user.click(within(preview).getByRole("radio", { name: "All rows (3)" }));
    expect(within(table).getAllByRole("row")).toHaveLength(4);

    const importButton = within(preview).getByRole("button", { name: "Import 2 rows" });
    expect(importButton).toBeDisabled();
    expect(within(preview).getByText(/^1 row is refused/)).toBeInTheDocument();
    await user.click(screen.getByRole("switch", { name: /Skip invalid rows/ }));
    expect(importButton).toBeEnabled();
    await user.click(importButton);

    await screen.findByRole("heading", { name: "Import complete" });
    const real = api.callsTo("POST", "/api/v1/imports")[1];
    expect(real?.query.toString()).toBe("format=pms-csv&skip_invalid=true&rows=all&dry_run=false");
    expect(screen.getByRole("status").textContent).toBe(
      "2 transactions saved; 1 refused rows left out.",
    );
    expect(screen.getByRole("link", { name: "AAPL" })).toHaveAttribute("href", "/holdings/12");
    expect(screen.getByRole("link", { name: "See the transactions" })).toHaveAttribute(
      "href",
      "/transactions",
    );
  });

  test("a preview of a large file says how many rows the API left out of its list", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    const bounded = report(true, false);
    bounded.counts = { ...bounded.counts, rows: 5003, new: 5002 };
    bounded.rows_omitted = 5000;
    api.on("POST", "/api/v1/imports", () => json(200, bounded));
    await renderApp(api, "/import");
    await findHeading("Import");
    const user = await chooseFile();
    await user.click(screen.getByRole("button", { name: "Check the file" }));

    const preview = await screen.findByRole("region", { name: "Preview" });
    expect(within(preview).getByLabelText("Counts").textContent).toBe(
      "5003 rows:5002 to import1 refused",
    );
    expect(within(preview).getByTestId("rows-omitted").textContent).toBe(
      "5,000 more rows are not listed (the counts above cover every row).",
    );
    expect(omittedNotice(7, true, fmtUS)).toBe(
      "7 more rows with problems are not listed (the counts above cover every row).",
    );
  });

  test("a refused import shows the API's reason with its row report", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    api.on("POST", "/api/v1/imports", (request) =>
      request.query.get("dry_run") === "true"
        ? json(200, {
            ...report(true, false),
            counts: { ...report(true, false).counts, invalid: 0 },
          })
        : {
            status: 422,
            contentType: "application/problem+json",
            body: {
              type: "https://pms.invalid/problems/import-refused",
              title: "Import refused",
              status: 422,
              detail: "1 of 3 rows were refused; nothing was written.",
              errors: [{ field: "line.4.quantity", message: "must be greater than 0", code: "x" }],
              result: { ...report(false, false), written: false },
            },
          },
    );
    await renderApp(api, "/import");
    const user = await chooseFile();
    await user.click(screen.getByRole("button", { name: "Check the file" }));
    await user.click(await screen.findByRole("button", { name: "Import 2 rows" }));
    await screen.findByRole("heading", { name: "The import was refused" });
    expect(screen.getByRole("alert").textContent).toBe(
      "1 of 3 rows were refused; nothing was written.",
    );
    const table = screen.getByRole("table", { name: "Rows of the file" });
    expect(within(table).getByText("quantity")).toBeInTheDocument();
  });

  test("a Portfolio Performance file needs its account before it can be checked", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    api.on("POST", "/api/v1/imports", json(200, report(true, false)));
    await renderApp(api, "/import");
    await findHeading("Import");
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: "Portfolio Performance" }));
    await chooseFile("pp.csv");
    expect(screen.getByText("Choose an account.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check the file" })).toBeDisabled();
    await user.click(screen.getByRole("combobox", { name: /^Account/ }));
    await user.click(await screen.findByRole("option", { name: "Broker (USD)" }));
    await user.click(screen.getByRole("button", { name: "Check the file" }));
    await waitFor(() =>
      expect(api.callsTo("POST", "/api/v1/imports")[0]?.query.toString()).toBe(
        "format=pp-csv&account_id=1&skip_invalid=false&rows=all&dry_run=true",
      ),
    );
  });

  test("the exports are links that download from the API", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    await renderApp(api, "/import");
    await findHeading("Import");
    const origin = window.location.origin;
    expect(screen.getByRole("link", { name: "Download backup (JSON)" })).toHaveAttribute(
      "href",
      `${origin}/api/v1/export?format=pms-json`,
    );
    expect(screen.getByRole("link", { name: "Download realized gains (CSV)" })).toHaveAttribute(
      "href",
      `${origin}/api/v1/export?format=realized-csv`,
    );
    expect(screen.getByRole("link", { name: "Download transactions (CSV)" })).toHaveAttribute(
      "download",
    );
  });
});
