import { chromium } from "playwright-core";

const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const p = await b.newPage({ baseURL: "http://127.0.0.1:8765" });
await p.goto("/setup");
await p.getByLabel(/^Username/).fill("x");
await p
  .getByLabel(/^Password/)
  .first()
  .fill("short");
await p.getByRole("button", { name: "Create administrator" }).click();
await p.waitForTimeout(500);
for (const el of await p.locator("input").all()) console.log(await el.evaluate((e) => e.outerHTML));
await b.close();
