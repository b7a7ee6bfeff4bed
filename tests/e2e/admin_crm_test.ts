import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { LIVE_ADMIN_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

const SECTIONS = ["fields", "sla", "kb", "scripts", "customer-import", "export"];

/** Two good rows and one whose phone is too short, with the custom field by its key. */
const CSV = "name,phone,plan\n" +
  "Qian Duoduo,13912340001,Gold\n" +
  "Broken Row,12345,Silver\n" +
  "Sun Xiaoli,13912340003,Silver\n";

async function openSection(page: Page, section: string) {
  await page.click(`[data-testid="admin-nav"] button[data-section="${section}"]`);
}

/** Waits for the screen's "Saved" notice, failing with the refusal if one shows instead. */
async function saved(page: Page, screen: string) {
  const notice = page.locator(`${screen} [data-testid="notice"]`);
  const problem = page.locator(`${screen} [data-testid="problem"]`);
  await Promise.race([
    notice.waitFor({ timeout: 20_000 }),
    problem.waitFor({ timeout: 20_000 }).then(async () => {
      throw new Error(`Saving in ${screen} was refused: ${await problem.textContent()}`);
    }),
  ]);
}

async function importFile(page: Page, button: "dry-run" | "import") {
  const screen = '[data-testid="admin-customer-import"]';
  await page.locator(`${screen} input[type="file"]`).setInputFiles({
    name: "customers.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(CSV),
  });
  await page.click(`${screen} [data-testid="${button}"]`);
  await page.locator(`${screen} [data-testid="import-result"]`).waitFor();
  return (await page.locator(`${screen} [data-testid="import-result"]`).textContent())!.trim();
}

Deno.test({
  name:
    "an admin defines a custom field, writes a script with a variable from it, and imports customers with a dry run and the refused row downloaded",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn", demo: true });
    const browser = await launchChromium();
    try {
      const base = `http://127.0.0.1:${live.httpPort}`;
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
        acceptDownloads: true,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("dialog", (d) => d.accept());

      await page.goto(`${base}/admin`);
      await page.fill('input[name="username"]', "admin");
      await page.fill('input[name="password"]', LIVE_ADMIN_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/admin$/);

      // A custom field: a bad key is refused at its input, then the field is saved.
      await openSection(page, "fields");
      const fields = '[data-testid="admin-fields"]';
      await page.click(`${fields} [data-testid="add"]`);
      await page.fill(`${fields} input[name="key"]`, "Plan Level");
      await page.fill(`${fields} input[name="label"]`, "Plan");
      await page.selectOption(`${fields} select[name="type"]`, "choice");
      await page.fill(`${fields} textarea[name="choices"]`, "Gold\nSilver");
      await page.click(`${fields} [data-testid="save"]`);
      const keyError = page.locator(`${fields} [data-testid="error-key"]`);
      await keyError.waitFor();
      assert.match((await keyError.textContent())!, /lower-case letters/i);
      await page.fill(`${fields} input[name="key"]`, "plan");
      await page.click(`${fields} [data-testid="save"]`);
      await saved(page, fields);
      assert.match(await page.locator(`${fields} [data-testid="list"]`).innerText(), /Plan/);

      // An SLA rule and a knowledge-base article, so their screens have something to show.
      await openSection(page, "sla");
      const sla = '[data-testid="admin-sla"]';
      await page.click(`${sla} [data-testid="add-rule"]`);
      await page.fill(`${sla} input[name="category"] >> nth=-1`, "billing");
      await page.selectOption(`${sla} select[name="priority"] >> nth=-1`, "high");
      await page.fill(`${sla} input[name="resolve_within_min"] >> nth=-1`, "0");
      await page.click(`${sla} [data-testid="save"]`);
      await page.locator(`${sla} .error`).first().waitFor();
      await page.fill(`${sla} input[name="resolve_within_min"] >> nth=-1`, "480");
      await page.click(`${sla} [data-testid="save"]`);
      await saved(page, sla);

      await openSection(page, "kb");
      const kb = '[data-testid="admin-kb"]';
      await page.click(`${kb} [data-testid="add"]`);
      await page.fill(`${kb} input[name="title"]`, "Refunds for a cancelled plan");
      await page.fill(`${kb} input[name="tags"]`, "billing, refunds");
      await page.fill(
        `${kb} textarea[name="body"]`,
        "1. Check the plan in the customer card.\n2. Refunds take 3 to 5 working days.",
      );
      assert.match(
        await page.locator(`${kb} [data-testid="preview"]`).innerText(),
        /Refunds take 3 to 5 working days/,
      );
      await page.click(`${kb} [data-testid="save"]`);
      await saved(page, kb);

      // A script: variables are inserted where the cursor is, and the preview is filled in
      // for the sample customer, custom field included.
      await openSection(page, "scripts");
      const scripts = '[data-testid="admin-scripts"]';
      await page.click(`${scripts} [data-testid="add"]`);
      await page.fill(`${scripts} input[name="name"]`, "Plan greeting");
      const body = page.locator(`${scripts} textarea[name="body"]`);
      await body.fill("Hello ! Your plan: .");
      await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(6, 6));
      await page.click(`${scripts} [data-variable="customer.name"]`);
      await body.evaluate((el: HTMLTextAreaElement) => {
        const at = el.value.lastIndexOf(".");
        el.setSelectionRange(at, at);
      });
      await page.click(`${scripts} [data-variable="customer.custom.plan"]`);
      assert.equal(
        await body.inputValue(),
        "Hello {{customer.name}}! Your plan: {{customer.custom.plan}}.",
      );
      const preview = page.locator(`${scripts} [data-testid="preview"]`);
      await page.waitForFunction(
        (el) => el?.textContent?.includes("Alex Morgan! Your plan: Gold."),
        await preview.elementHandle(),
        { timeout: 20_000 },
      );
      await page.click(`${scripts} [data-testid="save"]`);
      await saved(page, scripts);

      // The import: a dry run writes nothing and lists the bad row; the import then takes
      // the two good rows, and the refused one downloads with its reason.
      await openSection(page, "customer-import");
      const before = await customerCount(live, "Qian");
      assert.equal(before, 0);
      const dry = await importFile(page, "dry-run");
      assert.match(dry, /Dry run of 3 rows: 2 would be added, 0 updated, 1 refused/);
      assert.equal(await customerCount(live, "Qian"), 0, "a dry run writes nothing");
      const done = await importFile(page, "import");
      assert.match(done, /3 rows: 2 customers added, 0 updated, 1 refused/);
      assert.equal(
        await page.locator('[data-testid="admin-customer-import"] progress').getAttribute(
          "aria-valuetext",
        ),
        "100%",
      );
      const rejected = await page.locator('[data-testid="rejected"] tbody tr').allInnerTexts();
      assert.equal(rejected.length, 1);
      assert.match(rejected[0], /^3\s/);
      assert.match(rejected[0], /Broken Row/);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click('[data-testid="download-rejected"]'),
      ]);
      const file = await Deno.readTextFile(await download.path());
      const lines = file.replace(/^\ufeff/, "").trimEnd().split("\r\n");
      assert.equal(lines[0], "name,phone,plan,line,reason");
      assert.match(lines[1], /^Broken Row,12345,Silver,3,.*12345/);
      assert.equal(lines.length, 2);
      assert.equal(await customerCount(live, "Qian"), 1);

      // The exports download with the session; the contacts export takes a period.
      await openSection(page, "export");
      const [exported] = await Promise.all([
        page.waitForEvent("download"),
        page.click('[data-testid="export-customers"]'),
      ]);
      assert.match(await Deno.readTextFile(await exported.path()), /Qian Duoduo/);
      await page.fill('[data-testid="admin-export"] input[name="from"]', "2026-12-01");
      await page.fill('[data-testid="admin-export"] input[name="to"]', "2026-12-05");
      const href = await page.locator('[data-testid="export-interactions"]').getAttribute("href");
      assert.match(
        href!,
        /^\/api\/v1\/interactions\/export\?from=2026-1[12]-\d\dT.*&to=2026-12-0[56]T/,
      );
      const [contacts] = await Promise.all([
        page.waitForEvent("download"),
        page.click('[data-testid="export-interactions"]'),
      ]);
      assert.match(await Deno.readTextFile(await contacts.path()), /^\ufeff?\S/);

      // The script previews with an imported customer too.
      await openSection(page, "scripts");
      await page.locator(`${scripts} [data-testid="list"] button`, { hasText: "Plan greeting" })
        .click();
      await page.fill(`${scripts} [data-testid="find-customer"]`, "Qian");
      await page.waitForFunction(
        (el) => el?.textContent?.includes("Qian Duoduo! Your plan: Gold."),
        await preview.elementHandle(),
        { timeout: 20_000 },
      );

      // Every new screen in both languages, for people to look at.
      for (const lang of ["en", "zh-CN"]) {
        await page.selectOption('select[data-testid="lang-switch"]', lang);
        for (const section of SECTIONS) {
          await openSection(page, section);
          const screen = `[data-testid="admin-${section}"]`;
          if (["fields", "kb", "scripts"].includes(section)) {
            await page.locator(`${screen} [data-testid="list"] button`).last().click();
            await page.locator(`${screen} form`).waitFor();
          }
          if (section === "customer-import") {
            await importFile(page, "dry-run");
            await page.locator('[data-testid="rejected"]').waitFor();
          }
          await page.evaluate(() => globalThis.scrollTo(0, 0));
          await page.waitForTimeout(400);
          await page.screenshot({ path: `${ARTIFACTS}/admin_crm_${section}_${lang}.png` });
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
      await live.stop();
    }
  },
});

/** Customers whose name starts with `prefix`, through the API. */
async function customerCount(
  live: Awaited<ReturnType<typeof startLiveAppliance>>,
  prefix: string,
): Promise<number> {
  const api = await live.api("admin");
  const answer = await (await api.get(`/customers?q=${encodeURIComponent(prefix)}`))
    .json();
  return answer.customers.length;
}
