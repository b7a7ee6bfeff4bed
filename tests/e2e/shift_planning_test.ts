import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Appliance } from "../../src/appliance.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { launchChromium } from "../support/browser.ts";
import { hasPeer } from "../support/peers.ts";
import { writeCallEvents, writeCenter, writeStates } from "../reports/_fixture.ts";

const PASSWORD = "demo-pass";
/** Where the planner's screenshots go for people to look at. */
const SHOTS = "/tmp/shots";
/** Where the proposal's need, already planned and still to cover go, apart from the rest. */
const COVER_SHOTS = "/tmp/shots2";

/** The planner's row of an agent (its first cell is the agent's name). */
const agentRow = (page: Page, name: string) =>
  page.locator("cc-shift-grid tbody tr").filter({
    has: page.getByRole("rowheader", { name, exact: true }),
  });

/** The figures of one row of the proposal's need beside the plan ("Needed", "Still to cover"…). */
const coverRow = async (page: Page, name: string) =>
  (await page.locator('cc-need-cover [data-testid="need-cover"] tbody tr').filter({
    has: page.getByRole("rowheader", { name, exact: true }),
  }).locator("td").allTextContents()).map(Number);

const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

/** Scrolls `selector`'s element to the top of the page, below the sticky header. */
const scrollToTop = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    el.scrollIntoView({ block: "start" });
    globalThis.scrollBy(0, -72);
  });

Deno.test({
  name:
    "a supervisor plans a week: adds a shift and breaks with the form, is told at the field what cannot be planned, fills a day from proposals that cover only what is not yet planned, and sees the shifts by name in staffing",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "cc-shift-planning-" });
    await Deno.mkdir(SHOTS, { recursive: true });
    await Deno.mkdir(COVER_SHOTS, { recursive: true });
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
      log: createLogger("shift-planning-test", { level: "warn", sink: () => {} }),
      announce: () => {},
    });
    // Five more agents and calls on 2 March 2026, 09:00–09:30 UTC, whose staffing need
    // a day is filled from.
    const { db } = appliance.parts;
    writeCenter(db);
    writeCallEvents(db);
    writeStates(db);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
        // Not the server's zone: times are entered and shown in the browser's.
        timezoneId: "Asia/Shanghai",
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      const posted: unknown[] = [];
      const proposals: { starts_at: string; need: number[] }[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().endsWith("/api/v1/schedules")) {
          posted.push(r.postDataJSON());
        }
        if (r.method() === "POST" && r.url().endsWith("/api/v1/schedules/proposal")) {
          proposals.push(r.postDataJSON());
        }
      });
      const base = `http://127.0.0.1:${appliance.httpPort}`;
      await page.goto(`${base}/login`);
      await page.fill('input[name="username"]', "super1");
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/supervisor$/);
      await page.goto(`${base}/reports`);
      await page.getByRole("tab", { name: "Shift planning" }).click();
      await page.getByRole("heading", { name: "Shift planning" }).waitFor();

      // A row per active agent (the demo's eight and the fixture's five), and a week with
      // nothing planned says what to do.
      await agentRow(page, "Li Na").waitFor();
      assert.equal(await page.locator("cc-shift-grid tbody tr").count(), 13);
      await page.getByText("Nothing is planned this week yet").waitFor();

      // A shift for Li Na on Tuesday, through the form.
      const form = page.locator("cc-shift-block-form");
      await form.getByLabel("Agent", { exact: true }).selectOption({ label: "Li Na" });
      await form.getByLabel("Kind", { exact: true }).selectOption("shift");
      await form.getByLabel("Day", { exact: true }).selectOption({ index: 1 });
      await form.getByLabel("Start", { exact: true }).fill("09:00");
      await form.getByLabel("End", { exact: true }).fill("17:00");
      await form.getByRole("button", { name: "Add to the plan" }).click();
      const liNa = agentRow(page, "Li Na");
      await liNa.getByText("09:00–17:00").waitFor();
      await page.getByText("Added: Shift 09:00–17:00, Li Na.").waitFor();
      const tuesday = await form.getByLabel("Day", { exact: true }).inputValue();
      const sent = posted.at(-1) as Record<string, string>;
      // 09:00 in Shanghai is 01:00 UTC.
      assert.equal(sent.starts_at, `${tuesday}T01:00:00.000Z`);

      // A break on Wednesday lies outside every shift of hers: the server says so at Start.
      await form.getByLabel("Kind", { exact: true }).selectOption("break");
      await form.getByLabel("Day", { exact: true }).selectOption({ index: 2 });
      await form.getByLabel("Start", { exact: true }).fill("12:00");
      await form.getByLabel("End", { exact: true }).fill("12:30");
      await form.getByRole("button", { name: "Add to the plan" }).click();
      const startError = form.getByTestId("error-block-starts_at");
      await startError.waitFor();
      assert.equal(
        (await startError.textContent())?.trim(),
        "A break must lie inside one of the agent's shifts; plan the shift first.",
      );
      const start = form.getByLabel("Start", { exact: true });
      assert.equal(await start.getAttribute("aria-invalid"), "true");
      assert.equal(await start.evaluate((el) => el.matches(":focus")), true, "focus on Start");
      await scrollToTop(page, "cc-shift-block-form");
      await page.screenshot({ path: `${SHOTS}/shift_planning_refusal_en.png` });

      // An end before the start is said at End before anything is sent.
      const before = posted.length;
      await form.getByLabel("Day", { exact: true }).selectOption(tuesday);
      await form.getByLabel("Start", { exact: true }).fill("15:00");
      await form.getByLabel("End", { exact: true }).fill("14:45");
      await form.getByRole("button", { name: "Add to the plan" }).click();
      await form.getByTestId("error-block-ends_at").filter({ hasText: "after the start" })
        .waitFor();
      assert.equal(posted.length, before, "not sent");

      // Two breaks inside the shift; one is deleted after the confirmation.
      for (const [from, to] of [["12:00", "12:30"], ["15:00", "15:15"]]) {
        await form.getByLabel("Start", { exact: true }).fill(from);
        await form.getByLabel("End", { exact: true }).fill(to);
        await form.getByRole("button", { name: "Add to the plan" }).click();
        await liNa.getByText(`Break ${from}–${to}`).waitFor();
      }
      await liNa.getByRole("button", { name: /^Delete the break 15:00–15:15 of Li Na/ }).click();
      const confirm = page.getByRole("dialog", { name: "Delete this break?" });
      await confirm.waitFor();
      await page.screenshot({ path: `${SHOTS}/shift_planning_confirm_en.png` });
      await page.keyboard.press("Escape");
      await confirm.waitFor({ state: "hidden" });
      await liNa.getByText("Break 15:00–15:15").waitFor();
      await liNa.getByRole("button", { name: /^Delete the break 15:00–15:15 of Li Na/ }).click();
      await confirm.getByRole("button", { name: "Delete" }).click();
      await liNa.getByText("Break 15:00–15:15").waitFor({ state: "detached" });
      await liNa.getByText("Break 12:00–12:30").waitFor();

      // Tuesday from a proposal: 4-hour shifts for 08:00–16:00, less what Li Na's shift
      // already covers. The first is given to Li Na, who already works then, so it stays
      // with the reason; the others are saved.
      await page.getByRole("button", { name: "Fill from proposal" }).click();
      const panel = page.locator("cc-shift-proposal-panel");
      await panel.getByRole("heading", { name: "Fill a day from a proposal" }).waitFor();
      await panel.getByLabel("Day to plan").selectOption(tuesday);
      // The need of a day with calls comes from its staffing: 17:00 in Shanghai.
      await panel.getByLabel("Copy the staffing need of").fill("2026-03-02");
      await panel.getByRole("button", { name: "Use that day's need" }).click();
      await panel.getByText("Need copied from Mon, 3/2, starting 17:00").waitFor();
      assert.match(await panel.getByLabel("Agents needed per interval").inputValue(), /^[1-9]/);
      assert.equal(await panel.getByLabel("First interval starts").inputValue(), "17:00");
      await panel.getByLabel("First interval starts").fill("08:00");
      await panel.getByLabel("Agents needed per interval").fill(
        "1, 2, 2, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1",
      );
      await panel.getByLabel("Shift lengths (hours)").fill("4");
      await panel.getByRole("button", { name: "Propose shifts" }).click();
      const proposed = panel.locator('[data-testid="proposed-shifts"] tbody tr');
      await proposed.first().waitFor();
      // Li Na works 09:00–17:00 but for her break at 12:00: she covers 09:00 to 16:00
      // except the half hour at 12:00, and the proposal is for what is left.
      const need = [1, 2, 2, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1];
      assert.deepEqual(await coverRow(page, "Needed"), need);
      const liNaCovers = [0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1];
      assert.deepEqual(await coverRow(page, "Already planned"), liNaCovers);
      const firstLeft = need.map((n, i) => Math.max(0, n - liNaCovers[i]));
      assert.deepEqual(await coverRow(page, "Still to cover"), firstLeft);
      assert.equal(proposals.length, 1);
      assert.deepEqual(proposals[0].need, firstLeft.slice(0, 13), "what is left, 08:00–14:30");
      assert.equal(proposals[0].starts_at, `${tuesday}T00:00:00.000Z`, "08:00 in Shanghai");
      const count = await proposed.count();
      assert.ok(count >= 3, `${count} shifts proposed`);
      const assignees = ["Li Na", "Wang Wei", "Zhang Min"];
      const selects = panel.getByRole("combobox", { name: /^Agent for the shift/ });
      for (const [i, name] of assignees.entries()) {
        await selects.nth(i).selectOption({ label: name });
      }
      await panel.getByRole("button", { name: "Save assigned shifts (3)" }).click();
      await panel.getByText("Shifts saved to the plan: 2.").waitFor();
      await panel.getByText("Shifts not saved: 1.").waitFor();
      await panel.getByText("The shift overlaps another shift of the agent").waitFor();
      assert.equal(await proposed.count(), count - 2, "the refused one stays, with the rest");
      await agentRow(page, "Wang Wei").locator("li.shift").first().waitFor();
      await scrollToTop(page, "cc-shift-proposal-panel");
      await page.screenshot({ path: `${SHOTS}/shift_planning_proposal_en.png` });

      // The two saved shifts count at once; proposing again is for the remainder only.
      const planned = await coverRow(page, "Already planned");
      assert.ok(sum(planned) > sum(liNaCovers), `${planned} now planned`);
      const left = need.map((n, i) => Math.max(0, n - planned[i]));
      assert.deepEqual(await coverRow(page, "Still to cover"), left);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/api/v1/schedules/proposal")),
        panel.getByRole("button", { name: "Propose shifts" }).click(),
      ]);
      const again = ((await answer.json()) as { shifts: unknown[] }).shifts.length;
      await panel.getByText(`Shifts proposed: ${again},`).waitFor();
      assert.equal(proposals.length, 2);
      const leftFrom = left.findIndex((n) => n > 0);
      assert.deepEqual(
        proposals[1].need.slice(0, left.findLastIndex((n) => n > 0) + 1 - leftFrom),
        left.slice(leftFrom, left.findLastIndex((n) => n > 0) + 1),
        "the second proposal is for what the saved shifts left",
      );
      assert.ok(sum(proposals[1].need) < sum(proposals[0].need));
      assert.equal(await proposed.count(), again, "the refused shift went with the old proposal");
      assert.ok(again < count, `${again} shifts proposed the second time, ${count} the first`);
      await scrollToTop(page, "cc-shift-proposal-panel");
      await page.screenshot({ path: `${COVER_SHOTS}/shift_proposal_panel_en.png` });
      await scrollToTop(page, "cc-need-cover");
      await page.screenshot({ path: `${COVER_SHOTS}/shift_proposal_cover_en.png` });

      // Each given to an agent with nothing planned that day, the whole need is covered:
      // a third proposal says so and asks for nothing.
      const busy = ["Li Na", "Wang Wei", "Zhang Min"];
      const free = (await selects.first().locator("option").allTextContents())
        .map((o) => o.trim()).filter((o) => o !== "Not assigned" && !busy.includes(o));
      for (let i = 0; i < again; i++) await selects.nth(i).selectOption({ label: free[i] });
      await panel.getByRole("button", { name: `Save assigned shifts (${again})` }).click();
      await panel.getByText(`Shifts saved to the plan: ${again}.`).waitFor();
      assert.deepEqual(await coverRow(page, "Still to cover"), need.map(() => 0));
      await panel.getByRole("button", { name: "Propose shifts" }).click();
      await panel.getByText(/cover the whole need of .*: there is nothing to propose\.$/).waitFor();
      assert.equal(proposals.length, 2, "nothing asked for");
      assert.equal(await proposed.count(), 0);
      await scrollToTop(page, "cc-shift-proposal-panel");
      await page.screenshot({ path: `${COVER_SHOTS}/shift_proposal_nothing_left_en.png` });

      await page.getByRole("button", { name: "Close the proposal" }).click();
      await scrollToTop(page, "cc-shift-planner");
      await page.screenshot({ path: `${SHOTS}/shift_planning_en.png` });
      await page.screenshot({ path: `${SHOTS}/shift_planning_en_full.png`, fullPage: true });

      await page.selectOption('select[data-testid="lang-switch"]', "zh-CN");
      await page.getByRole("heading", { name: "排班计划" }).waitFor();
      await page.getByRole("columnheader", { name: "坐席" }).waitFor();
      await scrollToTop(page, "cc-shift-planner");
      await page.screenshot({ path: `${SHOTS}/shift_planning_zh.png` });

      // In Chinese, the refusal of a proposed shift is worded in Chinese too. A need above
      // what is planned leaves something to propose.
      await page.getByRole("button", { name: "按建议排班" }).click();
      await panel.getByLabel("每个时段所需坐席数").fill("5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5");
      await panel.getByRole("button", { name: "生成建议班次" }).click();
      await proposed.first().waitFor();
      await scrollToTop(page, "cc-shift-proposal-panel");
      await page.screenshot({ path: `${COVER_SHOTS}/shift_proposal_panel_zh.png` });
      await scrollToTop(page, "cc-need-cover");
      await page.screenshot({ path: `${COVER_SHOTS}/shift_proposal_cover_zh.png` });
      await panel.getByRole("combobox", { name: /^班次 .* 的坐席$/ }).first().selectOption({
        label: "Li Na",
      });
      await panel.getByRole("button", { name: "保存已指定的班次（1）" }).click();
      await panel.getByText("与该坐席的另一个班次重叠；请先调整或删除那个班次。").waitFor();
      await scrollToTop(page, "cc-shift-proposal-panel");
      await page.screenshot({ path: `${SHOTS}/shift_planning_proposal_zh.png` });

      // Staffing lists Tuesday's shifts by the name of who works them.
      await page.click('cc-reports-home button[data-tab="staffing"]');
      await page.fill('cc-period-picker input[name="day"]', tuesday);
      await page.fill('cc-period-picker input[name="days"]', "1");
      await page.click('cc-period-picker button[type="submit"]');
      const shifts = page.locator('cc-staffing-table [data-testid="schedule-table"] tbody tr');
      await shifts.filter({ has: page.getByRole("cell", { name: "Li Na", exact: true }) })
        .first().waitFor();
      const whose = await shifts.locator("td:first-child").allTextContents();
      assert.ok(whose.every((name) => !/^#?\d+$/.test(name.trim())), whose.join(", "));
      assert.ok(whose.includes("Wang Wei"), whose.join(", "));
      await scrollToTop(page, 'cc-staffing-table [data-testid="schedule-table"]');
      await page.screenshot({ path: `${SHOTS}/staffing_shifts_zh.png` });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await appliance.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
