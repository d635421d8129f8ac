// The files `POST /imports` reads (docs/import-formats.md), told the way a user chooses one.
import type { ImportFormat } from "../../client/types.gen";

export interface FormatColumn {
  name: string;
  meaning: string;
}

export interface FormatInfo {
  label: string;
  /** One sentence: what file this is and where it comes from. */
  description: string;
  /** Whether the rows name their account: "required" when they never do. */
  account: "required" | "optional" | "none";
  /** Prices go into one instrument, chosen here. */
  instrument: boolean;
  /** The columns (or members) the file is read by. */
  columns: FormatColumn[];
  /** What the column list leaves out, in a sentence. */
  columnsNote?: string;
}

export const FORMAT_ORDER: readonly ImportFormat[] = [
  "pms-csv",
  "pp-csv",
  "ghostfolio-csv",
  "ghostfolio-json",
  "pms-json",
  "prices-csv",
];

export const FORMATS: Record<ImportFormat, FormatInfo> = {
  "pms-csv": {
    label: "PMS CSV",
    description:
      "One transaction per row, with the columns of PMS's own transactions export. Any spreadsheet can write it.",
    account: "optional",
    instrument: false,
    columns: [
      { name: "date", meaning: "trade date (required), e.g. 2024-03-05" },
      {
        name: "type",
        meaning:
          "BUY, SELL, DIVIDEND, INTEREST, FEE, TAX, DEPOSIT, WITHDRAWAL, TRANSFER_IN or TRANSFER_OUT (required)",
      },
      { name: "account", meaning: "the account's name or id; empty: the account chosen here" },
      { name: "symbol, isin", meaning: "the instrument" },
      {
        name: "instrument_name, instrument_currency",
        meaning: "used when the instrument has to be created",
      },
      { name: "quantity, price", meaning: "units and price per unit of a buy, sale or transfer" },
      { name: "amount", meaning: "a dividend, interest, fee, tax, deposit or withdrawal" },
      { name: "fee, tax", meaning: "costs of the transaction" },
      { name: "currency, fx_rate", meaning: "the entry's currency and its rate to the account's" },
      { name: "transfer_id, note, external_id", meaning: "as in the transaction form" },
    ],
    columnsNote: "Columns may come in any order; only date and type are always needed.",
  },
  "pp-csv": {
    label: "Portfolio Performance",
    description:
      "The CSV export of an account's or a securities account's transactions, with English or German labels.",
    account: "required",
    instrument: false,
    columns: [
      { name: "Date / Datum", meaning: "trade date" },
      {
        name: "Type / Typ",
        meaning: "Buy, Sell, Dividend, Interest, Fees, Taxes, Deposit, Removal, transfers",
      },
      { name: "Value / Wert", meaning: "net amount in the transaction currency" },
      {
        name: "Transaction Currency / Buchungswährung",
        meaning: "currency of value, fees and taxes",
      },
      { name: "Shares / Stück", meaning: "units of a buy, sale or delivery" },
      { name: "Fees, Taxes / Gebühren, Steuern", meaning: "costs" },
      {
        name: "Gross Amount, Exchange Rate / Bruttobetrag, Wechselkurs",
        meaning: "a security in another currency",
      },
      {
        name: "ISIN, WKN, Ticker Symbol, Security Name",
        meaning: "the security (matched by ISIN, then ticker)",
      },
      { name: "Note / Notiz", meaning: "note" },
    ],
    columnsNote: "Rows name no account: choose the one they belong to.",
  },
  "ghostfolio-csv": {
    label: "Ghostfolio CSV",
    description: "The CSV layout Ghostfolio imports: one activity per row.",
    account: "optional",
    instrument: false,
    columns: [
      { name: "Date", meaning: "activity date" },
      { name: "Code (Symbol, Ticker)", meaning: "the instrument" },
      { name: "DataSource", meaning: "YAHOO or MANUAL" },
      { name: "Currency", meaning: "currency of price and fee" },
      { name: "Price (UnitPrice), Quantity", meaning: "per unit, and units" },
      { name: "Action (Type)", meaning: "BUY, SELL, DIVIDEND, INTEREST, FEE, ITEM" },
      { name: "Fee (Commission), Note (Comment)", meaning: "costs and a note" },
      { name: "Account", meaning: "optional; else the account chosen here" },
    ],
  },
  "ghostfolio-json": {
    label: "Ghostfolio export",
    description:
      "Ghostfolio's JSON export: its accounts are matched by name or created, with their activities.",
    account: "optional",
    instrument: false,
    columns: [
      { name: "accounts", meaning: "matched by name, created when missing" },
      { name: "assetProfiles", meaning: "names of manual assets" },
      { name: "activities", meaning: "buys, sales, dividends, interest, fees and items" },
    ],
    columnsNote: "Choosing an account here puts every activity into it instead.",
  },
  "pms-json": {
    label: "PMS backup",
    description:
      "A backup downloaded from PMS: accounts, instruments, prices, transactions and settings. Restoring twice changes nothing.",
    account: "none",
    instrument: false,
    columns: [
      { name: "user", meaning: "your settings" },
      { name: "accounts", meaning: "matched by name, created when missing" },
      { name: "instruments", meaning: "with their prices and splits" },
      { name: "fx_rates", meaning: "exchange rates" },
      { name: "transactions", meaning: "every transaction, in date order" },
    ],
    columnsNote: "Prices others share are only filled in where none are stored, never overwritten.",
  },
  "prices-csv": {
    label: "Price history",
    description:
      "Closing prices of one instrument, such as Yahoo's download or Portfolio Performance's price export.",
    account: "none",
    instrument: true,
    columns: [
      { name: "Date / Datum", meaning: "the trading day" },
      { name: "Close / Quote / Kurs / Price", meaning: "the closing price" },
      { name: "Open, High, Low, Volume", meaning: "optional" },
    ],
    columnsNote: "A day already stored is replaced by the file's close.",
  },
};

/** A pms-csv file to start from: the header and one row of the common kinds. */
export const PMS_CSV_TEMPLATE = [
  "date,type,account,symbol,quantity,price,amount,fee,tax,currency,note",
  "2024-01-02,DEPOSIT,Broker,,,,5000,,,EUR,First deposit",
  "2024-01-03,BUY,Broker,VWCE.DE,20,104.52,,1.50,,EUR,",
  "2024-03-27,DIVIDEND,Broker,VWCE.DE,,,12.40,,1.86,EUR,",
  "",
].join("\r\n");

/** Files larger than this list only their refused rows in the preview (`rows=errors`). */
export const FULL_PREVIEW_MAX_BYTES = 2 * 1024 * 1024;
