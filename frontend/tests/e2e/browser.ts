// Debian's Chromium driven by playwright-core, and what every end-to-end test checks on the way:
// no error in the browser console, no uncaught exception, no 5xx answer.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = resolve(import.meta.dirname, "../../test-results/screenshots");

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: 'make chromium' installs Debian's package`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page that records every console error, uncaught exception and 5xx answer. A refused request
 * (4xx) makes Chromium log "Failed to load resource"; a test says which statuses it expects with
 * `allowStatus` (also a 503 of a provider that cannot be reached), and any other is an error.
 */
export class WatchedPage {
  readonly errors: string[] = [];
  private readonly allowed = new Set<number>();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = message.text();
      const status = /status of (\d{3})/.exec(text)?.[1];
      if (status && this.allowed.has(Number(status))) return;
      this.errors.push(`console: ${text} (${message.location().url})`);
    });
    page.on("pageerror", (error) => this.errors.push(`uncaught: ${error.message}`));
    page.on("response", (response) => {
      if (response.status() >= 500 && !this.allowed.has(response.status())) {
        this.errors.push(
          `${response.status()} from ${response.request().method()} ${response.url()}`,
        );
      }
    });
  }

  static async open(
    browser: Browser,
    baseURL: string,
    viewport = DESKTOP,
    colorScheme: "light" | "dark" = "light",
  ): Promise<WatchedPage> {
    const context = await browser.newContext({
      baseURL,
      viewport,
      locale: "en-US",
      colorScheme,
      deviceScaleFactor: 1,
      ...(viewport.width < 600 ? { isMobile: true, hasTouch: true } : {}),
    });
    context.setDefaultTimeout(15_000);
    return new WatchedPage(context, await context.newPage());
  }

  allowStatus(...statuses: number[]): void {
    for (const status of statuses) this.allowed.add(status);
  }

  /**
   * Saves a picture of the page under test-results/screenshots/: the whole page from its top, or
   * with `viewport` what the screen shows now (for dialogs and menus).
   */
  async screenshot(name: string, { viewport = false } = {}): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    // Let fonts and transitions settle so the picture is what a person sees.
    await this.page.evaluate(() => document.fonts.ready);
    if (!viewport) await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path, fullPage: !viewport });
    return path;
  }

  /** How far the page scrolls sideways (0 when it fits the viewport). */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/**
 * The error message shown at an input: the element its aria-describedby names with an `-error`
 * id (how Mantine ties a field to its error), waited for until it appears.
 */
export async function fieldError(page: Page, input: Locator): Promise<string> {
  const handle = await input.elementHandle();
  const text = await page.waitForFunction((element) => {
    const ids = (element?.getAttribute("aria-describedby") ?? "").split(/\s+/);
    const error = ids
      .filter((id) => id.endsWith("-error"))
      .map((id) => document.getElementById(id))
      .find((node) => node?.textContent);
    return error?.textContent ?? false;
  }, handle);
  return (await text.jsonValue()) as string;
}
