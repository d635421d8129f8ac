import { describe, expect, test } from "vitest";
import type { TransactionPublic } from "../../client/types.gen";
import {
  createBody,
  currencyOf,
  emptyValues,
  FIELDS_BY_TYPE,
  type TransactionFormValues,
  tradeTotal,
  updateBody,
  validate,
  valuesFrom,
} from "./rules";
import { cashEffect } from "./types";

const TODAY = "2026-03-10";
const AAPL = { id: 7, symbol: "AAPL", name: "Apple Inc.", currency: "USD" };

function form(patch: Partial<TransactionFormValues>): TransactionFormValues {
  return { ...emptyValues("BUY", TODAY), account_id: "3", ...patch };
}

const STORED_BUY: TransactionPublic = {
  id: 11,
  account_id: 3,
  instrument_id: 7,
  type: "BUY",
  date: "2026-03-02",
  quantity: "10",
  price: "187.44",
  amount: "1874.40",
  fee: "4.95",
  tax: "0.00",
  currency: "USD",
  fx_rate: null,
  transfer_id: null,
  note: null,
  external_id: null,
  created_at: "2026-03-02T10:00:00Z",
  updated_at: "2026-03-02T10:00:00Z",
};

describe("which fields a type takes", () => {
  test("trades take instrument, quantity, price, fee and tax; no amount to type", () => {
    expect(FIELDS_BY_TYPE.BUY).toEqual({
      instrument: "required",
      quantity: "required",
      price: "required",
      amount: null,
      fee: true,
      tax: true,
      transfer: false,
    });
    expect(FIELDS_BY_TYPE.SELL).toEqual(FIELDS_BY_TYPE.BUY);
  });

  test("a dividend takes its instrument, a gross amount and the withholding tax", () => {
    expect(FIELDS_BY_TYPE.DIVIDEND).toMatchObject({
      instrument: "required",
      quantity: null,
      price: null,
      amount: "required",
      fee: false,
      tax: true,
    });
  });

  test("cash movements take an amount only; transfers take units and a transfer id", () => {
    for (const type of ["DEPOSIT", "WITHDRAWAL"] as const) {
      expect(FIELDS_BY_TYPE[type]).toMatchObject({
        instrument: null,
        quantity: null,
        amount: "required",
        fee: false,
        tax: false,
      });
    }
    expect(FIELDS_BY_TYPE.TRANSFER_OUT).toMatchObject({
      instrument: "required",
      quantity: "required",
      price: "optional",
      amount: null,
      transfer: true,
    });
  });
});

describe("checks before sending, as the API makes them", () => {
  test("an empty buy names every missing field", () => {
    expect(validate(form({ account_id: "" }), TODAY, false)).toEqual({
      account_id: "Choose an account",
      instrument: "Choose an instrument",
      quantity: "Enter the quantity",
      price: "Enter the price per unit",
    });
  });

  test("a complete buy passes; zero quantity, negative fees and words do not", () => {
    const ok = form({ instrument: AAPL, quantity: "10", price: "187,44", fee: "4.95" });
    expect(validate(ok, TODAY, false)).toEqual({});
    expect(validate({ ...ok, quantity: "0", fee: "-1", tax: "ten" }, TODAY, false)).toEqual({
      quantity: "Must be greater than 0",
      fee: "Must not be negative",
      tax: "Enter a number, e.g. 12.5",
    });
  });

  test("dates: not before 1900, and at most a day ahead (time zones differ)", () => {
    const ok = form({ instrument: AAPL, quantity: "1", price: "1" });
    expect(validate({ ...ok, date: "2026-03-11" }, TODAY, false)).toEqual({});
    expect(validate({ ...ok, date: "2026-03-12" }, TODAY, false).date).toBe(
      "The date must not be in the future",
    );
    expect(validate({ ...ok, date: "1899-12-31" }, TODAY, false).date).toBe(
      "Use a date on or after 1 January 1900",
    );
    expect(validate({ ...ok, date: "" }, TODAY, false).date).toBe("Enter the date");
  });

  test("a transfer in needs a cost per unit unless a transfer id pairs it", () => {
    const base = form({ type: "TRANSFER_IN", instrument: AAPL, quantity: "5" });
    expect(validate(base, TODAY, false).price).toMatch(/^Enter the cost per unit/);
    expect(validate({ ...base, transfer_id: "move-2026-03" }, TODAY, false)).toEqual({});
    expect(validate({ ...base, transfer_id: "move 2026" }, TODAY, false).transfer_id).toBe(
      "Use letters, digits and . _ : - only",
    );
  });

  test("a deposit needs a positive amount; the fx rate, when asked, must be positive", () => {
    const deposit = form({ type: "DEPOSIT", amount: "" });
    expect(validate(deposit, TODAY, false)).toEqual({ amount: "Enter the amount" });
    expect(validate({ ...deposit, amount: "0" }, TODAY, false)).toEqual({
      amount: "Must be greater than 0",
    });
    const dividend = form({ type: "DIVIDEND", instrument: AAPL, amount: "26.25", fx_rate: "0" });
    expect(validate(dividend, TODAY, true)).toEqual({ fx_rate: "Must be greater than 0" });
    expect(validate(dividend, TODAY, false)).toEqual({});
  });
});

describe("what the trade comes to", () => {
  test("a buy costs quantity × price plus fee and tax, exactly", () => {
    const buy = form({ instrument: AAPL, quantity: "10", price: "187.44", fee: "4.95" });
    expect(tradeTotal(buy)).toBe("1879.35");
    expect(tradeTotal({ ...buy, type: "SELL", tax: "0.05" })).toBe("1869.4");
    expect(tradeTotal({ ...buy, quantity: "" })).toBeNull();
  });

  test("cash effects follow the ledger's rules", () => {
    const none = { quantity: null, price: null };
    const buy = { type: "BUY" as const, quantity: "10", price: "187.44", fee: "4.95", tax: "0" };
    expect(cashEffect({ ...buy, amount: "1874.40" })).toBe("-1879.35");
    // Without a stored amount (imports, the demo) it is quantity × price.
    expect(cashEffect({ ...buy, amount: null })).toBe("-1879.35");
    expect(cashEffect({ ...buy, type: "SELL", amount: null, tax: "0.05" })).toBe("1869.4");
    expect(cashEffect({ ...none, type: "DIVIDEND", amount: "26.25", fee: "0", tax: "3.94" })).toBe(
      "22.31",
    );
    expect(cashEffect({ ...none, type: "WITHDRAWAL", amount: "100", fee: "0", tax: "0" })).toBe(
      "-100",
    );
    expect(
      cashEffect({ ...none, type: "TRANSFER_IN", amount: null, fee: "0", tax: "0" }),
    ).toBeNull();
  });
});

describe("request bodies", () => {
  test("creating sends only the fields the type takes, as exact decimal text", () => {
    const values = form({
      instrument: AAPL,
      quantity: "10",
      price: "187,440",
      fee: "4.95",
      tax: "",
      amount: "999",
      transfer_id: "ignored",
    });
    expect(createBody(values, false)).toEqual({
      account_id: 3,
      type: "BUY",
      date: TODAY,
      instrument_id: 7,
      quantity: "10",
      price: "187.44",
      fee: "4.95",
    });
  });

  test("editing sends only what changed", () => {
    const values = valuesFrom(STORED_BUY, AAPL);
    expect(values.tax).toBe("");
    expect(updateBody(STORED_BUY, values, false, "USD")).toEqual({});
    expect(
      updateBody(STORED_BUY, { ...values, quantity: "12", note: "top-up" }, false, "USD"),
    ).toEqual({ quantity: "12", note: "top-up" });
  });

  test("turning a buy into a deposit clears what a deposit refuses", () => {
    const values = { ...valuesFrom(STORED_BUY, AAPL), type: "DEPOSIT" as const, amount: "500" };
    expect(updateBody(STORED_BUY, values, false, "EUR")).toEqual({
      type: "DEPOSIT",
      amount: "500",
      instrument_id: null,
      quantity: null,
      price: null,
      fee: null,
      currency: "EUR",
    });
  });

  test("the currency is the instrument's for trades and dividends, else the account's", () => {
    const eur = { currency: "EUR" };
    expect(currencyOf({ type: "BUY", instrument: AAPL, account_id: "3" }, eur)).toBe("USD");
    expect(currencyOf({ type: "DIVIDEND", instrument: AAPL, account_id: "3" }, eur)).toBe("USD");
    expect(currencyOf({ type: "DEPOSIT", instrument: null, account_id: "3" }, eur)).toBe("EUR");
    // A stored fee in another currency keeps it while account and instrument stay.
    const storedFee = { currency: "CHF", account_id: 3, instrument_id: null };
    expect(currencyOf({ type: "FEE", instrument: null, account_id: "3" }, eur, storedFee)).toBe(
      "CHF",
    );
    expect(currencyOf({ type: "FEE", instrument: null, account_id: "4" }, eur, storedFee)).toBe(
      "EUR",
    );
  });
});
