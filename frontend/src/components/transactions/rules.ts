// The transaction form's logic, kept pure so it can be tested on its own: which fields a type
// shows, the checks the API makes (mirrored so most mistakes are caught before sending), and the
// request bodies for creating and editing.
import type {
  AccountPublic,
  InstrumentPublic,
  TransactionCreate,
  TransactionPublic,
  TransactionType,
  TransactionUpdate,
} from "../../client/types.gen";
import {
  addDecimals,
  compareDecimals,
  multiplyDecimals,
  parseDecimal,
  sameDecimal,
  subtractDecimals,
} from "../../decimal";

export type InstrumentRef = Pick<InstrumentPublic, "id" | "symbol" | "name" | "currency">;

export interface TransactionFormValues {
  type: TransactionType;
  account_id: string;
  instrument: InstrumentRef | null;
  date: string;
  quantity: string;
  price: string;
  amount: string;
  fee: string;
  tax: string;
  fx_rate: string;
  transfer_id: string;
  note: string;
}

type Presence = "required" | "optional" | null;

/** What the form shows for a type. `price` of a TRANSFER_IN is required without a transfer id. */
export interface TypeFields {
  instrument: Presence;
  quantity: Presence;
  price: Presence;
  amount: Presence;
  fee: boolean;
  tax: boolean;
  transfer: boolean;
}

const trade: TypeFields = {
  instrument: "required",
  quantity: "required",
  price: "required",
  amount: null,
  fee: true,
  tax: true,
  transfer: false,
};
const transfer: TypeFields = {
  instrument: "required",
  quantity: "required",
  price: "optional",
  amount: null,
  fee: false,
  tax: false,
  transfer: true,
};
const cash = (instrument: Presence, tax: boolean): TypeFields => ({
  instrument,
  quantity: null,
  price: null,
  amount: "required",
  fee: false,
  tax,
  transfer: false,
});

export const FIELDS_BY_TYPE: Record<TransactionType, TypeFields> = {
  BUY: trade,
  SELL: trade,
  TRANSFER_IN: transfer,
  TRANSFER_OUT: transfer,
  DIVIDEND: cash("required", true),
  INTEREST: cash("optional", true),
  FEE: cash("optional", false),
  TAX: cash("optional", false),
  DEPOSIT: cash(null, false),
  WITHDRAWAL: cash(null, false),
};

/** Fields the API refuses for a type (so an edit that changes the type must clear them). */
const FORBIDDEN: Record<TransactionType, readonly (keyof TransactionUpdate)[]> = {
  BUY: ["transfer_id"],
  SELL: ["transfer_id"],
  TRANSFER_IN: ["amount", "fee", "tax"],
  TRANSFER_OUT: ["amount", "fee", "tax"],
  DIVIDEND: ["price", "fee", "transfer_id"],
  INTEREST: ["quantity", "price", "fee", "transfer_id"],
  FEE: ["quantity", "price", "fee", "tax", "transfer_id"],
  TAX: ["quantity", "price", "fee", "tax", "transfer_id"],
  DEPOSIT: ["instrument_id", "quantity", "price", "fee", "tax", "transfer_id"],
  WITHDRAWAL: ["instrument_id", "quantity", "price", "fee", "tax", "transfer_id"],
};

/** How the form names fields, by the API's field names (for the API's problem details). */
export const API_FIELDS: Readonly<Record<string, string>> = {
  account_id: "account_id",
  instrument_id: "instrument",
  type: "type",
  date: "date",
  quantity: "quantity",
  price: "price",
  amount: "amount",
  fee: "fee",
  tax: "tax",
  fx_rate: "fx_rate",
  transfer_id: "transfer_id",
  note: "note",
};

export interface FieldLabels {
  amount: string;
  tax: string;
  price: string;
}

export function labelsFor(type: TransactionType): FieldLabels {
  return {
    amount: type === "DIVIDEND" ? "Gross amount" : "Amount",
    tax: type === "DIVIDEND" || type === "INTEREST" ? "Withholding tax" : "Tax",
    price: type === "TRANSFER_IN" || type === "TRANSFER_OUT" ? "Cost per unit" : "Price per unit",
  };
}

export function emptyValues(type: TransactionType, today: string): TransactionFormValues {
  return {
    type,
    account_id: "",
    instrument: null,
    date: today,
    quantity: "",
    price: "",
    amount: "",
    fee: "",
    tax: "",
    fx_rate: "",
    transfer_id: "",
    note: "",
  };
}

export function valuesFrom(
  txn: TransactionPublic,
  instrument: InstrumentRef | null,
): TransactionFormValues {
  const show = (value: string | null | undefined) => value ?? "";
  const nonZero = (value: string) => (sameDecimal(value, "0") ? "" : value);
  return {
    type: txn.type,
    account_id: String(txn.account_id),
    instrument,
    date: txn.date,
    quantity: show(txn.quantity),
    price: show(txn.price),
    amount: show(txn.amount),
    fee: nonZero(txn.fee),
    tax: nonZero(txn.tax),
    fx_rate: show(txn.fx_rate),
    transfer_id: show(txn.transfer_id),
    note: show(txn.note),
  };
}

/** The currency amounts are entered in: the instrument's for trades and dividends. */
export function currencyOf(
  values: Pick<TransactionFormValues, "type" | "instrument" | "account_id">,
  account: Pick<AccountPublic, "currency"> | undefined,
  original?: Pick<TransactionPublic, "currency" | "account_id" | "instrument_id">,
): string | undefined {
  const fields = FIELDS_BY_TYPE[values.type];
  const byInstrument =
    values.instrument !== null && (fields.quantity !== null || values.type === "DIVIDEND");
  if (byInstrument) return values.instrument?.currency;
  // An entry kept in another currency than its account's keeps it while nothing moves it.
  if (
    original &&
    original.account_id === Number(values.account_id) &&
    original.instrument_id === (values.instrument?.id ?? null)
  ) {
    return original.currency;
  }
  return account?.currency;
}

/** What the trade comes to: cost with fees for a buy, net proceeds for a sale. */
export function tradeTotal(values: TransactionFormValues): string | null {
  const quantity = parseDecimal(values.quantity);
  const price = parseDecimal(values.price);
  if (!quantity.ok || !price.ok) return null;
  const gross = multiplyDecimals(quantity.value, price.value);
  const fee = parseDecimal(values.fee);
  const tax = parseDecimal(values.tax);
  const extra = [fee.ok ? fee.value : "0", tax.ok ? tax.value : "0"];
  if (values.type === "BUY") return addDecimals(gross, ...extra);
  if (values.type === "SELL") return subtractDecimals(gross, ...extra);
  return gross;
}

const TRANSFER_ID = /^[A-Za-z0-9._:-]+$/;
const EARLIEST = "1900-01-01";

function nextDay(isoDate: string): string {
  const day = new Date(`${isoDate}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

function checkNumber(
  text: string,
  presence: Presence,
  missing: string,
  sign: "positive" | "non-negative",
): string | null {
  if (text.trim() === "") return presence === "required" ? missing : null;
  const parsed = parseDecimal(text);
  if (!parsed.ok) {
    if (parsed.problem === "too_many_places") return "Use at most 10 decimal places";
    if (parsed.problem === "too_many_digits") return "Use at most 30 digits";
    return "Enter a number, e.g. 12.5";
  }
  const comparison = compareDecimals(parsed.value, "0");
  if (sign === "positive" && comparison <= 0) return "Must be greater than 0";
  if (sign === "non-negative" && comparison < 0) return "Must not be negative";
  return null;
}

/**
 * The checks the API makes, with messages for people. `today` is the user's date; like the API,
 * a date one day ahead is allowed (time zones differ).
 */
export function validate(
  values: TransactionFormValues,
  today: string,
  fxShown: boolean,
): Partial<Record<keyof TransactionFormValues, string>> {
  const fields = FIELDS_BY_TYPE[values.type];
  const errors: Partial<Record<keyof TransactionFormValues, string>> = {};
  const put = (field: keyof TransactionFormValues, message: string | null) => {
    if (message) errors[field] = message;
  };

  if (!values.account_id) errors.account_id = "Choose an account";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) errors.date = "Enter the date";
  else if (values.date < EARLIEST) errors.date = "Use a date on or after 1 January 1900";
  else if (values.date > nextDay(today)) errors.date = "The date must not be in the future";

  if (fields.instrument === "required" && values.instrument === null) {
    errors.instrument = "Choose an instrument";
  }
  if (fields.quantity) {
    put("quantity", checkNumber(values.quantity, "required", "Enter the quantity", "positive"));
  }
  if (fields.price) {
    const needsPrice =
      fields.price === "required" ||
      (values.type === "TRANSFER_IN" && values.transfer_id.trim() === "");
    const missing =
      values.type === "TRANSFER_IN"
        ? "Enter the cost per unit carried in, or a transfer id that pairs it with its transfer out"
        : "Enter the price per unit";
    put(
      "price",
      checkNumber(values.price, needsPrice ? "required" : "optional", missing, "non-negative"),
    );
  }
  if (fields.amount) {
    put("amount", checkNumber(values.amount, "required", "Enter the amount", "positive"));
  }
  if (fields.fee) put("fee", checkNumber(values.fee, "optional", "", "non-negative"));
  if (fields.tax) put("tax", checkNumber(values.tax, "optional", "", "non-negative"));
  if (fxShown) put("fx_rate", checkNumber(values.fx_rate, "optional", "", "positive"));
  if (fields.transfer) {
    const id = values.transfer_id.trim();
    if (id.length > 64) errors.transfer_id = "Use at most 64 characters";
    else if (id && !TRANSFER_ID.test(id)) {
      errors.transfer_id = "Use letters, digits and . _ : - only";
    }
  }
  if (values.note.length > 2000) errors.note = "Use at most 2000 characters";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the API refuses these characters
  else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(values.note)) {
    errors.note = "Remove the control characters";
  }
  return errors;
}

function decimalOrNull(text: string): string | null {
  if (text.trim() === "") return null;
  const parsed = parseDecimal(text);
  return parsed.ok ? parsed.value : null;
}

/** Every field the form decides, as the API names them (null: not set). */
function desired(values: TransactionFormValues, fxShown: boolean): TransactionUpdate {
  const fields = FIELDS_BY_TYPE[values.type];
  const body: TransactionUpdate = {
    account_id: Number(values.account_id),
    type: values.type,
    date: values.date,
    note: values.note.trim() === "" ? null : values.note,
  };
  if (fields.instrument) body.instrument_id = values.instrument?.id ?? null;
  if (fields.quantity) body.quantity = decimalOrNull(values.quantity);
  if (fields.price) body.price = decimalOrNull(values.price);
  if (fields.amount) body.amount = decimalOrNull(values.amount);
  if (fields.fee) body.fee = decimalOrNull(values.fee);
  if (fields.tax) body.tax = decimalOrNull(values.tax);
  if (fields.transfer) body.transfer_id = values.transfer_id.trim() || null;
  body.fx_rate = fxShown ? decimalOrNull(values.fx_rate) : null;
  for (const field of FORBIDDEN[values.type]) {
    (body as Record<string, unknown>)[field] = null;
  }
  return body;
}

/** The body of `POST /transactions`: only what is set (the API fills currency and amount). */
export function createBody(values: TransactionFormValues, fxShown: boolean): TransactionCreate {
  const all = desired(values, fxShown);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) if (value !== null) body[key] = value;
  return body as unknown as TransactionCreate;
}

const DECIMAL_FIELDS = new Set(["quantity", "price", "amount", "fee", "tax", "fx_rate"]);

/**
 * The body of `PATCH /transactions/{id}`: only what differs from the stored transaction, with the
 * fields the new type refuses cleared. `currency` is sent when the form's currency differs.
 */
export function updateBody(
  original: TransactionPublic,
  values: TransactionFormValues,
  fxShown: boolean,
  currency: string | undefined,
): TransactionUpdate {
  const want = desired(values, fxShown);
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(want)) {
    const before = (original as unknown as Record<string, unknown>)[key] ?? null;
    let same: boolean;
    if (DECIMAL_FIELDS.has(key)) {
      // A fee or tax of 0 is what the API stores for "none".
      const zeroIsNone = key === "fee" || key === "tax";
      const norm = (v: unknown) =>
        zeroIsNone && typeof v === "string" && sameDecimal(v, "0") ? null : (v as string | null);
      same = sameDecimal(norm(before), norm(value));
    } else {
      same = before === value;
    }
    if (!same) changes[key] = value;
  }
  if (currency && currency !== original.currency) changes.currency = currency;
  return changes as TransactionUpdate;
}
