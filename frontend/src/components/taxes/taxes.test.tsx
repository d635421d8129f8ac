import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import type { TaxReportPublic } from "../../client/types.gen";
import { currentTaxYear, taxYearLabel } from "../../routes/_app/taxes";
import { json } from "../../test/fakeApi";
import { ledgerApi } from "../../test/ledgerApi";
import { lot, lotList } from "../../test/portfolioApi";
import { findHeading, renderApp } from "../../test/renderApp";
import { isMonthDay } from "../settings/PreferencesCard";

const REPORT: TaxReportPublic = {
  start: "2024-01-01",
  end: "2024-12-31",
  year: 2024,
  currency: "EUR",
  long_term_days: 365,
  totals: { proceeds: "1945.00", cost: "1600.00", gain: "345.00" },
  by_term: [
    { term: "short", proceeds: "648.33", cost: "600.00", gain: "48.33" },
    { term: "long", proceeds: "1296.67", cost: "1000.00", gain: "296.67" },
  ],
  by_account: [],
  realized: [
    {
      instrument_id: 5,
      symbol: "XX",
      isin: "DE0007164600",
      name: "Xx AG",
      account_id: 1,
      account: "Broker",
      lot_id: 1,
      acquired: "2022-01-03",
      sold: "2024-03-01",
      quantity: "10",
      proceeds: "1296.67",
      cost: "1000.00",
      gain: "296.67",
      holding_days: 788,
      term: "long",
    },
  ],
  income: [
    {
      instrument_id: 5,
      symbol: "XX",
      name: "Xx AG",
      country: "Germany",
      gross: "20.00",
      withholding: "3.00",
      net: "17.00",
    },
  ],
  income_by_country: [{ country: "Germany", gross: "20.00", withholding: "3.00", net: "17.00" }],
  income_totals: { gross: "20.00", withholding: "3.00", net: "17.00" },
  fees: "12.00",
  taxes: "3.00",
  warnings: [],
};

describe("taxes", () => {
  test("tax years are named as people name them and found from today", () => {
    expect(taxYearLabel(2024, "01-01")).toBe("2024");
    expect(taxYearLabel(2024, "04-06")).toBe("2024/25");
    expect(taxYearLabel(2099, "04-06")).toBe("2099/00");
    expect(currentTaxYear("2026-04-05", "04-06")).toBe(2025);
    expect(currentTaxYear("2026-04-06", "04-06")).toBe(2026);
    expect(currentTaxYear("2026-12-08", "01-01")).toBe(2026);
    expect(["04-06", "02-28", "12-31"].map(isMonthDay)).toEqual([true, true, true]);
    expect(["02-29", "13-01", "4-6", "04-31"].map(isMonthDay)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  test("the page shows the totals and sales of the chosen year, and downloads it", async () => {
    const { api } = ledgerApi();
    api.on("GET", "/api/v1/portfolio/tax-report", json(200, REPORT));
    api.on("GET", "/api/v1/portfolio/lots", (request) =>
      json(
        200,
        lotList([
          lot({
            instrument_id: 5,
            symbol: "XX",
            lot_id: 7,
            quantity: "5",
            cost_basis: "500.00",
            market_value: "400.00",
            unrealized_gain: "-100.00",
            term: "short",
            wash_sale_purchases:
              request.query.get("wash_sale") === "true"
                ? [{ transaction_id: 9, account_id: 1, date: "2026-02-20", quantity: "2" }]
                : null,
          }),
        ]),
      ),
    );
    await renderApp(api, "/taxes?year=2024");
    await findHeading("Taxes");
    const gains = await screen.findByRole("group", { name: "Realized gains" });
    expect(within(gains).getByText("+€345.00")).toBeVisible();
    expect(within(gains).getByText("Long-term").nextSibling).toHaveTextContent("+€296.67");
    const sales = screen.getByRole("table", { name: "Lots sold" });
    expect(
      within(sales)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual([
      "XXDE0007164600",
      "Broker",
      "Jan 3, 2022 → Mar 1, 2024",
      "10",
      "€1,296.67",
      "€1,000.00",
      "+€296.67",
      "788 daysLong-term",
    ]);
    expect(screen.getByRole("link", { name: "PDF" })).toHaveAttribute(
      "href",
      `${window.location.origin}/api/v1/portfolio/tax-report?year=2024&format=pdf`,
    );
    expect(api.callsTo("GET", "/api/v1/portfolio/tax-report")[0]?.query.get("year")).toBe("2024");

    const user = userEvent.setup();
    const losses = await screen.findByRole("table", { name: "Lots at a loss" });
    expect(within(losses).getByText("-€100.00")).toBeVisible();
    expect(within(losses).queryByText("Wash sale")).not.toBeInTheDocument();
    await user.click(screen.getByRole("switch", { name: "US wash-sale check" }));
    await within(losses).findByText("Wash sale");
    expect(within(losses).getByText(/^Bought again 2 on Feb 20, 2026/)).toBeVisible();

    const picker = screen
      .getAllByLabelText("Tax year")
      .find((element) => element.tagName === "INPUT");
    if (!picker) throw new Error("the page has a tax-year picker");
    await user.click(picker);
    await user.click(await screen.findByRole("option", { name: "2023" }));
    await screen.findByRole("link", { name: "CSV" });
    expect(api.callsTo("GET", "/api/v1/portfolio/tax-report").at(-1)?.query.get("year")).toBe(
      "2023",
    );
  });
});
