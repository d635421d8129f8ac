import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { json, problem } from "../../test/fakeApi";
import { account, instrument, ledgerApi, transaction } from "../../test/ledgerApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";

const BROKER = account({ id: 1, name: "Broker", currency: "USD" });
const DEPOT = account({ id: 2, name: "Depot", currency: "EUR" });
const AAPL = instrument({ id: 7, symbol: "AAPL", name: "Apple Inc.", currency: "USD" });
const BUY = transaction({
  id: 11,
  account_id: 1,
  instrument_id: 7,
  type: "BUY",
  date: "2026-03-02",
  quantity: "10",
  price: "187.44",
  fee: "4.95",
  currency: "USD",
});

async function openForm(path = "/transactions") {
  const user = userEvent.setup();
  await findHeading("Transactions");
  await user.click(screen.getAllByRole("button", { name: "Add transaction" })[0] as HTMLElement);
  const dialog = await screen.findByRole("dialog", { name: "Add a transaction" });
  return { user, dialog, path };
}

async function chooseOption(
  user: ReturnType<typeof userEvent.setup>,
  scope: HTMLElement,
  label: string,
  option: string,
) {
  await user.click(within(scope).getByRole("combobox", { name: label }));
  await user.click(await screen.findByRole("option", { name: option }));
}

describe("the transactions list", () => {
  test("filters in the address become the request, and a change of filter goes back to the address", async () => {
    const { api } = ledgerApi({
      accounts: [BROKER, DEPOT],
      instruments: [AAPL],
      transactions: [BUY],
    });
    const { router } = await renderApp(
      api,
      "/transactions?account=%5B1%2C2%5D&type=%5B%22BUY%22%5D&from=2026-01-01&to=2026-03-31&order=asc&page=2",
    );
    await findHeading("Transactions");
    await waitFor(() => expect(api.callsTo("GET", "/api/v1/transactions")).not.toHaveLength(0));
    const query = api.callsTo("GET", "/api/v1/transactions")[0]?.query;
    expect(query?.getAll("account_id")).toEqual(["1", "2"]);
    expect(query?.getAll("type")).toEqual(["BUY"]);
    expect(query?.get("from")).toBe("2026-01-01");
    expect(query?.get("to")).toBe("2026-03-31");
    expect(query?.get("order")).toBe("asc");
    expect(query?.get("limit")).toBe("25");
    expect(query?.get("offset")).toBe("25");

    // Page 2 of one transaction is empty; clearing the filters starts over at page 1.
    const user = userEvent.setup();
    await screen.findByText("Nothing on page 2");
    await user.click(
      screen.getAllByRole("button", { name: /^Clear( filters)?$/ })[0] as HTMLElement,
    );
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    await screen.findByRole("table", { name: "Transactions" });
  });

  test("each row shows date, type, instrument, account, units and what it did to cash", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    await renderApp(api, "/transactions");
    const table = await screen.findByRole("table", { name: "Transactions" });
    const row = await within(table).findByText("Mar 2, 2026");
    const cells = within(row.closest("tr") as HTMLElement)
      .getAllByRole("cell")
      .map((cell) => cell.textContent);
    await waitFor(() =>
      expect(
        within(row.closest("tr") as HTMLElement)
          .getAllByRole("cell")
          .map((cell) => cell.textContent),
      ).toEqual([
        "Mar 2, 2026",
        "Buy",
        "AAPLApple Inc.",
        "Broker",
        "10 × $187.44",
        "-$1,879.35",
        "",
      ]),
    );
    expect(cells[0]).toBe("Mar 2, 2026");
  });
});

describe("the transaction form", () => {
  test("a buy of a known instrument is sent with exact decimals and its total shown", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL] });
    await renderApp(api, "/transactions");
    const { user, dialog } = await openForm();
    // One account: it is chosen already.
    expect(within(dialog).getByRole("combobox", { name: "Account" })).toHaveValue("Broker (USD)");
    const picker = within(dialog).getByRole("combobox", { name: "Instrument" });
    await fill(user, picker, "app");
    await user.click(await screen.findByRole("option", { name: /AAPL Apple Inc\./ }));
    await fill(user, within(dialog).getByRole("textbox", { name: "Quantity" }), "10");
    await fill(user, within(dialog).getByRole("textbox", { name: "Price per unit" }), "187,44");
    await fill(user, within(dialog).getByRole("textbox", { name: "Fee" }), "4.95");
    expect(within(dialog).getByText("$1,879.35")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Add transaction" }));

    await screen.findByText(/^Buy of .* added\.$/);
    const body = api.callsTo("POST", "/api/v1/transactions")[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      account_id: 1,
      type: "BUY",
      instrument_id: 7,
      quantity: "10",
      price: "187.44",
      fee: "4.95",
    });
    expect(body).not.toHaveProperty("amount");
  });

  test("the fields follow the type: a dividend asks for gross amount and withholding tax", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL] });
    await renderApp(api, "/transactions");
    const { user, dialog } = await openForm();
    expect(within(dialog).getByRole("textbox", { name: "Quantity" })).toBeInTheDocument();
    await chooseOption(user, dialog, "Type", "Dividend");
    expect(within(dialog).queryByRole("textbox", { name: "Quantity" })).toBeNull();
    expect(within(dialog).getByRole("textbox", { name: "Gross amount" })).toBeInTheDocument();
    expect(within(dialog).getByRole("textbox", { name: "Withholding tax" })).toBeInTheDocument();
    expect(within(dialog).queryByRole("textbox", { name: "Fee" })).toBeNull();
    await chooseOption(user, dialog, "Type", "Deposit");
    expect(within(dialog).queryByRole("combobox", { name: /Instrument/ })).toBeNull();
    expect(within(dialog).getByRole("textbox", { name: "Amount" })).toBeInTheDocument();
    // Nothing is sent while a required field is empty.
    await user.click(within(dialog).getByRole("button", { name: "Add transaction" }));
    expect(within(dialog).getByRole("textbox", { name: "Amount" })).toHaveAccessibleDescription(
      "Enter the amount",
    );
    expect(api.callsTo("POST", "/api/v1/transactions")).toHaveLength(0);
  });

  test("a deposit into an account that does not track cash says so and sends nothing", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    await renderApp(api, "/transactions");
    const { user, dialog } = await openForm();
    await chooseOption(user, dialog, "Type", "Deposit");
    await fill(user, within(dialog).getByRole("textbox", { name: "Amount" }), "100");
    await user.click(within(dialog).getByRole("button", { name: "Add transaction" }));
    expect(
      await within(dialog).findByText(/Broker does not track cash, so a deposit there/),
    ).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/v1/transactions")).toHaveLength(0);
  });

  test("when the provider is unreachable, the instrument is added by hand", async () => {
    const { api } = ledgerApi({ accounts: [DEPOT] });
    api.on("GET", "/api/v1/instruments/lookup", {
      status: 503,
      body: {
        type: "https://pms.invalid/problems/provider-unavailable",
        title: "Market data provider unavailable",
        status: 503,
        detail: "symbol search: the provider could not be reached",
        errors: [],
      },
      contentType: "application/problem+json",
    });
    await renderApp(api, "/transactions");
    const { user, dialog } = await openForm();
    await fill(user, within(dialog).getByRole("combobox", { name: "Instrument" }), "myfund");
    const note = await within(dialog).findByRole("status", {}, { timeout: 3000 });
    expect(note).toHaveTextContent(/The market data provider cannot be reached/);
    // The search's list says so too, and offers the manual entry as an option.
    expect(await screen.findByText(/add a new one by hand/)).toBeInTheDocument();
    await user.click(within(note).getByRole("button", { name: "Add by hand" }));
    const fieldset = within(dialog).getByRole("group", { name: "New instrument, entered by hand" });
    expect(within(fieldset).getByRole("textbox", { name: "Symbol" })).toHaveValue("MYFUND");
    await fill(user, within(fieldset).getByRole("textbox", { name: "Name" }), "My pension fund");
    await user.click(within(fieldset).getByRole("button", { name: "Add instrument" }));

    await waitFor(() =>
      expect(within(dialog).getByRole("combobox", { name: "Instrument" })).toHaveValue(
        "MYFUND — My pension fund",
      ),
    );
    expect(api.callsTo("POST", "/api/v1/instruments")[0]?.body).toEqual({
      symbol: "MYFUND",
      name: "My pension fund",
      currency: "EUR",
      asset_class: "equity",
      data_source: "manual",
    });
  });

  test("a provider's candidate is added to the catalogue as a yahoo instrument when chosen", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    api.on(
      "GET",
      "/api/v1/instruments/lookup",
      json(200, {
        items: [
          {
            symbol: "MSFT",
            name: "Microsoft Corporation",
            currency: "USD",
            exchange: "NMS",
            asset_class: "equity",
            sector: null,
            country: null,
            data_source: "yahoo",
          },
        ],
        total: 1,
      }),
    );
    await renderApp(api, "/transactions");
    const { user, dialog } = await openForm();
    await fill(user, within(dialog).getByRole("combobox", { name: "Instrument" }), "msft");
    await user.click(
      await screen.findByRole("option", { name: /MSFT Microsoft Corporation/ }, { timeout: 3000 }),
    );
    await waitFor(() =>
      expect(within(dialog).getByRole("combobox", { name: "Instrument" })).toHaveValue(
        "MSFT — Microsoft Corporation",
      ),
    );
    expect(api.callsTo("GET", "/api/v1/instruments/lookup")[0]?.query.get("q")).toBe("msft");
    expect(api.callsTo("POST", "/api/v1/instruments")[0]?.body).toMatchObject({
      symbol: "MSFT",
      data_source: "yahoo",
      currency: "USD",
    });
  });

  test("a sale of more than is held is refused at the quantity field, in the API's words", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL] });
    const message = "SELL of 50 on 2026-03-02 exceeds the 10 held in this account on that date";
    api.on(
      "POST",
      "/api/v1/transactions",
      problem(422, "Not enough units held", `quantity: ${message}`, [
        { field: "quantity", message, code: "insufficient_quantity" },
      ]),
    );
    await renderApp(api, "/transactions");
    const { user, dialog } = await openForm();
    await chooseOption(user, dialog, "Type", "Sell");
    await fill(user, within(dialog).getByRole("combobox", { name: "Instrument" }), "AAPL");
    await user.click(await screen.findByRole("option", { name: /AAPL Apple Inc\./ }));
    const quantity = within(dialog).getByRole("textbox", { name: "Quantity" });
    await fill(user, quantity, "50");
    await fill(user, within(dialog).getByRole("textbox", { name: "Price per unit" }), "190");
    await user.click(within(dialog).getByRole("button", { name: "Add transaction" }));
    await waitFor(() => expect(quantity).toHaveAccessibleDescription(message));
    expect(screen.getByRole("dialog", { name: "Add a transaction" })).toBeInTheDocument();
  });

  test("editing sends only what changed", async () => {
    const { api } = ledgerApi({ accounts: [BROKER], instruments: [AAPL], transactions: [BUY] });
    api.on("PATCH", "/api/v1/transactions/11", (request) =>
      json(200, { ...BUY, ...(request.body as object) }),
    );
    await renderApp(api, "/transactions");
    const table = await screen.findByRole("table", { name: "Transactions" });
    const user = userEvent.setup();
    await user.click(
      within(table).getByRole("button", { name: "Actions for Buy AAPL 2026-03-02" }),
    );
    await user.click(await screen.findByRole("menuitem", { name: "Edit…" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit transaction" });
    const quantity = within(dialog).getByRole("textbox", { name: "Quantity" });
    expect(quantity).toHaveValue("10");
    expect(within(dialog).getByRole("combobox", { name: "Instrument" })).toHaveValue(
      "AAPL — Apple Inc.",
    );
    await fill(user, quantity, "12");
    await user.click(within(dialog).getByRole("button", { name: "Save transaction" }));
    await screen.findByText(/saved\.$/);
    expect(api.callsTo("PATCH", "/api/v1/transactions/11")[0]?.body).toEqual({ quantity: "12" });
  });
});
