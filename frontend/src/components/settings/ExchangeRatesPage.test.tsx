import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { parseRatesCsv } from "../../api/fx";
import { json } from "../../test/fakeApi";
import { ledgerApi } from "../../test/ledgerApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";

const NEEDS = {
  currency: "EUR",
  total: 2,
  items: [
    {
      currency: "TWD",
      pair: "TWD/EUR",
      rate: null,
      rate_date: null,
      source: "none",
      stored: null,
      stored_source: null,
      own: null,
      ecb: null,
    },
    {
      currency: "USD",
      pair: "USD/EUR",
      rate: "0.9147457007",
      rate_date: "2024-03-08",
      source: "ecb",
      stored: null,
      stored_source: null,
      own: null,
      ecb: { first: "1999-01-04", last: "2026-10-30", count: 0 },
    },
  ],
};

describe("exchange rates", () => {
  test("each currency shows today's rate and its source; an own rate is entered for a pair", async () => {
    const { api } = ledgerApi({});
    api.on("GET", "/api/v1/fx-rates/needed", json(200, NEEDS));
    api.on(
      "PUT",
      "/api/v1/fx-rates/own/TWD/EUR",
      json(200, {
        base: "TWD",
        quote: "EUR",
        items: [{ date: "2024-03-08", rate: "0.0285" }],
        total: 1,
      }),
    );
    await renderApp(api, "/settings/exchange-rates");
    await findHeading("Exchange rates");
    const table = await screen.findByRole("table", { name: "Exchange rates your portfolio needs" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.getAttribute("data-pair"))).toEqual(["TWD/EUR", "USD/EUR"]);
    expect(within(rows[0] as HTMLElement).getByText("No rate")).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText("left out of the reports")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("ECB (bundled)")).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add your TWD/EUR rate" }));
    const dialog = await screen.findByRole("dialog", { name: "Your TWD/EUR rate" });
    await fill(user, within(dialog).getByRole("textbox", { name: "Date" }), "2024-03-08");
    await fill(user, within(dialog).getByRole("textbox", { name: "Rate" }), "0.0285");
    await user.click(within(dialog).getByRole("button", { name: "Save rate" }));
    await waitFor(() => expect(api.callsTo("PUT", "/api/v1/fx-rates/own/TWD/EUR")).toHaveLength(1));
    expect(api.callsTo("PUT", "/api/v1/fx-rates/own/TWD/EUR")[0]?.body).toEqual([
      { date: "2024-03-08", rate: "0.0285" },
    ]);
  });

  test("a CSV of dates and rates is read line by line, a header skipped, a bad line named", () => {
    expect(parseRatesCsv("date,rate\n2024-03-07,0.0290\n\n2024-03-08;0.0285\r\n")).toEqual({
      rows: [
        { date: "2024-03-07", rate: "0.0290" },
        { date: "2024-03-08", rate: "0.0285" },
      ],
    });
    expect(parseRatesCsv("2024-03-07,0.0290\n08.03.2024,0.0285")).toEqual({
      error: "Line 2: the date must be written as YYYY-MM-DD",
    });
    expect(parseRatesCsv("2024-03-07,0")).toEqual({
      error: "Line 1: the rate must be a number above 0, like 1.0875",
    });
    expect(parseRatesCsv("date,rate\n")).toEqual({
      error: "The file has no rows of a date and a rate",
    });
  });
});
