import { describe, expect, test } from "vitest";
import { transaction } from "../../test/ledgerApi";
import { tradedInstruments } from "./TradedInstruments";

describe("instruments in the transactions", () => {
  test("are counted once each, the most recently traded first; cash entries are left out", () => {
    const items = tradedInstruments([
      transaction({ id: 1, type: "BUY", instrument_id: 7, date: "2024-01-05" }),
      transaction({ id: 2, type: "DEPOSIT", date: "2024-03-01" }),
      transaction({ id: 3, type: "DIVIDEND", instrument_id: 7, date: "2024-02-09" }),
      transaction({ id: 4, type: "BUY", instrument_id: 3, date: "2023-06-30" }),
    ]);
    expect(items).toEqual([
      { instrument_id: 7, transactions: 2, last_date: "2024-02-09" },
      { instrument_id: 3, transactions: 1, last_date: "2023-06-30" },
    ]);
  });
});
