// The web app end to end, against the real backend: first run, signing in and out, settings,
// user management, and every page on a laptop and on a phone.
import { readFileSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { DESKTOP, fieldError, launch, PHONE, WatchedPage } from "./browser";

const ADMIN = { username: "ada", password: "correct horse battery staple" };
const MEMBER = { username: "grace", password: "another long passphrase" };

/** The manual instrument the ledger tests create (its page is one of the pages pictured). */
const FUND = { symbol: "MYFUND", name: "My World Fund" };
let fundPath = "";

function pages(): { path: string; name: string; heading: string }[] {
  return [
    { path: "/", name: "dashboard", heading: "Dashboard" },
    { path: "/holdings", name: "holdings", heading: "Holdings" },
    { path: fundPath, name: "instrument", heading: FUND.symbol },
    { path: "/transactions", name: "transactions", heading: "Transactions" },
    { path: "/accounts", name: "accounts", heading: "Accounts" },
    { path: "/taxes", name: "taxes", heading: "Taxes" },
    { path: "/import", name: "import", heading: "Import" },
    { path: "/data-health", name: "data-health", heading: "Data health" },
    { path: "/settings", name: "settings", heading: "Settings" },
  ];
}

let browser: Browser;
let admin: WatchedPage;
/** The second user, who loads the demo. */
let member: WatchedPage | undefined;

function demo(): WatchedPage {
  if (!member) throw new Error("the demo user's page is opened by the demo test");
  return member;
}
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launch();
  admin = await WatchedPage.open(browser, baseUrl);
});

afterAll(async () => {
  await member?.close();
  await admin?.close();
  await browser?.close();
});

afterEach(() => {
  // Checked after each test and cleared, so a failure names the test that caused it.
  const errors = [...admin.errors.splice(0), ...(member?.errors.splice(0) ?? [])];
  expect(errors, "errors in the browser").toEqual([]);
});

/** The text box or combo box named `label` (its accessible name, without the " *" of required). */
function input(scope: Page | Locator, label: string): Locator {
  return scope
    .getByRole("textbox", { name: label, exact: true })
    .or(scope.getByRole("combobox", { name: label, exact: true }));
}

/** Form controls inside `scope` that assistive technology cannot name. */
function unnamedControls(page: Page, scope = "body"): Promise<string[]> {
  return page.evaluate(
    (selector) =>
      Array.from(
        document.querySelectorAll(
          `${selector} input:not([type=hidden]), ${selector} select, ${selector} textarea, ${selector} button`,
        ),
      )
        .filter((element) => {
          const labelled =
            element.getAttribute("aria-label") ||
            element.getAttribute("aria-labelledby") ||
            (element as HTMLInputElement).labels?.length ||
            element.textContent?.trim();
          return !labelled;
        })
        .map((element) => element.outerHTML.slice(0, 120)),
    scope,
  );
}

/** Chooses `label` in the segmented control named `group` (its radio inputs are hidden). */
async function segment(page: Page, group: string, label: string): Promise<void> {
  await page.getByRole("radiogroup", { name: group }).getByText(label, { exact: true }).click();
}

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await input(page, "Username").fill(user.username);
  await input(page, "Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function me(page: Page): Promise<Record<string, unknown>> {
  const response = await page.request.get("/api/v1/auth/me");
  expect(response.status()).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function pickOption(page: Page, label: string, search: string, option: RegExp) {
  const box = input(page, label);
  await box.click();
  await box.fill(search);
  await page.getByRole("option", { name: option }).click();
}

describe.sequential("the web app", () => {
  test("first run sends a new visitor to setup, which creates the administrator", async () => {
    const { page } = admin;
    // Before anyone exists, the session check answers 401; that is expected here.
    admin.allowStatus(401);
    await page.goto("/");
    await page.waitForURL("**/setup");
    await heading(page, "Welcome to PMS");
    await admin.screenshot("setup-desktop");

    // The form checks what the API would refuse before sending.
    await input(page, "Username").fill("x");
    await input(page, "Password").fill("short");
    await page.getByRole("button", { name: "Create administrator" }).click();
    expect(await fieldError(page, input(page, "Username"))).toMatch(/3 to 64/);
    expect(await fieldError(page, input(page, "Password"))).toBe("Use at least 12 characters");

    await input(page, "Username").fill(ADMIN.username);
    await input(page, "Password").fill(ADMIN.password);
    await input(page, "Confirm password").fill(ADMIN.password);
    await pickOption(page, "Base currency", "CHF", /^CHF/);
    await page.getByRole("button", { name: "Create administrator" }).click();

    await page.waitForURL((url) => url.pathname === "/");
    await heading(page, "Dashboard");
    await page.getByText("Your portfolio starts here").waitFor();
    const user = await me(page);
    expect(user).toMatchObject({ username: ADMIN.username, role: "admin", base_currency: "CHF" });
    await admin.screenshot("dashboard-desktop");
  });

  test("signing out ends the session and signing in brings it back", async () => {
    const { page } = admin;
    admin.allowStatus(401);
    await page.getByRole("button", { name: `Account menu for ${ADMIN.username}` }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await heading(page, "Sign in");
    expect((await page.request.get("/api/v1/auth/me")).status()).toBe(401);
    await admin.screenshot("login-desktop");

    // A protected address without a session goes to sign-in, and back there afterwards.
    await page.goto("/settings");
    await page.waitForURL("**/login?redirect=*");
    await signIn(page, { username: ADMIN.username, password: "not the password" });
    await page.getByRole("alert").getByText("Wrong username or password.").waitFor();

    await signIn(page, ADMIN);
    await page.waitForURL((url) => url.pathname === "/settings");
    await heading(page, "Settings");
  });

  test("a reload keeps the session (the cookie, not stored tokens)", async () => {
    const { page } = admin;
    await page.reload();
    await heading(page, "Settings");
    await page.getByRole("button", { name: `Account menu for ${ADMIN.username}` }).waitFor();
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(stored).not.toMatch(/token|pms_session/i);
    const cookies = await admin.context.cookies();
    const session = cookies.find((cookie) => cookie.name === "pms_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/api" });
  });

  test("settings are saved to the account and applied", async () => {
    const { page } = admin;
    await page.goto("/settings");
    await heading(page, "Settings");
    await pickOption(page, "Base currency", "EUR", /^EUR/);
    await pickOption(page, "Number and date format", "de-DE", /\(de-DE\)/);
    await page.getByText("Average", { exact: true }).click();
    await page.getByText("Dark", { exact: true }).click();
    await input(page, "Risk-free rate").fill("2.5");
    // The preview follows the chosen locale and currency before saving.
    await page.getByText("Preview: 1.234.567,89 €").waitFor();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByText("Your preferences are saved.").waitFor();

    expect(await me(page)).toMatchObject({
      base_currency: "EUR",
      locale: "de-DE",
      cost_basis_method: "average",
      theme: "dark",
      risk_free_rate: "0.025",
    });
    await page.reload();
    await heading(page, "Settings");
    expect(await page.getAttribute("html", "data-mantine-color-scheme")).toBe("dark");
    expect(await input(page, "Risk-free rate").inputValue()).toBe("2.5 %");
    await admin.screenshot("settings-dark-desktop");

    // Back to the light theme for the remaining pictures.
    await page.getByText("Light", { exact: true }).click();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByText("Your preferences are saved.").first().waitFor();
    await page.waitForFunction(
      () => document.documentElement.getAttribute("data-mantine-color-scheme") === "light",
    );
  });

  test("a refused input is shown at its field", async () => {
    const { page } = admin;
    admin.allowStatus(422);
    await input(page, "Current password").fill("this is not it at all");
    await input(page, "New password").fill("a brand new passphrase");
    await input(page, "Confirm new password").fill("a brand new passphrase");
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/me"));
    await page.getByRole("button", { name: "Change password" }).click();
    expect((await answer).status()).toBe(422);
    // The API's own message, next to the field it names.
    expect(await fieldError(page, input(page, "Current password"))).toBe(
      "the current password is required and must match",
    );
    await input(page, "Current password").scrollIntoViewIfNeeded();
    await admin.screenshot("settings-refused-desktop", { viewport: true });
  });

  test("the administrator adds a user, who can then sign in", async () => {
    const { page } = admin;
    admin.allowStatus(409);
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a user" });
    await input(dialog, "Username").fill(MEMBER.username);
    await input(dialog, "Password").fill(MEMBER.password);
    await dialog.getByRole("button", { name: "Add user" }).click();
    await page.getByText(`${MEMBER.username} can now sign in.`).waitFor();
    await dialog.waitFor({ state: "hidden" });
    const row = page.locator(`tr[data-username="${MEMBER.username}"]`);
    await row.getByText("Member", { exact: true }).filter({ visible: true }).waitFor();

    // The same name again is refused by the API, at the username field.
    await page.getByRole("button", { name: "Add user" }).click();
    await input(dialog, "Username").fill(MEMBER.username.toUpperCase());
    await input(dialog, "Password").fill(MEMBER.password);
    await dialog.getByRole("button", { name: "Add user" }).click();
    expect(await fieldError(page, input(dialog, "Username"))).toBe(
      `'${MEMBER.username.toUpperCase()}' is already taken`,
    );
    await admin.screenshot("settings-users-refused-desktop", { viewport: true });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });

    // Promote, then demote again.
    await page.getByRole("button", { name: `Actions for ${MEMBER.username}` }).click();
    await page.getByRole("menuitem", { name: "Make administrator" }).click();
    await row.getByText("Administrator", { exact: true }).filter({ visible: true }).waitFor();
    await page.getByRole("button", { name: `Actions for ${MEMBER.username}` }).click();
    await page.getByRole("menuitem", { name: "Make member" }).click();
    await row.getByText("Member", { exact: true }).filter({ visible: true }).waitFor();

    const other = await WatchedPage.open(browser, baseUrl);
    try {
      await other.page.goto("/login");
      await signIn(other.page, MEMBER);
      await heading(other.page, "Dashboard");
      await other.page.goto("/settings");
      await heading(other.page, "Settings");
      // Members manage only themselves.
      expect(await other.page.getByRole("heading", { name: "Users" }).count()).toBe(0);
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test("the keyboard reaches the content first, and every field has a name", async () => {
    const { page } = admin;
    await page.goto("/settings");
    await heading(page, "Settings");
    expect(await page.title()).toBe("Settings · PMS");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // Every form control on the page can be told apart by assistive technology.
    const unnamed = await unnamedControls(page);
    expect(unnamed).toEqual([]);
  });

  test("an account is added through the accounts page", async () => {
    const { page } = admin;
    await page.goto("/accounts");
    await heading(page, "Accounts");
    await page.getByText("No accounts yet").waitFor();
    await page.getByRole("button", { name: "Add account" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add an account" });
    await input(dialog, "Name").fill("Depot");
    await pickOption(page, "Currency", "EUR", /^EUR/);
    await dialog.getByRole("switch", { name: "Track cash" }).check();
    await dialog.getByRole("button", { name: "Add account" }).click();
    await page.getByText("Depot is ready for transactions.").waitFor();
    const row = page.locator('tr[data-account="Depot"]');
    await row.getByText("EUR", { exact: true }).filter({ visible: true }).waitFor();
    await row.getByText("Cash tracked").filter({ visible: true }).waitFor();
    await admin.screenshot("accounts-desktop");
  });

  test("a buy of an instrument added by hand (the provider is unreachable)", async () => {
    const { page } = admin;
    // The symbol search answers 503 while the provider cannot be reached.
    admin.allowStatus(503);
    await page.goto("/transactions");
    await heading(page, "Transactions");
    await page.getByRole("button", { name: "Add transaction" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a transaction" });
    // Every control of the form has a name.
    expect(await unnamedControls(page, '[role="dialog"]')).toEqual([]);
    await input(dialog, "Instrument").fill(FUND.symbol.toLowerCase());
    const note = dialog.getByRole("status").filter({ hasText: "cannot be reached" });
    await note.waitFor();
    await admin.screenshot("transaction-provider-unreachable-desktop", { viewport: true });
    // Offered in the search's own list, and below the field once the list is closed.
    await page.keyboard.press("Escape");
    await note.getByRole("button", { name: "Add by hand" }).click();
    const manual = dialog.getByRole("group", { name: "New instrument, entered by hand" });
    expect(await input(manual, "Symbol").inputValue()).toBe(FUND.symbol);
    await input(manual, "Name").fill(FUND.name);
    await manual.getByRole("button", { name: "Add instrument" }).click();
    await page.getByText(`${FUND.symbol} was added.`, { exact: false }).waitFor();
    expect(await input(dialog, "Instrument").inputValue()).toBe(`${FUND.symbol} — ${FUND.name}`);

    await input(dialog, "Quantity").fill("10");
    // The user's locale (de-DE since the settings test) writes a decimal comma.
    await input(dialog, "Price per unit").fill("101,50");
    await input(dialog, "Fee").fill("1");
    await dialog.getByText("1.016,00 €").waitFor();
    await admin.screenshot("transaction-form-desktop", { viewport: true });
    await dialog.getByRole("button", { name: "Add transaction" }).click();
    await dialog.waitFor({ state: "hidden" });

    const row = page.locator("tr[data-transaction]").first();
    await row.getByText("10 × 101,50 €").waitFor();
    await row.getByText("-1.016,00 €").waitFor();
    await row.getByRole("link", { name: FUND.symbol }).waitFor();
    fundPath = (await row.getByRole("link", { name: FUND.symbol }).getAttribute("href")) ?? "";
    expect(fundPath).toMatch(/^\/holdings\/\d+$/);
  });

  test("the transaction is edited", async () => {
    const { page } = admin;
    const row = page.locator("tr[data-transaction]").first();
    await row.getByRole("button", { name: /^Actions for Buy MYFUND/ }).click();
    await page.getByRole("menuitem", { name: "Edit…" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit transaction" });
    expect(await input(dialog, "Quantity").inputValue()).toBe("10");
    await input(dialog, "Quantity").fill("12");
    await dialog.getByRole("button", { name: "Save transaction" }).click();
    await dialog.waitFor({ state: "hidden" });
    await row.getByText("12 × 101,50 €").waitFor();
    await row.getByText("-1.219,00 €").waitFor();
  });

  test("selling more than is held is refused at the quantity field", async () => {
    const { page } = admin;
    admin.allowStatus(422, 503);
    await page.getByRole("button", { name: "Add transaction" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a transaction" });
    await input(dialog, "Type").click();
    await page.getByRole("option", { name: "Sell", exact: true }).click();
    const picker = input(dialog, "Instrument");
    await picker.fill("myf");
    await page
      .getByRole("option", { name: /MYFUND/ })
      .first()
      .click();
    await input(dialog, "Quantity").fill("50");
    await input(dialog, "Price per unit").fill("110");
    const answer = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/transactions") && r.request().method() === "POST",
    );
    await dialog.getByRole("button", { name: "Add transaction" }).click();
    expect((await answer).status()).toBe(422);
    expect(await fieldError(page, input(dialog, "Quantity"))).toMatch(
      /^SELL of 50 on \d{4}-\d{2}-\d{2} exceeds the 12 held in this account on that date$/,
    );
    await admin.screenshot("transaction-refused-desktop", { viewport: true });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  test("a manual instrument gets prices from a CSV file and a split", async () => {
    const { page } = admin;
    await page.goto(fundPath);
    await heading(page, FUND.symbol);
    // Forty weekdays of closes before today, as a broker's download would have them.
    const rows = ["Date,Close"];
    const day = new Date();
    for (let n = 0; rows.length <= 40; n += 1) {
      day.setUTCDate(day.getUTCDate() - 1);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
      rows.push(
        `${day.toISOString().slice(0, 10)},${(100 + Math.sin(n / 4) * 3 + n / 10).toFixed(2)}`,
      );
    }
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Upload CSV…" }).click();
    await (await chooser).setFiles({
      name: "myfund.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`${rows.join("\n")}\n`),
    });
    await page.getByText(/^40 days from /).waitFor();
    await page.getByRole("img", { name: /Closing prices of MYFUND/ }).waitFor();

    const splitForm = page.getByRole("form", { name: "Add a split" });
    await splitForm.getByLabel("Split date").fill("2020-01-02");
    await input(splitForm, "New units").fill("2");
    await splitForm.getByRole("button", { name: "Add split" }).click();
    await page.getByRole("table", { name: "Splits" }).getByText("2-for-1").waitFor();
  });

  test("the transaction is deleted", async () => {
    const { page } = admin;
    await page.goto("/transactions");
    const row = page.locator("tr[data-transaction]").first();
    await row.getByRole("button", { name: /^Actions for Buy MYFUND/ }).click();
    await page.getByRole("menuitem", { name: "Delete…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this transaction?" });
    await dialog.getByRole("button", { name: "Delete transaction" }).click();
    await page.getByText("No transactions yet").waitFor();
    expect(await page.locator("tr[data-transaction]").count()).toBe(0);
  });

  test("a new user loads the demo and sees the dashboard filled", async () => {
    member = await WatchedPage.open(browser, baseUrl);
    const { page } = member;
    await page.goto("/login");
    await signIn(page, MEMBER);
    await heading(page, "Dashboard");
    await page.getByText("Your portfolio starts here").waitFor();
    await member.screenshot("dashboard-new-user-desktop");
    await page.getByRole("button", { name: "Load the demo" }).click();
    await page.getByText("Demo portfolio loaded").waitFor();

    // The demo's figures, worked out by the API from its bundled prices and rates.
    const value = page.getByRole("group", { name: "Total value" });
    await value.getByText("€120,189.11").waitFor();
    await page.getByRole("group", { name: "Total gain" }).getByText("+€79,980.92").waitFor();
    await page.getByRole("group", { name: "Return" }).getByText("+221.48%").waitFor();
    await page.getByRole("img", { name: "Portfolio value over time" }).waitFor();
    await page.getByRole("img", { name: "Allocation by asset class" }).waitFor();
    const allocation = page.getByRole("table", { name: "Allocation by asset class" });
    await allocation.getByText("€68,250.35").waitFor();
    await page.getByRole("img", { name: /^Dividends and interest per month/ }).waitFor();
    // The last closes are the demo's, of 2024-02-16: the movers say which day they moved on.
    await page
      .getByRole("list", { name: "Top movers on Feb 16, 2024" })
      .getByText("ASML.AS")
      .waitFor();
    await page.getByRole("group", { name: "Change on Feb 16, 2024" }).waitFor();
    const figures = page.getByLabel("Returns and risk in this period");
    await figures.getByText("-25.69%").waitFor();
    // The demo's prices end in its bundled data: the dashboard says they are old.
    await page.getByText(/prices are out of date/).waitFor();
    await page.getByRole("heading", { name: "Recent transactions" }).waitFor();
    expect(await unnamedControls(page), "the dashboard has controls without a name").toEqual([]);
    await member.screenshot("dashboard-demo-desktop");
  });

  test("the dashboard switches range and allocation, compares with a benchmark, narrows to an account", async () => {
    const member = demo();
    const { page } = member;
    const performance = (check: (url: URL) => boolean) =>
      page.waitForResponse((r) => {
        const url = new URL(r.url());
        return url.pathname === "/api/v1/portfolio/performance" && check(url);
      });

    let answer = performance((url) => url.searchParams.get("range") === "3Y");
    await segment(page, "Performance range", "3Y");
    expect((await answer).status()).toBe(200);
    await page.waitForURL(/range=3Y/);

    await input(page, "Split by").click();
    await page.getByRole("option", { name: "Country" }).click();
    await page
      .getByRole("table", { name: "Allocation by country" })
      .getByText("Netherlands")
      .waitFor();

    answer = performance((url) => url.searchParams.get("benchmark") !== null);
    await input(page, "Benchmark").click();
    await input(page, "Benchmark").fill("XEQT");
    await page.getByRole("option", { name: /^XEQT\.TO/ }).click();
    expect((await answer).status()).toBe(200);
    await page.getByRole("img", { name: "Cumulative return over time" }).waitFor();
    await page.getByLabel("Returns and risk in this period").getByText("Beta to XEQT.TO").waitFor();
    await member.screenshot("dashboard-benchmark-desktop");

    await segment(page, "Chart shows", "Drawdown");
    await page.getByRole("img", { name: "Drawdown over time" }).waitFor();

    // One account: every figure is that account's.
    await input(page, "Accounts").click();
    await page.getByRole("option", { name: "Demo crypto wallet" }).click();
    await page.keyboard.press("Escape");
    await page
      .getByRole("group", { name: "Total value" })
      .getByText("€29,064.00", { exact: true })
      .waitFor();
    expect(new URL(page.url()).searchParams.get("account")).toMatch(/^\[\d+\]$/);
  });

  test("holdings sort, filter, group and download as CSV", async () => {
    const member = demo();
    const { page } = member;
    await page.goto("/holdings");
    await heading(page, "Holdings");
    const table = page.getByRole("table", { name: "Holdings" });
    const symbols = () =>
      table
        .locator("tbody tr[data-holding]")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-holding")));
    await table.locator("tbody tr[data-holding]").nth(5).waitFor();
    // Largest value first.
    expect(await symbols()).toEqual(["ASML.AS", "BTC-USD", "XEQT.TO", "MSFT", "SHEL.L", "AAPL"]);
    // The positions (€111,205.39) and the tracked cash (€8,983.72) below them.
    await table.locator("tfoot").getByText("€120,189.11").waitFor();
    await table.getByRole("button", { name: "Sort by instrument" }).click();
    expect(await symbols()).toEqual(["AAPL", "ASML.AS", "BTC-USD", "MSFT", "SHEL.L", "XEQT.TO"]);
    await table.getByRole("button", { name: "Sort by today" }).click();
    expect((await symbols())[0]).toBe("ASML.AS");
    expect(await unnamedControls(page), "holdings has controls without a name").toEqual([]);
    await member.screenshot("holdings-demo-desktop");

    await input(page, "Search holdings").fill("demo broker");
    await page.waitForFunction(
      () => document.querySelectorAll('table[aria-label="Holdings"] tbody tr').length === 2,
    );
    expect((await symbols()).sort()).toEqual(["AAPL", "MSFT"]);
    await input(page, "Search holdings").fill("");

    await segment(page, "One row per", "Per instrument");
    await table.getByRole("button", { name: "Sort by account" }).waitFor({ state: "detached" });
    expect(await symbols()).toHaveLength(6);

    const link = page.getByRole("link", { name: "Download CSV" });
    expect(await link.getAttribute("href")).toMatch(
      /\/api\/v1\/portfolio\/holdings\?.*group=instrument.*format=csv/,
    );
    const download = page.waitForEvent("download");
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^holdings-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await file.path()) ?? "", "utf-8");
    expect(text.split("\r\n")[0]).toMatch(/^account_id,instrument_id,symbol,quantity/);
    expect(text).toContain("ASML.AS");

    await table.getByRole("link", { name: "BTC-USD" }).click();
    await heading(page, "BTC-USD");
    await page.getByRole("table", { name: "Positions in BTC-USD" }).getByText("0.6").waitFor();
    // FIFO: the 2021 sale took 0.2 of the 2020 lot; each lot costs its price plus its fee per unit.
    const lots = page.getByRole("table", { name: "Open lots of BTC-USD" });
    await lots.getByText("Mar 13, 2020").waitFor();
    const lotRows = await lots.locator("tbody tr").allTextContents();
    expect(lotRows).toHaveLength(2);
    expect(lotRows[0]).toMatch(/^Mar 13, 2020.*0\.3\$5,568\.71/);
    expect(lotRows[1]).toMatch(/^Jun 18, 2022.*0\.3\$19,027\.64/);
    const lotsDownload = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the lots of BTC-USD as CSV" }).click();
    const lotsFile = await lotsDownload;
    expect(lotsFile.suggestedFilename()).toMatch(/^lots-\d{4}-\d{2}-\d{2}\.csv$/);
    const lotsText = readFileSync((await lotsFile.path()) ?? "", "utf-8").split("\r\n");
    expect(lotsText[0]).toMatch(/^account_id,instrument_id,symbol,acquired,days_held,quantity/);
    expect(lotsText.filter((line) => line.includes(",BTC-USD,2020-03-13,"))).toHaveLength(1);
    const realized = page.getByRole("table", { name: "Realized gains" });
    await realized.getByText("+€9,538.56").waitFor();
    await member.screenshot("instrument-demo-desktop");
  });

  test("a CSV file of our own format is previewed, its bad row at its line, and imported without it", async () => {
    const member = demo();
    const { page } = member;
    await page.goto("/import");
    await heading(page, "Import");
    expect(await unnamedControls(page), "import has controls without a name").toEqual([]);
    await member.screenshot("import-desktop");
    const csv = [
      "date,type,account,symbol,quantity,price,amount,fee,currency,note",
      "2024-02-01,DEPOSIT,Demo broker (USD),,,,2500,,USD,Bonus",
      "2024-02-02,BUY,Demo broker (USD),MSFT,2,405.10,,1.50,USD,Two more",
      "2024-02-05,BUY,Demo broker (USD),MSFT,-1,400,,,USD,A typo",
      "",
    ].join("\n");
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Choose a file…" }).click();
    await (await chooser).setFiles({
      name: "more-trades.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await page.getByText("more-trades.csv").waitFor();
    await page.getByRole("button", { name: "Check the file" }).click();
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.getByText("2 to import").waitFor();
    await preview.getByText("1 refused").waitFor();
    // The bad row, at its line of the file, with the field and the API's reason.
    const bad = preview.locator('tr[data-line="4"]');
    await bad.getByText("Refused").waitFor();
    expect(await bad.textContent()).toMatch(/quantity: must be greater than 0/);
    const importButton = preview.getByRole("button", { name: "Import 2 rows" });
    expect(await importButton.isDisabled()).toBe(true);
    await member.screenshot("import-preview-desktop");

    await page.getByRole("switch", { name: /Skip invalid rows/ }).check({ force: true });
    await importButton.click();
    await page.getByRole("heading", { name: "Import complete" }).waitFor();
    await page.getByText("2 transactions saved; 1 refused rows left out.").waitFor();
    await member.screenshot("import-done-desktop");

    await page.getByRole("link", { name: "See the transactions" }).click();
    await heading(page, "Transactions");
    await page.getByText("1–25 of 51 transactions").waitFor();
    await page.locator("tr[data-transaction]").getByText("2 × $405.10").waitFor();
    await member.screenshot("transactions-demo-desktop");
    await page.goto("/accounts");
    await heading(page, "Accounts");
    await page.locator("tr[data-account]").nth(2).waitFor();
    expect(await page.locator("tr[data-account]").count()).toBe(3);
    await member.screenshot("accounts-demo-desktop");
  });

  test("exports download the backup and the CSV files", async () => {
    const member = demo();
    const { page } = member;
    await page.goto("/import");
    await heading(page, "Import");
    const save = async (name: string) => {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name }).click();
      const file = await download;
      return {
        name: file.suggestedFilename(),
        text: readFileSync((await file.path()) ?? "", "utf-8"),
      };
    };
    const backup = await save("Download backup (JSON)");
    expect(backup.name).toMatch(/^pms-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const parsed = JSON.parse(backup.text) as { format: string; transactions: unknown[] };
    expect(parsed.format).toBe("pms-backup");
    expect(parsed.transactions).toHaveLength(51);
    const transactions = await save("Download transactions (CSV)");
    expect(transactions.name).toMatch(/^pms-transactions-.*\.csv$/);
    expect(transactions.text.split("\r\n")[0]).toMatch(/^date,type,account/);
    const realized = await save("Download realized gains (CSV)");
    expect(realized.text).toContain("BTC-USD");
  });

  test("the demo on a phone, and the dashboard in the dark", async () => {
    const member = demo();
    const { page } = member;
    await page.setViewportSize(PHONE);
    for (const [path, name, title] of [
      ["/", "dashboard-demo-phone", "Dashboard"],
      ["/holdings", "holdings-demo-phone", "Holdings"],
      ["/transactions", "transactions-demo-phone", "Transactions"],
      ["/accounts", "accounts-demo-phone", "Accounts"],
      ["/import", "import-phone", "Import"],
      ["/settings", "settings-demo-phone", "Settings"],
    ] as const) {
      await page.goto(path);
      await heading(page, title);
      await page.waitForLoadState("networkidle");
      expect(await member.horizontalOverflow(), `${path} scrolls sideways`).toBe(0);
      await member.screenshot(name);
    }
    await page.goto("/holdings");
    await page.getByRole("link", { name: "BTC-USD" }).filter({ visible: true }).click();
    await heading(page, "BTC-USD");
    await page.getByRole("list", { name: "Positions in BTC-USD" }).waitFor();
    await page.getByRole("list", { name: "Open lots of BTC-USD" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await member.horizontalOverflow()).toBe(0);
    await member.screenshot("instrument-demo-phone");
    await page.goto("/transactions");
    await page.getByRole("button", { name: "Add transaction" }).first().click();
    await page.getByRole("dialog", { name: "Add a transaction" }).waitFor();
    expect(await member.horizontalOverflow()).toBe(0);
    await member.screenshot("transaction-form-phone", { viewport: true });

    // The user's theme follows the system: a dark one here.
    const dark = await WatchedPage.open(browser, baseUrl, DESKTOP, "dark");
    try {
      await dark.page.goto("/login");
      await signIn(dark.page, MEMBER);
      await heading(dark.page, "Dashboard");
      await dark.page.getByRole("img", { name: "Portfolio value over time" }).waitFor();
      await dark.page.waitForLoadState("networkidle");
      expect(await dark.page.getAttribute("html", "data-mantine-color-scheme")).toBe("dark");
      await dark.screenshot("dashboard-dark-desktop");
      await dark.page.setViewportSize(PHONE);
      await dark.page.reload();
      await dark.page.getByRole("img", { name: "Portfolio value over time" }).waitFor();
      await dark.screenshot("dashboard-dark-phone");
      expect(dark.errors).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  test("a price refresh that cannot reach the provider lists each symbol", async () => {
    const member = demo();
    const { page } = member;
    await page.setViewportSize(DESKTOP);
    await page.goto("/");
    await page.getByRole("button", { name: "Refresh prices" }).click();
    await page.getByText(/could not be refreshed/).waitFor();
    expect(
      await page.getByRole("list", { name: "Refresh errors" }).getByRole("listitem").count(),
    ).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Refresh prices" }).scrollIntoViewIfNeeded();
    await member.screenshot("dashboard-refresh-desktop", { viewport: true });
  });

  test("data health names the demo's old prices, counts them in the navigation, and links to the fix", async () => {
    const member = demo();
    const { page } = member;
    await page.setViewportSize(DESKTOP);
    await page.goto("/data-health");
    await heading(page, "Data health");
    const warnings = page.getByRole("list", { name: "Warnings" });
    await warnings.getByText(/^The price of AAPL is stale/).waitFor();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByLabel(/problems to look at$/).waitFor();
    expect(await page.getByRole("list", { name: "Errors" }).count()).toBe(0);
    await member.screenshot("data-health-demo-desktop");
    const aapl = warnings.getByRole("listitem").filter({ hasText: "The price of AAPL is stale" });
    await aapl.getByRole("link", { name: "Open the instrument" }).click();
    await heading(page, "AAPL");
  });

  test("every gain opens into its parts: the dashboard, a holding, and a closed position", async () => {
    const member = demo();
    const { page } = member;
    await page.setViewportSize(DESKTOP);
    await page.goto("/");
    await heading(page, "Dashboard");
    const total = await page
      .getByRole("group", { name: "Total value" })
      .locator(".pms-figures")
      .first()
      .textContent();
    await page.getByRole("button", { name: "Explain the total gain" }).click();
    const drawer = page.getByRole("dialog", {
      name: "Where the gain of your portfolio comes from",
    });
    const parts = drawer.getByRole("table", { name: "The parts of the change in value" });
    // The bridge ends at the dashboard's total, to the cent.
    await parts
      .getByRole("row", { name: /^End value/ })
      .getByText(total ?? "?")
      .waitFor();
    await drawer.getByText(/^Over this period your money earned/).waitFor();
    await drawer
      .getByRole("table", { name: "The gain of each holding" })
      .getByText("ASML.AS")
      .waitFor();
    expect(await unnamedControls(page, '[role="dialog"]')).toEqual([]);
    await member.screenshot("explain-dashboard-desktop", { viewport: true });
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });

    await page.goto("/holdings");
    await heading(page, "Holdings");
    const table = page.getByRole("table", { name: "Holdings" });
    await table.getByRole("button", { name: "Explain the gain of MSFT" }).click();
    const holding = page.getByRole("dialog", { name: "Where the gain of MSFT comes from" });
    await holding.getByRole("table", { name: "The parts of the change in value" }).waitFor();
    await holding.getByText(/^Time-weighted return$/).waitFor();
    await member.screenshot("explain-holding-desktop", { viewport: true });
    await page.keyboard.press("Escape");

    // Sell every AAPL share at its last close: the position closes and keeps its result.
    const sold = await page.evaluate(async () => {
      const holdings = await (await fetch("/api/v1/portfolio/holdings")).json();
      const rows = holdings.items.filter((row: { symbol: string }) => row.symbol === "AAPL");
      for (const row of rows) {
        const response = await fetch("/api/v1/transactions", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            account_id: row.account_id,
            instrument_id: row.instrument_id,
            type: "SELL",
            date: row.price_date,
            quantity: row.quantity,
            price: row.price,
            currency: row.currency,
          }),
        });
        if (response.status !== 201) return `${response.status} ${await response.text()}`;
      }
      return rows.length;
    });
    expect(sold).toBeGreaterThan(0);
    await page.reload();
    await heading(page, "Holdings");
    const closed = page.getByRole("table", { name: "Closed positions" });
    const row = closed.locator('tr[data-closed="AAPL"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/AAPL.*→.*[+-]\d/);
    await member.screenshot("holdings-closed-desktop");
    await row.getByRole("button", { name: "Explain the result of AAPL" }).click();
    const aapl = page.getByRole("dialog", { name: "Where the gain of AAPL comes from" });
    const aaplParts = aapl.getByRole("table", { name: "The parts of the change in value" });
    // Closed: nothing left at the end.
    await aaplParts
      .getByRole("row", { name: /^End value/ })
      .getByText("€0.00")
      .waitFor();
    await member.screenshot("explain-closed-desktop", { viewport: true });
    await page.keyboard.press("Escape");
  });

  test("the Taxes page shows a year's sales and income, and downloads its PDF", async () => {
    const member = demo();
    const { page } = member;
    await page.setViewportSize(DESKTOP);
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Taxes" })
      .click();
    await heading(page, "Taxes");
    const picker = input(page, "Tax year");
    await picker.click();
    await page.getByRole("option", { name: "2023", exact: true }).click();
    const sales = page.getByRole("table", { name: "Lots sold" });
    // The demo sold AAPL in July 2023.
    await sales.getByText("AAPL").first().waitFor();
    await page.getByRole("group", { name: "Realized gains" }).waitFor();
    await page.getByRole("table", { name: "Income" }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await member.screenshot("taxes-demo-desktop");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "PDF" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("tax-report-2023.pdf");
    const bytes = readFileSync((await file.path()) ?? "");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  test("every page renders on a laptop", async () => {
    const { page } = admin;
    await page.setViewportSize(DESKTOP);
    for (const { path, name, heading: title } of pages()) {
      await page.goto(path);
      await heading(page, title);
      expect(await admin.horizontalOverflow(), `${path} scrolls sideways`).toBe(0);
      expect(await unnamedControls(page), `${path} has controls without a name`).toEqual([]);
      await admin.screenshot(`${name}-desktop`);
    }
  });

  test("every page fits a 390-pixel phone without sideways scrolling", async () => {
    const phone = await WatchedPage.open(browser, baseUrl, PHONE);
    try {
      phone.allowStatus(401);
      await phone.page.goto("/login");
      await heading(phone.page, "Sign in");
      expect(await phone.horizontalOverflow()).toBe(0);
      await phone.screenshot("login-phone");
      await signIn(phone.page, ADMIN);
      await heading(phone.page, "Dashboard");
      for (const { path, name, heading: title } of pages()) {
        await phone.page.goto(path);
        await heading(phone.page, title);
        expect(await phone.horizontalOverflow(), `${path} scrolls sideways`).toBe(0);
        await phone.screenshot(`${name}-phone`);
      }
      // The navigation is a drawer behind the menu button.
      await phone.page.getByRole("button", { name: "Open navigation" }).click();
      await phone.page.getByRole("link", { name: "Holdings" }).click();
      await heading(phone.page, "Holdings");
      await phone.page.getByRole("button", { name: "Open navigation" }).click();
      await phone.screenshot("navigation-phone", { viewport: true });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  test("an unknown address shows a page that says so", async () => {
    const { page } = admin;
    await page.goto("/no/such/page");
    await page.getByRole("heading", { name: "This page does not exist" }).waitFor();
    await admin.screenshot("not-found-desktop");
  });
});
