import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import type { HealthItemPublic, HealthReportPublic } from "../../client/types.gen";
import { json } from "../../test/fakeApi";
import { findHeading, renderApp } from "../../test/renderApp";
import { signedInApi } from "../../test/session";

function item(fields: Partial<HealthItemPublic> & Pick<HealthItemPublic, "code">) {
  return {
    severity: "warning",
    message: "",
    account_id: null,
    instrument_id: null,
    transaction_ids: [],
    since: null,
    currency: null,
    day: null,
    amount: null,
    split: null,
    fix: { text: "", path: "/" },
    ...fields,
  } as HealthItemPublic;
}

function report(items: HealthItemPublic[]): HealthReportPublic {
  const count = (severity: string) => items.filter((i) => i.severity === severity).length;
  return {
    as_of: "2024-01-31",
    currency: "EUR",
    counts: { error: count("error"), warning: count("warning"), info: count("info") },
    items,
    total: items.length,
  };
}

const SPLIT = item({
  code: "suspected_split",
  severity: "error",
  message: "SPLT looks like it had a 2-for-1 split on 2024-01-04",
  instrument_id: 7,
  since: "2024-01-04",
  fix: { text: "Add the 2-for-1 split of 2024-01-04 on the page of SPLT", path: "/holdings/7" },
});
const CASH = item({
  code: "negative_cash",
  message: "The EUR cash of 'Cash' goes below zero on 2024-01-08",
  account_id: 3,
  since: "2024-01-08",
  fix: {
    text: "Record the deposit that paid for it",
    path: "/transactions?account=3&from=2024-01-08&to=2024-01-08",
  },
});
const DUPLICATE = item({
  code: "possible_duplicate",
  severity: "info",
  message: "2 identical BUY transactions",
  fix: { text: "Delete the copies entered twice", path: "/transactions?account=3" },
});

function apiWith(items: HealthItemPublic[]) {
  const { api } = signedInApi();
  api
    .on("GET", "/api/v1/portfolio/health", json(200, report(items)))
    .on("GET", "/api/v1/accounts", json(200, { items: [], total: 0 }))
    .on("GET", "/api/v1/transactions", json(200, { items: [], total: 0 }));
  return api;
}

describe("the data-health page", () => {
  test("lists the findings grouped by severity, each with its fix", async () => {
    await renderApp(apiWith([CASH, DUPLICATE, SPLIT]), "/data-health");
    await findHeading("Data health");

    const errors = await screen.findByRole("list", { name: "Errors" });
    expect(within(errors).getByText(SPLIT.message)).toBeInTheDocument();
    expect(within(errors).getByText("Unrecorded split?")).toBeInTheDocument();
    expect(within(errors).getByRole("link", { name: "Open the instrument" })).toHaveAttribute(
      "href",
      "/holdings/7",
    );
    const warnings = screen.getByRole("list", { name: "Warnings" });
    expect(within(warnings).getByText(CASH.message)).toBeInTheDocument();
    expect(within(warnings).getByText("Record the deposit that paid for it")).toBeInTheDocument();
    const notes = screen.getByRole("list", { name: "Notes" });
    expect(within(notes).getByText(DUPLICATE.message)).toBeInTheDocument();
    // Errors come first on the page.
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(["Errors", "Warnings", "Notes"]);
    expect(screen.getByText("1 error")).toBeInTheDocument();
    expect(screen.getByText("1 warning")).toBeInTheDocument();
    expect(screen.getByText("1 note")).toBeInTheDocument();
  });

  test("a fix link opens the page it names, with its filters", async () => {
    const api = apiWith([CASH]);
    const { router } = await renderApp(api, "/data-health");
    await findHeading("Data health");
    await userEvent
      .setup()
      .click(await screen.findByRole("link", { name: "Show the transactions" }));

    await findHeading("Transactions");
    expect(router.state.location.pathname).toBe("/transactions");
    expect(router.state.location.search).toEqual({
      account: [3],
      from: "2024-01-08",
      to: "2024-01-08",
    });
    await waitFor(() => expect(api.callsTo("GET", "/api/v1/transactions")).not.toHaveLength(0));
    const query = api.callsTo("GET", "/api/v1/transactions").at(-1)?.query;
    expect(query?.get("account_id")).toBe("3");
    expect(query?.get("from")).toBe("2024-01-08");
  });

  test("says all is well when nothing is found", async () => {
    await renderApp(apiWith([]), "/data-health");
    await findHeading("Data health");
    expect(await screen.findByRole("heading", { name: "All is well" })).toBeInTheDocument();
  });

  test("the navigation counts errors and warnings, not notes", async () => {
    await renderApp(apiWith([CASH, DUPLICATE, SPLIT]), "/data-health");
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    const link = within(nav).getByRole("link", { name: /Data health/ });
    await waitFor(() => expect(within(link).getByText("2")).toBeInTheDocument());
    expect(within(link).getByLabelText("2 problems to look at")).toBeInTheDocument();
  });

  test("the badge is hidden when only notes are found", async () => {
    const api = apiWith([DUPLICATE]);
    await renderApp(api, "/data-health");
    await screen.findByRole("list", { name: "Notes" });
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    const link = within(nav).getByRole("link", { name: "Data health" });
    expect(within(link).queryByText("1")).not.toBeInTheDocument();
  });
});
