import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { json } from "../../test/fakeApi";
import { account, ledgerApi, transaction } from "../../test/ledgerApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";

const BROKER = account({ id: 1, name: "Broker", currency: "USD", track_cash: true });
const PENSION = account({ id: 2, name: "Pension", kind: "retirement" });

function row(name: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`tr[data-account="${name}"]`);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

describe("the accounts page", () => {
  test("lists each account with its kind, currency and whether cash is tracked", async () => {
    const { api } = ledgerApi({ accounts: [BROKER, PENSION] });
    await renderApp(api, "/accounts");
    await findHeading("Accounts");
    await screen.findByRole("table", { name: "Accounts" });
    expect(within(row("Broker")).getAllByText("Brokerage")).not.toHaveLength(0);
    expect(within(row("Broker")).getAllByText("USD")).not.toHaveLength(0);
    expect(within(row("Broker")).getAllByText("Cash tracked")).not.toHaveLength(0);
    expect(within(row("Pension")).getAllByText("Retirement")).not.toHaveLength(0);
    expect(within(row("Pension")).getAllByText("Trades only")).not.toHaveLength(0);
  });

  test("a new user is told what an account is and can add the first one", async () => {
    const { api } = ledgerApi();
    await renderApp(api, "/accounts");
    await screen.findByText("No accounts yet");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add account" }));
    const dialog = await screen.findByRole("dialog", { name: "Add an account" });
    await fill(user, within(dialog).getByRole("textbox", { name: "Name" }), "  Interactive  ");
    await user.click(within(dialog).getByRole("switch", { name: /Track cash/ }));
    await user.click(within(dialog).getByRole("button", { name: "Add account" }));

    await screen.findByText("Interactive is ready for transactions.");
    // The base currency is the first guess for the account's.
    expect(api.callsTo("POST", "/api/v1/accounts")[0]?.body).toEqual({
      name: "Interactive",
      currency: "EUR",
      kind: "brokerage",
      track_cash: true,
      cost_basis_method: null,
    });
    await waitFor(() => expect(row("Interactive")).toBeInTheDocument());
  });

  test("an account can take its own cost-basis method", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    api.on("PATCH", "/api/v1/accounts/1", (request) =>
      json(200, { ...BROKER, ...(request.body as object) }),
    );
    await renderApp(api, "/accounts");
    await findHeading("Accounts");
    await screen.findByRole("table", { name: "Accounts" });
    const user = userEvent.setup();
    const [actions] = within(row("Broker")).getAllByRole("button", { name: "Actions for Broker" });
    if (!actions) throw new Error("the row has an actions menu");
    await user.click(actions);
    await user.click(await screen.findByRole("menuitem", { name: "Edit…" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit Broker" });
    const method = within(dialog)
      .getAllByLabelText("Cost basis")
      .find((element) => element.tagName === "INPUT");
    if (!method) throw new Error("the dialog has a cost-basis select");
    expect(method).toHaveValue("Your setting (FIFO)");
    await user.click(method);
    await user.click(await screen.findByRole("option", { name: "LIFO" }));
    expect(within(dialog).getByText(/^Last in, first out/)).toBeVisible();
    await user.click(within(dialog).getByRole("button", { name: "Save account" }));
    await screen.findByText("Broker is saved.");
    expect(api.callsTo("PATCH", "/api/v1/accounts/1")[0]?.body).toEqual({
      cost_basis_method: "lifo",
    });
  });

  test("a name in use is refused at the name field, the dialog stays open", async () => {
    const { api } = ledgerApi({ accounts: [BROKER] });
    await renderApp(api, "/accounts");
    await screen.findByRole("table", { name: "Accounts" });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add account" }));
    const dialog = await screen.findByRole("dialog", { name: "Add an account" });
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    await user.click(within(dialog).getByRole("button", { name: "Add account" }));
    expect(name).toHaveAccessibleDescription("Give the account a name");
    expect(api.callsTo("POST", "/api/v1/accounts")).toHaveLength(0);

    await fill(user, name, "Broker");
    await user.click(within(dialog).getByRole("button", { name: "Add account" }));
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription("an account named 'Broker' exists already"),
    );
  });

  test("deleting an account with transactions says how many go with it", async () => {
    const { api, db } = ledgerApi({
      accounts: [BROKER, PENSION],
      transactions: [
        transaction({ id: 1, type: "DEPOSIT", amount: "100", account_id: 1 }),
        transaction({ id: 2, type: "DEPOSIT", amount: "50", account_id: 1 }),
        transaction({ id: 3, type: "DEPOSIT", amount: "10", account_id: 2 }),
      ],
    });
    await renderApp(api, "/accounts");
    await screen.findByRole("table", { name: "Accounts" });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Actions for Broker" }));
    await user.click(await screen.findByRole("menuitem", { name: "Delete…" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete Broker?" });
    await within(dialog).findByText(/This account has 2 transactions/);
    await user.click(
      within(dialog).getByRole("button", { name: "Delete account and 2 transactions" }),
    );

    await screen.findByText("Broker and its 2 transactions were deleted.");
    const [call] = api.callsTo("DELETE", "/api/v1/accounts/1");
    expect(call?.query.get("cascade")).toBe("true");
    expect(db.transactions.map((t) => t.id)).toEqual([3]);
    await waitFor(() => expect(document.querySelector('tr[data-account="Broker"]')).toBeNull());
  });
});
