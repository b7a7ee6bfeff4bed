import assert from "node:assert/strict";
import { Appliance } from "../../src/appliance.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { hasPeer } from "../support/peers.ts";
import { writeCallEvents, writeCenter, writeStates } from "../reports/_fixture.ts";

const PASSWORD = "demo-pass";

Deno.test({
  name:
    "a supervisor opens the reports, picks a period, sees the chart and table, exports CSV and Excel, and saves a report",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "cc-reports-ui-" });
    const appliance = await Appliance.start({
      config: loadConfig({
        data: dir,
        bind: "127.0.0.1",
        "http-port": "0",
        "https-port": "0",
        demo: true,
        "admin-password": "admin-secret-1",
        "demo-password": PASSWORD,
      }, {}),
      log: createLogger("reports-ui-test", { level: "warn", sink: () => {} }),
      announce: () => {},
    });
    // The hand-worked half hour of tests/reports (2 March 2026, 09:00–09:30 UTC).
    const { db } = appliance.parts;
    writeCenter(db);
    writeCallEvents(db);
    writeStates(db);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        locale: "en-US",
        timezoneId: "UTC",
        acceptDownloads: true,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      const base = `http://127.0.0.1:${appliance.httpPort}`;
      await page.goto(`${base}/login`);
      await page.fill('input[name="username"]', "super1");
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/supervisor$/);
      await page.goto(`${base}/reports`);
      await page.locator("cc-reports-home h1").waitFor();

      await page.fill('cc-period-picker input[name="day"]', "2026-03-02");
      await page.fill('cc-period-picker input[name="days"]', "1");
      await page.selectOption('cc-period-picker select[name="interval"]', "15m");
      await page.click('cc-period-picker button[type="submit"]');

      // A day by quarter hour: 96 lines, the total and the day before's total.
      const rows = page.locator("cc-report-table tbody tr");
      await page.waitForFunction(
        () => {
          const table = document.querySelector("cc-app")?.shadowRoot?.querySelector("cc-layout")
            ?.querySelector("cc-reports-home")?.shadowRoot?.querySelector("cc-report-table");
          return (table?.shadowRoot?.querySelectorAll("tbody tr").length ?? 0) === 98;
        },
        undefined,
        { timeout: 10_000 },
      ).catch(() => {});
      assert.equal(await rows.count(), 98);
      const total = rows.nth(96);
      assert.equal(
        (await rows.last().locator("td").first().textContent())?.trim(),
        "Previous period",
      );
      const slHeader = page.locator('cc-report-table th[data-metric="service_level"]');
      assert.match((await slHeader.getAttribute("title")) ?? "", /answered within T/);
      const headers = await page.locator("cc-report-table th").allTextContents();
      const sl = headers.findIndex((h) => h.trim() === "Service level");
      assert.ok(sl > 0, headers.join(" | "));
      const cells = await total.locator("td").allTextContents();
      assert.equal(cells[sl].trim(), "33.3 %");
      // 09:00 is the 37th quarter hour of the day.
      const nine = await rows.nth(36).locator("td").allTextContents();
      assert.equal(nine[sl].trim(), "25.0 %");
      assert.equal((await rows.nth(0).locator("td").allTextContents())[sl].trim(), "—");

      // Agents' time per state: ann, bob and cat were ready 2,915 s of the day (0.81 h).
      const ready = page.locator('cc-state-time-table [data-testid="state-time"] tbody tr')
        .filter({ has: page.locator("td", { hasText: /^ready$/ }) });
      await ready.waitFor();
      assert.deepEqual(
        (await ready.locator("td").allTextContents()).map((x) => x.trim()),
        ["ready", "0.81"],
      );
      const canvas = page.locator("cc-report-chart canvas");
      await canvas.first().waitFor();
      assert.ok(((await canvas.first().boundingBox())?.height ?? 0) > 100);
      await slHeader.hover();
      await page.screenshot({ path: `${ARTIFACTS}/reports_en.png`, fullPage: false });

      // The export button fetches the CSV with the signed-in session and saves it.
      const [response] = await Promise.all([
        page.waitForResponse(/\/api\/v1\/reports\/figures\.csv\?/, { timeout: 10_000 }),
        page.click("cc-reports-home button.export"),
      ]);
      assert.equal(response.status(), 200);
      // The same request again, from the page, to read what was saved.
      const exported = await page.evaluate((url) =>
        fetch(url).then(async (r) => ({
          type: r.headers.get("content-type"),
          disposition: r.headers.get("content-disposition"),
          body: await r.text(),
        })), response.url());
      assert.match(exported.type ?? "", /^text\/csv/);
      assert.match(
        exported.disposition ?? "",
        /^attachment; filename="report-center-2026-03-02\.csv"/,
      );
      const lines = exported.body.trim().split("\n");
      assert.equal(lines.length, 98);
      assert.match(lines[0], /^row,start,end,service_level,/);
      assert.match(lines.at(-1)!, /^total,2026-03-02T00:00:00.000Z,2026-03-03T00:00:00.000Z,33.3,/);

      // Staffing and schedules: Erlang's agents beside the scheduled and logged-in ones.
      await page.click('cc-reports-home button[data-tab="staffing"]');
      const staffingRows = page.locator(
        'cc-staffing-table [data-testid="staffing-table"] tbody tr',
      );
      await staffingRows.first().waitFor();
      // Only intervals with calls, a schedule or agents show: 09:00–09:30.
      assert.equal(await staffingRows.count(), 2);
      const first = await staffingRows.first().locator("td").allTextContents();
      assert.deepEqual(first.slice(1, 3).map((x) => x.trim()), ["5", "147.7"]);
      await page.locator('cc-reports-home [data-testid="forecast"]').waitFor();
      const blocks = page.locator('cc-staffing-table [data-testid="schedule-table"] tbody tr');
      assert.equal(await blocks.count(), 6); // four shifts, two breaks
      await page.click('cc-what-if-form button[type="submit"]');
      const answer = page.locator('cc-what-if-form [data-testid="what-if-answer"] tbody tr');
      await answer.first().waitFor();
      // 100 calls per 30 minutes at 180 s, 80/20: 14 agents by Erlang C, fewer by Erlang A.
      const agents = await answer.first().locator("td").allTextContents();
      assert.equal(agents[0].trim(), "14");
      assert.ok(Number(agents[1]) < 14, agents.join(" "));
      await page.screenshot({ path: `${ARTIFACTS}/reports_staffing.png`, fullPage: false });

      // Abandoned calls: c10, c4 and c3 of the fixture, newest first; exported as Excel.
      await page.click('cc-reports-home button[data-tab="abandoned"]');
      const abandoned = page.locator('cc-report-list-table table[data-kind="abandoned"] tbody tr');
      await abandoned.first().waitFor();
      assert.equal(await abandoned.count(), 3);
      assert.equal((await abandoned.first().locator("td").first().textContent())?.trim(), "c10");
      const [xlsx] = await Promise.all([
        page.waitForResponse(/\/api\/v1\/reports\/lists\/abandoned\?.*format=xlsx/, {
          timeout: 10_000,
        }),
        page.click('cc-reports-home button.export-xlsx[data-kind="abandoned"]'),
      ]);
      assert.equal(xlsx.status(), 200);
      assert.match(xlsx.headers()["content-type"] ?? "", /spreadsheetml/);
      await page.screenshot({ path: `${ARTIFACTS}/reports_abandoned.png`, fullPage: false });

      // Saved under a name, the view reopens from the figures tab.
      await page.fill('cc-saved-reports input[name="name"]', "Drop-outs");
      await page.click('cc-saved-reports form[data-testid="saved-save"] button[type="submit"]');
      await page.locator("cc-saved-reports option", { hasText: "Drop-outs" }).waitFor({
        state: "attached",
      });
      await page.click('cc-reports-home button[data-tab="figures"]');
      await page.click('cc-saved-reports form[data-testid="saved-open"] button[type="submit"]');
      await page.locator('cc-reports-home button[data-tab="abandoned"][aria-selected="true"]')
        .waitFor();
      await page.click('cc-reports-home button[data-tab="figures"]');

      await page.selectOption('select[data-testid="lang-switch"]', "zh-CN");
      await page.locator("cc-reports-home h1").filter({ hasText: "统计报表" }).waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/reports_zh.png`, fullPage: false });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await appliance.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
