/**
 * The call-flow editor, end to end. An admin starts a flow in Chromium, drags a menu, a
 * queue and a voicemail onto the canvas, wires "1" to the queue and "9" to voicemail
 * (the menu's mark goes away once its keys are wired), publishes and gives the flow a
 * number. SIPp, as the office PBX, calls that number, presses 9 and leaves a message,
 * which is stored; the traffic view then shows one caller on the arrow "9". The demo's
 * main menu opens laid out with no two boxes overlapping, and the simulator walks it to
 * Support with "2". Screenshots in English and Chinese go to tests/artifacts.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { until } from "../support/desktop.ts";
import { keys, openAllHours, pause, speech } from "../support/ivr_calls.ts";
import { LIVE_ADMIN_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { runSipp } from "../support/sipp.ts";

const NUMBER = "2000";
/** Past the welcome, which keys cannot interrupt, into the menu. */
const MENU_MS = 6500;
const BOX = { width: 200, height: 64 };

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="username"]', "admin");
  await page.fill('input[name="password"]', LIVE_ADMIN_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/admin$/);
}

/** Drags with the mouse from the centre of one element to the centre of another. */
async function dragBetween(page: Page, from: string, to: string): Promise<void> {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

function node(id: string): string {
  return `cc-flow-canvas g.node[data-node="${id}"]`;
}

async function marked(page: Page, id: string): Promise<boolean> {
  return await page.locator(`${node(id)} [data-testid="node-mark"]`).count() > 0;
}

/** Boxes of every node as the page draws them. */
async function boxes(page: Page): Promise<{ id: string; x: number; y: number }[]> {
  return await page.locator("cc-flow-canvas g.node").evaluateAll((nodes) =>
    nodes.map((n) => ({
      id: n.getAttribute("data-node")!,
      x: Number(n.getAttribute("data-x")),
      y: Number(n.getAttribute("data-y")),
    }))
  );
}

Deno.test({
  name:
    "an admin draws a menu to a queue and voicemail, publishes it, a caller leaves a message through it and the arrow counts them",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    try {
      await openAllHours(live);
      const base = `http://127.0.0.1:${live.httpPort}`;
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
        timezoneId: "Asia/Shanghai",
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signIn(page, base);

      // A new flow: the starter welcome and goodbye.
      await page.goto(`${base}/admin/flows`);
      await page.fill('cc-flows-panel input[name="name"]', "Drawn in the browser");
      await page.click('cc-flows-panel [data-testid="flow-new"]');
      await page.waitForURL(/\/admin\/flows\/\d+$/);
      const flowId = Number(new URL(page.url()).pathname.split("/").pop());
      await page.locator(node("welcome")).waitFor();

      // Drag a menu, a queue and a voicemail from the palette onto the canvas.
      const canvas = page.locator('cc-flow-canvas svg[data-testid="flow-canvas"]');
      const area = (await canvas.boundingBox())!;
      const drop = async (type: string, x: number, y: number) => {
        await page.locator(`[data-testid="palette"] button[data-type="${type}"]`).dragTo(canvas, {
          targetPosition: { x, y },
        });
        await page.locator(node(type)).waitFor();
      };
      await drop("menu", area.width * 0.35, area.height * 0.55);
      await drop("queue", area.width * 0.15, area.height * 0.85);
      await drop("voicemail", area.width * 0.6, area.height * 0.85);

      // The welcome leads to the menu; the menu offers 1 and 9, not wired yet: marked.
      await dragBetween(page, 'circle[data-port="welcome:next"]', node("menu"));
      await page.click(node("menu"));
      await page.fill('cc-node-properties [data-testid="menu-keys"]', "1 9");
      await page.press('cc-node-properties [data-testid="menu-keys"]', "Tab");
      await page.locator('circle[data-port="menu:9"]').waitFor();
      assert.ok(await marked(page, "menu"), "a menu with unwired keys is marked");

      await dragBetween(page, 'circle[data-port="menu:1"]', node("queue"));
      await page.waitForTimeout(600);
      assert.ok(await marked(page, "menu"), "key 9 is still unwired");
      await dragBetween(page, 'circle[data-port="menu:9"]', node("voicemail"));
      await until("the menu's mark gone", async () => !(await marked(page, "menu")) || undefined);
      // The server checks each edit: every node clears once it answers for the last one.
      for (const id of ["welcome", "menu", "queue", "voicemail", "goodbye"]) {
        await until(`${id} without a mark`, async () => !(await marked(page, id)) || undefined);
      }

      // Arranged by the automatic layout, then published with a comment.
      await page.click('cc-flow-editor button[title="L"]');
      const publish = page.locator('[data-testid="flow-publish"]');
      await until("Publish enabled", async () => (await publish.isEnabled()) || undefined);
      await page.fill('[data-testid="publish-comment"]', "Menu with queue and voicemail");
      await publish.click();
      await until(
        "version 1 published",
        async () =>
          /Version 1/.test(await page.locator('[data-testid="flow-status"]').textContent() ?? "") ||
          undefined,
      );

      // Give it a number; SIPp calls it, presses 9 and talks after the tone.
      const admin = await live.api("admin");
      const assigned = await admin.send("POST", "/numbers", {
        number: NUMBER,
        target_type: "ivr",
        target_id: flowId,
      });
      assert.equal(assigned.status, 201, await assigned.text());
      const result = await runSipp({
        scenario: "ivr_caller.xml",
        fill: {
          caller: "+8613900139000",
          steps: [pause(MENU_MS), keys("9"), pause(4500), speech(), pause(6000)].join("\n  "),
          bye_timeout_ms: "60000",
        },
        target: `127.0.0.1:${live.sipPort}`,
        service: NUMBER,
        timeoutS: 90,
      });
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const stored = await until("the voicemail stored", async () => {
        const { voicemails } = await (await (await live.api("super1")).get("/voicemails")).json();
        return (voicemails as { duration_ms: number }[])[0];
      });
      assert.ok(stored.duration_ms > 2000, `a message of ${stored.duration_ms} ms`);

      // The traffic view: one caller on the arrow "9", none on "1".
      await page.click('cc-flow-editor [data-tab="traffic"]');
      const onArrow = (exit: string) =>
        page.locator(`[data-testid="exit-traffic"][data-exit="menu:${exit}"] text`);
      await onArrow("9").waitFor();
      assert.equal((await onArrow("9").textContent())?.trim(), "1");
      assert.equal((await onArrow("1").textContent())?.trim(), "0");
      // In both languages, for the screenshots.
      await page.screenshot({ path: `${ARTIFACTS}/flow_editor_traffic.en.png` });
      await page.evaluate(() => localStorage.setItem("cc.lang", "zh-CN"));
      await page.reload();
      await page.click('cc-flow-editor [data-tab="traffic"]');
      await onArrow("9").waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${ARTIFACTS}/flow_editor_traffic.zh-CN.png` });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await live.stop();
    }
  },
});

Deno.test({
  name:
    "the demo's main menu opens laid out without overlapping boxes, and the simulator walks it to Support with 2",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    try {
      await openAllHours(live);
      const admin = await live.api("admin");
      const { flows } = await (await admin.get("/ivr/flows")).json();
      const main = (flows as { id: number; name: string }[]).find((f) => f.name === "Main menu")!;
      const base = `http://127.0.0.1:${live.httpPort}`;
      for (const locale of ["en-US", "zh-CN"]) {
        const lang = locale === "en-US" ? "en" : "zh-CN";
        const context = await browser.newContext({
          viewport: { width: 1366, height: 768 },
          locale,
          timezoneId: "Asia/Shanghai",
        });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await signIn(page, base);
        await page.goto(`${base}/admin/flows`);
        await page.locator('cc-flows-panel tr[data-flow="Main menu"]').waitFor();
        await page.screenshot({ path: `${ARTIFACTS}/flow_list.${lang}.png` });

        await page.goto(`${base}/admin/flows/${main.id}`);
        await page.locator(node("menu")).waitFor();
        await page.waitForTimeout(300);
        const drawn = await boxes(page);
        assert.ok(drawn.length >= 10, `${drawn.length} nodes drawn`);
        for (let i = 0; i < drawn.length; i++) {
          for (let j = i + 1; j < drawn.length; j++) {
            const a = drawn[i];
            const b = drawn[j];
            const overlap = a.x < b.x + BOX.width && b.x < a.x + BOX.width &&
              a.y < b.y + BOX.height && b.y < a.y + BOX.height;
            assert.ok(!overlap, `${a.id} and ${b.id} overlap`);
          }
        }
        await page.screenshot({ path: `${ARTIFACTS}/flow_editor.${lang}.png` });

        await page.click('cc-flow-editor [data-tab="simulator"]');
        await page.click('cc-flow-simulator [data-key="2"]');
        await page.click('cc-flow-simulator [data-testid="sim-run"]');
        const route = page.locator('cc-flow-simulator [data-testid="sim-route"]');
        await route.waitFor();
        assert.match((await route.textContent()) ?? "", /queue Support/);
        // The last step's node is highlighted on the canvas.
        await page.locator(`${node("support")}.current`).waitFor();
        await page.screenshot({ path: `${ARTIFACTS}/flow_simulator.${lang}.png` });
        assert.deepEqual(errors, []);
        await context.close();
      }
    } finally {
      await browser.close();
      await live.stop();
    }
  },
});
