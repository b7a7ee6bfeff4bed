import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import {
  browserPackets,
  callerCounters,
  goReadyInPage,
  openDeskPage,
  signInAgent,
  until,
} from "../support/desktop.ts";
import { LIVE_ADMIN_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { runSipp, type SippResult } from "../support/sipp.ts";

const NUMBER = "4008001234";
const AGENT_PASSWORD = "agent-pass-77";
const SECTIONS = [
  "checklist",
  "center",
  "users",
  "import",
  "teams",
  "skills",
  "reasons",
  "queues",
  "hours",
  "prompts",
  "dispositions",
  "trunks",
  "numbers",
  "registrations",
  "backups",
  "system",
];

/** Half a second of a 440 Hz tone as 8 kHz mono 16-bit WAV. */
function toneWav(): Uint8Array {
  const samples = 4000;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) =>
    [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 16000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    view.setInt16(44 + i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), true);
  }
  return bytes;
}

/** Opens a section from the side navigation. */
async function openSection(page: Page, section: string) {
  await page.click(`[data-testid="admin-nav"] button[data-section="${section}"]`);
}

/** Clicks Add on the open screen, fills the form, saves and waits for "Saved". */
async function addThrough(
  page: Page,
  section: string,
  fill: (form: string) => Promise<void>,
) {
  await openSection(page, section);
  const screen = `[data-testid="admin-${section}"]`;
  await page.click(`${screen} [data-testid="add"]`);
  await fill(`${screen} form`);
  await page.click(`${screen} [data-testid="save"]`);
  const notice = page.locator(`${screen} [data-testid="notice"]`);
  const problem = page.locator(`${screen} [data-testid="problem"], ${screen} .error`);
  await Promise.race([
    notice.waitFor({ timeout: 10_000 }),
    problem.first().waitFor({ timeout: 10_000 }).then(async () => {
      throw new Error(`Saving in ${section} was refused: ${await problem.allTextContents()}`);
    }),
  ]);
}

async function addAgent(page: Page, username: string, name: string, extension: string) {
  await addThrough(page, "users", async (form) => {
    await page.fill(`${form} input[name="username"]`, username);
    await page.fill(`${form} input[name="display_name"]`, name);
    await page.selectOption(`${form} select[name="role"]`, "agent");
    await page.fill(`${form} input[name="password"]`, AGENT_PASSWORD);
    await page.fill(`${form} input[name="extension"]`, extension);
    await page.selectOption(`${form} select[name="team_id"]`, { label: "Front desk" });
    await page.fill(`${form} input[name="skills.billing"]`, "6");
  });
}

Deno.test({
  name:
    "a new center is set up in the browser only, and its first call reaches an agent with audio both ways",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn", demo: false });
    const browser = await launchChromium();
    let sipp: Promise<SippResult> | undefined;
    try {
      const base = `http://127.0.0.1:${live.httpPort}`;
      const adminContext = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      const page = await adminContext.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("dialog", (d) => d.accept());

      await page.goto(`${base}/admin`);
      await page.fill('input[name="username"]', "admin");
      await page.fill('input[name="password"]', LIVE_ADMIN_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/admin$/);
      await page.locator('[data-testid="admin-checklist"] [data-testid="step-trunks"]').waitFor();
      assert.equal(
        await page.locator('[data-testid="step-queues"]').getAttribute("data-done"),
        "false",
      );

      await openSection(page, "center");
      await page.fill('[data-testid="admin-center"] input[name="name"]', "Harbour Street office");
      await page.click('[data-testid="admin-center"] [data-testid="save"]');
      await page.locator('[data-testid="admin-center"] [data-testid="notice"]').waitFor();

      // A refused value is shown at its field.
      await openSection(page, "skills");
      await page.click('[data-testid="admin-skills"] [data-testid="add"]');
      await page.fill('[data-testid="admin-skills"] input[name="name"]', "two words");
      await page.click('[data-testid="admin-skills"] [data-testid="save"]');
      await page.locator('[data-testid="admin-skills"] [data-testid="error-name"]').waitFor();

      await addThrough(page, "skills", async (form) => {
        await page.fill(`${form} input[name="name"]`, "billing");
        await page.fill(`${form} input[name="description"]`, "Invoices and payments");
      });
      await addThrough(page, "teams", async (form) => {
        await page.fill(`${form} input[name="name"]`, "Front desk");
      });
      await addAgent(page, "mei", "Li Mei", "3001");
      await addAgent(page, "tom", "Tom Hill", "3002");
      await addThrough(page, "queues", async (form) => {
        await page.fill(`${form} input[name="name"]`, "Billing");
        await page.fill(`${form} input[name="skills.billing"]`, "3");
        await page.locator(form).getByLabel("Li Mei (3001)").check();
        await page.locator(form).getByLabel("Tom Hill (3002)").check();
        await page.fill(`${form} input[name="wrap_up_s"]`, "5");
      });
      await addThrough(page, "trunks", async (form) => {
        await page.fill(`${form} input[name="name"]`, "Office PBX");
        await page.fill(`${form} input[name="host"]`, "127.0.0.1");
        await page.fill(`${form} input[name="allow_cidrs"]`, "127.0.0.1");
      });
      await addThrough(page, "numbers", async (form) => {
        await page.fill(`${form} input[name="number"]`, NUMBER);
        await page.selectOption(`${form} select[name="target_type"]`, "queue");
        await page.selectOption(`${form} select[name="target_id"]`, { label: "Billing" });
      });
      await openSection(page, "hours");
      await page.fill('[data-testid="admin-hours"] input[name="schedule"]', "office");
      for (const day of [6, 7]) {
        await page.check(`[data-testid="admin-hours"] input[name="open-${day}"]`);
      }
      await page.click('[data-testid="save-hours"]');
      await page.locator('[data-testid="admin-hours"] [role="status"]').first().waitFor();

      await addThrough(page, "dispositions", async (form) => {
        await page.fill(`${form} input[name="label"]`, "Paid in full");
        await page.fill(`${form} input[name="code"]`, "paid");
        await page.check(`${form} input[name="resolves"]`);
        await page.locator(form).getByLabel("Billing").check();
      });

      // A recording uploaded in the page can be played back there.
      await openSection(page, "prompts");
      await page.fill('[data-testid="admin-prompts"] input[name="name"]', "office_welcome");
      await page.setInputFiles('[data-testid="admin-prompts"] input[name="file"]', {
        name: "welcome.wav",
        mimeType: "audio/wav",
        buffer: Buffer.from(toneWav()),
      });
      await page.click('[data-testid="admin-prompts"] button[type="submit"]');
      await page.locator('[data-testid="admin-prompts"] audio[src*="office_welcome"]').waitFor();

      await openSection(page, "checklist");
      await page.locator('[data-testid="step-hours"][data-done="true"]').waitFor();
      assert.deepEqual(
        await page.locator('[data-testid="admin-checklist"] li').evaluateAll((items) =>
          items.map((li) => li.getAttribute("data-done"))
        ),
        ["true", "true", "true", "true", "true", "true", "true", "true"],
      );

      // Every screen in both languages, for people to look at.
      for (const lang of ["en", "zh-CN"]) {
        await page.selectOption('select[data-testid="lang-switch"]', lang);
        for (const section of SECTIONS) {
          await openSection(page, section);
          // A screen with a list shows its last record's form beside it.
          if (
            ["users", "teams", "skills", "reasons", "queues", "dispositions", "trunks", "numbers"]
              .includes(section)
          ) {
            await page.locator(`[data-testid="admin-${section}"] [data-testid="list"] button`)
              .last().click();
            await page.locator(`[data-testid="admin-${section}"] form`).waitFor();
          }
          if (section === "backups" && lang === "en") {
            await page.click('[data-testid="backup-now"]');
            await page.locator('[data-testid="admin-backups"] [data-testid="list"] a').waitFor();
          }
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${ARTIFACTS}/admin_${section}_${lang}.png` });
        }
      }

      // The new agent signs in elsewhere, goes ready, and answers the first call.
      const desk = await openDeskPage(browser, errors);
      await signInAgent(desk, base, "mei", AGENT_PASSWORD);
      await goReadyInPage(desk);

      sipp = runSipp({
        scenario: "desk_caller.xml",
        fill: { caller: "+8613912345678", digit: "1", menu_after_ms: "500" },
        target: `127.0.0.1:${live.sipPort}`,
        service: NUMBER,
        timeoutS: 90,
      });
      await desk.locator('[data-testid="incoming-call"]').waitFor({ timeout: 30_000 });
      await desk.click('[data-testid="answer"]');
      await desk.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });
      // Reading what happened is not setting up: the API answers which call is live.
      const observer = await live.api("admin");
      const callId = await until("the live call", async () => {
        const { calls } = await (await observer.get("/calls?state=live")).json();
        return calls[0]?.id as string | undefined;
      });
      await until("audio both ways in the browser", async () => {
        const p = await browserPackets(desk);
        return p.received > 0 && p.sent > 0;
      });
      const before = {
        browser: await browserPackets(desk),
        caller: { ...callerCounters(live, callId)! },
      };
      await new Promise((r) => setTimeout(r, 3000));
      const after = {
        browser: await browserPackets(desk),
        caller: { ...callerCounters(live, callId)! },
      };
      assert.ok(after.browser.received - before.browser.received > 50, "the caller is heard");
      assert.ok(after.browser.sent - before.browser.sent > 50, "the agent speaks");
      assert.ok(after.caller.packetsIn - before.caller.packetsIn > 50, "caller audio arrives");
      assert.ok(
        after.caller.packetsOut - before.caller.packetsOut > 50,
        "agent audio reaches the caller",
      );
      await desk.screenshot({ path: `${ARTIFACTS}/admin_setup_first_call.png` });

      await desk.click('[data-testid="hangup"]');
      const result = await sipp;
      sipp = undefined;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      assert.deepEqual(errors, []);
    } catch (error) {
      const caller = await sipp?.catch(() => undefined);
      sipp = undefined;
      console.error(live.logs.slice(-40).join("\n"));
      const admin = await live.api("admin");
      for (const path of ["/calls?limit=2", "/numbers", "/queues/status", "/agents", "/trunks"]) {
        console.error(path, await (await admin.get(path)).text());
      }
      if (caller) console.error(caller.errors || caller.output.slice(-1500));
      throw error;
    } finally {
      await sipp?.catch(() => {});
      await browser.close();
      await live.stop();
    }
  },
});
