import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { until } from "../support/desktop.ts";
import { startRegistrar } from "../support/kamailio_registrar.ts";
import { LIVE_ADMIN_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";

const ACCOUNT = "4008005678";
const SECRET = "reg-secret-42";

/** The trunks screen, opened afresh so its list is read again. */
async function trunkRegistrationText(page: Page): Promise<string> {
  await page.click('[data-testid="admin-nav"] button[data-section="numbers"]');
  await page.click('[data-testid="admin-nav"] button[data-section="trunks"]');
  const row = page.locator('[data-testid="admin-trunks"] [data-testid="list"] tbody tr').first();
  await row.waitFor();
  return (await row.textContent()) ?? "";
}

Deno.test({
  name:
    "the appliance registers to a PBX that checks digest credentials, the page shows it, and the PBX's call comes in on that trunk",
  ignore: !hasPeer("chromium") || !hasPeer("sipp") || !hasPeer("kamailio"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const registrar = await startRegistrar(SECRET);
    const live = await startLiveAppliance({ logLevel: "warn", demo: false });
    const browser = await launchChromium();
    try {
      // Where the call goes is not what this test is about: a queue and its number by API.
      const api = await live.api("admin");
      const queue = await (await api.send("POST", "/queues", { name: "Main" })).json();
      const number = await api.send("POST", "/numbers", {
        number: ACCOUNT,
        target_type: "queue",
        target_id: queue.queue.id,
      });
      assert.equal(number.status, 201, await number.text());

      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${live.httpPort}/admin`);
      await page.fill('input[name="username"]', "admin");
      await page.fill('input[name="password"]', LIVE_ADMIN_PASSWORD);
      await page.click('button[type="submit"]');
      await page.click('[data-testid="admin-nav"] button[data-section="trunks"]');

      // First with a wrong password: the registrar refuses, and the page says so.
      const form = '[data-testid="admin-trunks"] form';
      await page.click('[data-testid="admin-trunks"] [data-testid="add"]');
      await page.fill(`${form} input[name="name"]`, "Carrier");
      await page.fill(`${form} input[name="host"]`, "127.0.0.1");
      await page.fill(`${form} input[name="port"]`, String(registrar.port));
      await page.fill(`${form} input[name="username"]`, ACCOUNT);
      await page.fill(`${form} input[name="password"]`, "wrong-secret");
      await page.check(`${form} input[name="register"]`);
      await page.click('[data-testid="admin-trunks"] [data-testid="save"]');
      await page.locator('[data-testid="admin-trunks"] [data-testid="notice"]').waitFor();
      await until(
        "the refusal in the page",
        async () =>
          /Failed: the registrar refused the credentials/.test(await trunkRegistrationText(page)),
        15_000,
      );

      await page.locator('[data-testid="admin-trunks"] [data-testid="list"] button').first()
        .click();
      await page.fill(`${form} input[name="password"]`, SECRET);
      await page.click('[data-testid="admin-trunks"] [data-testid="save"]');
      await page.locator('[data-testid="admin-trunks"] [data-testid="notice"]').waitFor();
      await until(
        "Registered in the page",
        async () => /Registered/.test(await trunkRegistrationText(page)),
        15_000,
      );
      await page.screenshot({ path: `${ARTIFACTS}/admin_trunk_registered_en.png` });
      await page.selectOption('select[data-testid="lang-switch"]', "zh-CN");
      await page.locator('[data-testid="admin-trunks"] tbody tr').filter({ hasText: "已注册" })
        .waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/admin_trunk_registered_zh-CN.png` });

      // The PBX's caller dials the account; Kamailio relays to the contact we registered.
      const result = await runSipp({
        scenario: "acd_caller.xml",
        fill: { caller: "+8613700137000", rtp_port: String(await freeUdpPort()) },
        target: `127.0.0.1:${registrar.port}`,
        service: ACCOUNT,
        durationMs: 1500,
        timeoutS: 30,
      });
      assert.equal(
        result.code,
        0,
        `${result.errors || result.output.slice(-1500)}\n${registrar.output().slice(-2000)}`,
      );
      const { trunks } = await (await api.get("/trunks")).json();
      const { calls } = await (await api.get("/calls?limit=5")).json();
      assert.equal(calls.length, 1);
      assert.deepEqual([calls[0].trunk_id, calls[0].did, calls[0].queue_id], [
        trunks[0].id,
        ACCOUNT,
        queue.queue.id,
      ]);
      assert.equal(trunks[0].registration.state, "registered");
      assert.deepEqual(errors, []);
    } catch (error) {
      console.error(registrar.output().slice(-3000));
      console.error(live.logs.slice(-30).join("\n"));
      throw error;
    } finally {
      await browser.close();
      await live.stop();
      await registrar.stop();
    }
  },
});

Deno.test({
  name:
    "a PBX the appliance does not know by address gets in with the trunk's digest credentials, and not without them",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn", demo: false });
    try {
      const api = await live.api("admin");
      const queue = await (await api.send("POST", "/queues", { name: "Main" })).json();
      await api.send("POST", "/numbers", {
        number: ACCOUNT,
        target_type: "queue",
        target_id: queue.queue.id,
      });
      // No source addresses: the PBX is known only by its credentials.
      const created = await api.send("POST", "/trunks", {
        name: "Branch PBX",
        host: "192.0.2.20",
        username: "branch",
        password: SECRET,
      });
      const answer = await created.text();
      assert.equal(created.status, 201, answer);
      const { trunk } = JSON.parse(answer);

      const call = async (password: string) =>
        runSipp({
          scenario: "trunk_digest_caller.xml",
          fill: {
            caller: "+8613600136000",
            rtp_port: String(await freeUdpPort()),
            username: "branch",
            password,
          },
          target: `127.0.0.1:${live.sipPort}`,
          service: ACCOUNT,
          durationMs: 1000,
          timeoutS: 20,
        });
      const wrong = await call("not-the-secret");
      assert.notEqual(wrong.code, 0, "a wrong password does not get a call in");
      const right = await call(SECRET);
      assert.equal(right.code, 0, right.errors || right.output.slice(-1500));
      const { calls } = await (await api.get("/calls?limit=5")).json();
      assert.equal(calls.length, 1);
      assert.deepEqual([calls[0].trunk_id, calls[0].did], [trunk.id, ACCOUNT]);
    } catch (error) {
      console.error(live.logs.slice(-30).join("\n"));
      throw error;
    } finally {
      await live.stop();
    }
  },
});
