import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { formatClock } from "../../ui/agent/agent_state_rules.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import {
  goReady,
  loggedIn,
  phone,
  QUEUE_NUMBER,
  salesLine,
  userIds,
  withAppliance,
} from "../support/acd_line.ts";
import { LIVE_DEMO_PASSWORD } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { freeUdpPort, runSipp, type SippResult } from "../support/sipp.ts";

/** Sales' agents and their desk phones (SIPp), all answering. */
const AGENTS = [["agent1", "1001"], ["agent2", "1002"], ["agent4", "1004"], ["agent5", "1005"]];
const CALLS = 36;
/** How long the page may trail the API: one publishing period (250 ms), the socket, a render. */
const MAX_LAG_MS = 1500;

interface QueueStatus {
  name: string;
  calls_waiting: number;
  longest_wait_s: number;
  service_level: number | null;
  asa_s: number | null;
  abandon_rate: number | null;
  answered: number;
  agents: Record<string, number>;
}

/** The figures as the wallboard writes them, from the API's numbers. */
function expected(q: QueueStatus): Record<string, string> {
  return {
    waiting: String(q.calls_waiting),
    "service-level": q.service_level === null ? "—" : `${q.service_level}%`,
    asa: q.asa_s === null ? "—" : formatClock(Math.round(q.asa_s)),
    "abandon-rate": q.abandon_rate === null ? "—" : `${q.abandon_rate}%`,
    answered: String(q.answered),
    ready: String(q.agents.ready ?? 0),
    on_call: String(q.agents.on_call ?? 0),
    wrap_up: String(q.agents.wrap_up ?? 0),
    not_ready: String(q.agents.not_ready ?? 0),
  };
}

/** What the Sales tile shows now (the words for screen readers left out), and its longest wait. */
async function onScreen(tile: Locator): Promise<{ figures: Record<string, string>; wait: number }> {
  return await tile.evaluate((section) => {
    const text = (el: Element | null) =>
      el
        ? [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)
          .join("").trim()
        : "";
    const figures: Record<string, string> = {};
    for (const id of ["waiting", "service-level", "asa", "abandon-rate", "answered"]) {
      figures[id] = text(section.querySelector(`[data-testid="figure-${id}"] dd`));
    }
    for (const li of section.querySelectorAll('[data-testid="wallboard-agents"]')) {
      figures[li.getAttribute("data-state")!] = li.querySelector("strong")!.textContent!.trim();
    }
    const [m, s] = text(section.querySelector('[data-testid="figure-longest-wait"] dd')).split(
      ":",
    );
    return { figures, wait: Number(m) * 60 + Number(s) };
  });
}

Deno.test({
  name:
    "under load from SIPp callers and four agents, the wallboard shows the figures GET /queues/status gives at the same moment",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withAppliance(async (live, phones) => {
      await salesLine(live, { wrap_up_s: 1 });
      const ids = await userIds(live);
      for (const [, extension] of AGENTS) {
        phones.push(await phone(live, extension, "agent_uas.xml", { calls: CALLS }));
      }
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, AGENTS.map(([name]) => name));
      for (const [name] of AGENTS) await goReady(live, name, ids.get(name)!);
      const api = await live.api("super1");

      const browser = await launchChromium();
      try {
        const context = await browser.newContext({
          viewport: { width: 1366, height: 768 },
          locale: "en-US",
        });
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${live.httpPort}/supervisor`);
        await page.fill('input[name="username"]', "super1");
        await page.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
        await page.click('button[type="submit"]');
        const tile = page.locator('[data-testid="wallboard"] [data-queue="Sales"]');
        await tile.waitFor();

        // Callers arrive faster than four agents can take them: some wait, some give up.
        let finished = false;
        const callers: Promise<SippResult> = runSipp({
          scenario: "acd_caller.xml",
          fill: { caller: "+8613800138000", rtp_port: String(await freeUdpPort()) },
          target: `127.0.0.1:${live.sipPort}`,
          service: QUEUE_NUMBER,
          calls: CALLS,
          rate: 3,
          durationMs: 5000,
          timeoutS: 120,
        }).finally(() => finished = true);

        const sales = async () =>
          ((await (await api.get("/queues/status")).json()).queues as QueueStatus[])
            .find((q) => q.name === "Sales")!;
        let samples = 0;
        let maxLag = 0;
        let mostWaiting = 0;
        let screenshot = false;
        while (!finished) {
          const started = Date.now();
          let last = "";
          for (;;) {
            // The page's figures are read between two reads of the API: they match "at the
            // same moment" when they equal either.
            const before = await sales();
            const shown = await onScreen(tile);
            const after = await sales();
            const same = [before, after].find((q) =>
              JSON.stringify(expected(q)) === JSON.stringify(shown.figures) &&
              Math.abs(shown.wait - q.longest_wait_s) <= 1
            );
            if (same) {
              mostWaiting = Math.max(mostWaiting, same.calls_waiting);
              if (!screenshot && same.calls_waiting >= 3) {
                screenshot = true;
                await page.screenshot({ path: `${ARTIFACTS}/supervision_wallboard_load.png` });
              }
              break;
            }
            last = `page ${JSON.stringify(shown)}\napi   ${
              JSON.stringify({ ...expected(after), wait: after.longest_wait_s })
            }`;
            if (Date.now() - started > MAX_LAG_MS) {
              assert.fail(`The wallboard trailed the API by over ${MAX_LAG_MS} ms:\n${last}`);
            }
            await new Promise((r) => setTimeout(r, 50));
          }
          maxLag = Math.max(maxLag, Date.now() - started);
          samples++;
          await new Promise((r) => setTimeout(r, 300));
        }
        const result = await callers;
        assert.equal(result.successful + result.failed, CALLS, result.errors.slice(-2000));
        const final = await sales();
        assert.ok(final.answered >= 4, `calls were answered: ${final.answered}`);
        assert.ok(mostWaiting >= 2, `callers queued up: at most ${mostWaiting} waited`);
        assert.ok(samples >= 20, `${samples} samples`);
        console.log(
          `${samples} samples under load, all equal to the API; the page trailed by at most ` +
            `${maxLag} ms; up to ${mostWaiting} waiting; ${final.answered} answered, ` +
            `SL ${final.service_level}%, abandon ${final.abandon_rate}%`,
        );
      } finally {
        await browser.close();
      }
    }),
});
