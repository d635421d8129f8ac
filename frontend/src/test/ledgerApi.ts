// A small in-memory ledger behind the fake API: accounts, instruments and transactions that the
// pages can list, add, change and delete, so component tests follow whole flows.
import type { AccountPublic, InstrumentPublic, TransactionPublic } from "../client/types.gen";
import { json, problem } from "./fakeApi";
import { signedInApi } from "./session";

const STAMP = "2026-03-01T10:00:00Z";

export function account(
  patch: Partial<AccountPublic> & { id: number; name: string },
): AccountPublic {
  return {
    kind: "brokerage",
    currency: "EUR",
    track_cash: false,
    cost_basis_method: null,
    created_at: STAMP,
    updated_at: STAMP,
    ...patch,
  };
}

export function instrument(
  patch: Partial<InstrumentPublic> & { id: number; symbol: string },
): InstrumentPublic {
  return {
    name: patch.symbol,
    currency: "USD",
    asset_class: "equity",
    data_source: "yahoo",
    sector: null,
    country: null,
    exchange: null,
    isin: null,
    is_own: false,
    created_at: STAMP,
    updated_at: STAMP,
    ...patch,
  };
}

export function transaction(
  patch: Partial<TransactionPublic> & { id: number; type: TransactionPublic["type"] },
): TransactionPublic {
  return {
    account_id: 1,
    instrument_id: null,
    date: "2026-03-02",
    quantity: null,
    price: null,
    amount: null,
    fee: "0.00",
    tax: "0.00",
    currency: "EUR",
    fx_rate: null,
    transfer_id: null,
    note: null,
    external_id: null,
    created_at: STAMP,
    updated_at: STAMP,
    ...patch,
  };
}

export function ledgerApi(
  initial: {
    accounts?: AccountPublic[];
    instruments?: InstrumentPublic[];
    transactions?: TransactionPublic[];
  } = {},
) {
  const session = signedInApi();
  const db = {
    accounts: [...(initial.accounts ?? [])],
    instruments: [...(initial.instruments ?? [])],
    transactions: [...(initial.transactions ?? [])],
  };
  let nextId = 100;
  const { api } = session;
  api
    .on("GET", "/api/v1/accounts", () =>
      json(200, { items: db.accounts, total: db.accounts.length }),
    )
    .on("POST", "/api/v1/accounts", (request) => {
      const body = request.body as AccountPublic;
      if (db.accounts.some((a) => a.name === body.name)) {
        return problem(409, "Conflict", `name: an account named '${body.name}' exists already`, [
          {
            field: "name",
            message: `an account named '${body.name}' exists already`,
            code: "taken",
          },
        ]);
      }
      const created = account({ ...body, id: nextId++ });
      db.accounts.push(created);
      return json(201, created);
    })
    .on("GET", "/api/v1/transactions", (request) => {
      let items = db.transactions;
      const accounts = request.query.getAll("account_id").map(Number);
      if (accounts.length > 0) items = items.filter((t) => accounts.includes(t.account_id));
      const types = request.query.getAll("type");
      if (types.length > 0) items = items.filter((t) => types.includes(t.type));
      const instrumentId = request.query.get("instrument_id");
      if (instrumentId) items = items.filter((t) => t.instrument_id === Number(instrumentId));
      const offset = Number(request.query.get("offset") ?? 0);
      const limit = Number(request.query.get("limit") ?? 100);
      return json(200, { items: items.slice(offset, offset + limit), total: items.length });
    })
    .on("POST", "/api/v1/transactions", (request) => {
      const body = request.body as Partial<TransactionPublic>;
      const created = transaction({
        ...body,
        id: nextId++,
        type: body.type ?? "BUY",
        fee: body.fee ?? "0.00",
        tax: body.tax ?? "0.00",
      });
      db.transactions.unshift(created);
      return json(201, created);
    })
    .on("GET", "/api/v1/instruments", (request) => {
      const q = (request.query.get("q") ?? "").toLowerCase();
      const items = db.instruments.filter(
        (i) => i.symbol.toLowerCase().includes(q) || i.name.toLowerCase().includes(q),
      );
      return json(200, { items, total: items.length });
    })
    .on("POST", "/api/v1/instruments", (request) => {
      const body = request.body as Partial<InstrumentPublic>;
      const created = instrument({
        ...body,
        id: nextId++,
        symbol: body.symbol ?? "?",
        is_own: body.data_source === "manual",
      });
      db.instruments.push(created);
      return json(201, created);
    })
    .on("GET", "/api/v1/market/status", () =>
      json(200, { as_of: "2026-03-10", items: [], total: 0 }),
    );
  for (const item of db.instruments) {
    api.on("GET", `/api/v1/instruments/${item.id}`, () => json(200, item));
  }
  for (const item of db.accounts) {
    api.on("DELETE", `/api/v1/accounts/${item.id}`, (request) => {
      const count = db.transactions.filter((t) => t.account_id === item.id).length;
      if (count > 0 && request.query.get("cascade") !== "true") {
        return problem(409, "Conflict", `the account has ${count} transactions`);
      }
      db.accounts = db.accounts.filter((a) => a.id !== item.id);
      db.transactions = db.transactions.filter((t) => t.account_id !== item.id);
      return { status: 204 };
    });
  }
  return { ...session, db };
}
