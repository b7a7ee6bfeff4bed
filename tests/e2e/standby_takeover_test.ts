/**
 * Two appliances on two loopback addresses: a primary on 127.0.0.2 and its standby on
 * 127.0.0.3, paired with the token the primary shows. Writes acknowledged by the primary
 * reach the standby's database within a second; the standby answers SIP with 503 while
 * passive; the primary is killed with SIGKILL and the standby takes over (next epoch),
 * with every acknowledged write, after the default 10 s of silence. Kamailio, as the office's
 * dispatcher probing both with OPTIONS, sends SIPp's calls to the primary, then to the
 * standby's IVR. An agent signed in on the primary finds the desktop on the standby by
 * itself, signed in and registered, and takes a call there. The old primary,
 * started again with the token the new one shows, follows it as a standby, and takes the
 * primary's place back when the admin asks for a switchover.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { createRequest } from "../../src/sip/core/mod.ts";
import { startKamailio } from "../support/kamailio_dispatcher.ts";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser.ts";
import { goReadyInPage, signInAgent } from "../support/desktop.ts";
import { hasPeer } from "../support/peers.ts";
import { SipUdpClient } from "../support/sip_udp_client.ts";
import { runSipp } from "../support/sipp.ts";
import { type RunningProcess, spawnAppliance } from "../support/spawn_appliance.ts";

const PRIMARY = "127.0.0.2";
const STANDBY = "127.0.0.3";
/** The demo center's main number, answered by its IVR. */
const IVR_NUMBER = "1000";
const DEMO_PASSWORD = "demo-pass-1";

async function signIn(host: string, httpPort: number) {
  const base = `http://${host}:${httpPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin-secret-1" }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const { csrf_token } = await login.json();
  const headers = { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" };
  return {
    get: (path: string) => fetch(`${base}${path}`, { headers }),
    post: (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) }),
    put: (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: "PUT", headers, body: JSON.stringify(body) }),
  };
}

async function health(host: string, httpPort: number) {
  const response = await fetch(`http://${host}:${httpPort}/api/v1/health`);
  return await response.json() as {
    role: string;
    replication?: {
      epoch: number;
      state: string;
      applied_seq?: number;
      head_seq: number;
      last_contact_s?: number;
      peer?: string;
    };
  };
}

/** Customers in the standby's database file, read the way any other reader would. */
function customersOnDisk(dataDir: string): string[] {
  const db = new DatabaseSync(`${dataDir}/callcenter.db`, { readOnly: true });
  try {
    return (db.prepare("SELECT name FROM customers ORDER BY id").all() as { name: string }[])
      .map((row) => row.name);
  } finally {
    db.close();
  }
}

async function options(client: SipUdpClient, host: string, port: number, seq: number) {
  const request = createRequest({ method: "OPTIONS", uri: `sip:${host}:${port}` });
  request.headers.append("Via", `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKe${seq}`);
  request.headers.append("From", `<sip:probe@127.0.0.1>;tag=e${seq}`);
  request.headers.append("To", `<sip:cc@${host}>`);
  request.headers.append("Call-ID", `standby-e2e-${seq}`);
  request.headers.append("CSeq", `${seq} OPTIONS`);
  client.send(request, port, host);
  return (await client.response(`${seq} OPTIONS`)).status;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

function sipPortOf(process: RunningProcess): number {
  const port = Number(/SIP listening .*port=(\d+)/.exec(process.output())?.[1]);
  assert.ok(port > 0, `no SIP port in the log:\n${process.output()}`);
  return port;
}

Deno.test({
  name:
    "the standby replicates the primary, and takes over with every acknowledged write when it is killed",
  ignore: !hasPeer("sipp") || !hasPeer("kamailio") || !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const primaryDir = await Deno.makeTempDir({ prefix: "cc-primary-" });
    const standbyDir = await Deno.makeTempDir({ prefix: "cc-standby-" });
    const sip = await SipUdpClient.open("127.0.0.1");
    let primary: RunningProcess | undefined;
    let standby: RunningProcess | undefined;
    let kamailio: Awaited<ReturnType<typeof startKamailio>> | undefined;
    let rejoined: RunningProcess | undefined;
    let browser: Browser | undefined;
    try {
      primary = await spawnAppliance(primaryDir, ["--bind", PRIMARY, "--demo"], {
        CC_DEMO_PASSWORD: DEMO_PASSWORD,
      });
      const pairing = /--standby-of (\S+) --pair-token (\S+)/.exec(primary.output());
      assert.ok(pairing, `no pair token shown:\n${primary.output()}`);
      const onPrimary = await signIn(PRIMARY, primary.httpPort);
      // The office is open at any hour, so the IVR sends callers to the queues.
      const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        opens: "00:00",
        closes: "24:00",
      }));
      const open = await onPrimary.put("/ivr/schedules/office", { hours, holidays: [] });
      assert.equal(open.status, 200, await open.text());
      const before = await onPrimary.post("/customers", { name: "Written before pairing" });
      assert.equal(before.status, 201, await before.text());

      // A closed recording: files follow the database to the standby.
      await Deno.mkdir(`${primaryDir}/recordings/e2e`, { recursive: true });
      await Deno.writeTextFile(`${primaryDir}/recordings/e2e/closed.wav`, "RIFF audio");
      const old = new Date(Date.now() - 60_000);
      await Deno.utime(`${primaryDir}/recordings/e2e/closed.wav`, old, old);

      standby = await spawnAppliance(standbyDir, [
        "--bind",
        STANDBY,
        "--role",
        "standby",
        "--standby-of",
        pairing[1],
        "--pair-token",
        pairing[2],
      ]);
      assert.equal((await health(STANDBY, standby.httpPort)).role, "standby");
      assert.ok(customersOnDisk(standbyDir).includes("Written before pairing"));

      // Passive: a dispatcher's probe hears 503, so calls go to the primary.
      const standbySip = sipPortOf(standby);
      assert.equal(await options(sip, STANDBY, standbySip, 1), 503);
      assert.equal(await options(sip, PRIMARY, sipPortOf(primary), 2), 200);
      kamailio = await startKamailio([
        `${PRIMARY}:${sipPortOf(primary)}`,
        `${STANDBY}:${standbySip}`,
      ]);
      const callThroughDispatcher = (caller: string) =>
        runSipp({
          scenario: "trunk_call.xml",
          fill: { caller },
          target: `${kamailio!.address}:${kamailio!.port}`,
          service: IVR_NUMBER,
          durationMs: 500,
          timeoutS: 8,
        });
      const first = await until("a call through the dispatcher", async () => {
        const result = await callThroughDispatcher("+15550100");
        return result.successful === 1 ? result : undefined;
      }, 20_000);
      assert.equal(first.successful, 1);

      // Each acknowledged write is on the standby's disk within a second.
      const acknowledged = ["Written before pairing"];
      for (let i = 1; i <= 20; i++) {
        const name = `Customer ${i}`;
        const created = await onPrimary.post("/customers", { name });
        assert.equal(created.status, 201);
        acknowledged.push(name);
        const started = performance.now();
        await until(
          `"${name}" on the standby`,
          () => Promise.resolve(customersOnDisk(standbyDir).includes(name) ? true : undefined),
          1000,
        );
        assert.ok(performance.now() - started < 1000);
      }
      await until(
        "the recording on the standby",
        () => Deno.readTextFile(`${standbyDir}/recordings/e2e/closed.wav`),
        5000,
      );
      const seen = await health(PRIMARY, primary.httpPort);
      assert.equal(seen.replication?.state, "primary");
      assert.ok((seen.replication?.last_contact_s ?? 99) < 3, "the primary hears its standby");
      const refused = await fetch(`http://${STANDBY}:${standby.httpPort}/api/v1/customers?q=C`);
      assert.equal(refused.status, 503);
      assert.match((await refused.json()).error.message, new RegExp(`at ${pairing[1]}`));
      const following = await health(STANDBY, standby.httpPort);
      assert.equal(following.replication?.state, "following");
      assert.equal(following.replication?.epoch, 1);
      assert.equal(
        seen.replication?.peer,
        `https://${STANDBY}:${standby.httpsPort}`,
        "the primary names its standby by the address it serves on",
      );

      // An agent works on the primary: the desktop keeps a failover ticket and knows where
      // the standby is. (The standby's certificate is self-signed, like the primary's.)
      browser = await launchChromium();
      const context = await browser.newContext({ locale: "en-US", ignoreHTTPSErrors: true });
      await context.grantPermissions(["microphone"]);
      const page = await context.newPage();
      await signInAgent(page, `http://${PRIMARY}:${primary.httpPort}`, "agent3", DEMO_PASSWORD);
      await goReadyInPage(page);
      // The ticket is written on the primary and reaches the standby within a second.
      await new Promise((resolve) => setTimeout(resolve, 2000));

      // Writes keep coming while the primary is killed under them.
      const load: { name: string; at: number }[] = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const name = `Load ${i}`;
          const created = await onPrimary.post("/customers", { name }).catch(() => undefined);
          if (created?.status !== 201) break;
          load.push({ name, at: performance.now() });
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      primary.process.kill("SIGKILL");
      const killedAt = performance.now();
      writing = false;
      await writer;
      await primary.stop();
      await until(
        "the standby to take over",
        async () =>
          (await health(STANDBY, standby!.httpPort)).role === "primary" ? true : undefined,
        30_000,
      );
      const tookMs = performance.now() - killedAt;
      console.log(`standby took over ${Math.round(tookMs)} ms after the kill`);
      let attempt = 0;
      await until("a call through the dispatcher answered by the standby", async () => {
        const result = await callThroughDispatcher(`+1555020${attempt++ % 10}`);
        return result.successful === 1 ? true : undefined;
      }, Math.max(1000, 30_000 - (performance.now() - killedAt)));
      const answeredMs = performance.now() - killedAt;
      console.log(
        `a call through the dispatcher was answered ${Math.round(answeredMs)} ms after the kill`,
      );
      assert.ok(answeredMs < 30_000);

      // The agent's desktop moved to the box that took over by itself: signed in with its
      // ticket, told what happened, registered again; it takes a call that came through the
      // dispatcher and the IVR (2: Support, where agent3 is).
      try {
        const moved = performance.now();
        await page.locator('[data-testid="sip-status"][data-state="registered"]').waitFor({
          timeout: 45_000,
        });
        await page.waitForURL(new RegExp(`^https://${STANDBY.replaceAll(".", "\\.")}:`), {
          timeout: 1000,
        });
        assert.equal(await page.locator('cc-app [data-testid="failover-notice"]').count(), 1);
        console.log(
          `the agent's desktop was registered on the standby ${
            Math.round(performance.now() - killedAt)
          } ms after the kill (${Math.round(performance.now() - moved)} ms after the checks)`,
        );
        // Ready when the primary died, back within seconds: ready again, nobody pressed it.
        await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor({
          timeout: 5_000,
        });
        const caller = runSipp({
          scenario: "desk_caller.xml",
          fill: { caller: "+15550300", digit: "2", menu_after_ms: "7000" },
          target: `${kamailio.address}:${kamailio.port}`,
          service: IVR_NUMBER,
          timeoutS: 60,
        });
        await page.locator('[data-testid="incoming-call"]').waitFor({ timeout: 40_000 });
        await page.click('[data-testid="answer"]');
        await page.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });
        await page.click('[data-testid="hangup"]');
        const called = await caller;
        assert.equal(called.successful, 1, called.errors || called.output.slice(-2000));
      } finally {
        await browser.close();
        browser = undefined;
      }
      const promoted = await health(STANDBY, standby.httpPort);
      assert.equal(promoted.replication?.state, "primary");
      assert.equal(promoted.replication?.epoch, 2);
      assert.equal(await options(sip, STANDBY, standbySip, 3), 200);

      const onDisk = new Set(customersOnDisk(standbyDir));
      const due = load.filter((write) => write.at < killedAt - 1000);
      assert.ok(due.length > 10, `only ${due.length} writes acknowledged before the last second`);
      for (const write of due) assert.ok(onDisk.has(write.name), `${write.name} was lost`);
      const late = load.filter((write) => write.at >= killedAt - 1000);
      console.log(
        `${load.length} writes under load: all ${due.length} acknowledged more than 1 s ` +
          `before the kill are on the standby, and ${
            late.filter((w) => onDisk.has(w.name)).length
          } of the ${late.length} of the last second`,
      );
      const onStandby = await signIn(STANDBY, standby.httpPort);
      const names: string[] = [];
      for (const start of ["Customer", "Written"]) {
        const listed = await onStandby.get(`/customers?q=${start}&limit=100`);
        assert.equal(listed.status, 200, await listed.clone().text());
        names.push(...((await listed.json()).customers as { name: string }[]).map((c) => c.name));
      }
      for (const name of acknowledged) assert.ok(names.includes(name), `${name} was lost`);
      const after = await onStandby.post("/customers", { name: "Written after takeover" });
      assert.equal(after.status, 201);
      // The calls the standby answered are in its own history, after the primary's.
      const calls = await onStandby.get("/calls?limit=100");
      assert.equal(calls.status, 200, await calls.clone().text());
      const callers = ((await calls.json()).calls as { caller: string }[]).map((c) => c.caller);
      assert.ok(callers.includes("+15550100"), `the primary's call replicated: ${callers}`);
      assert.ok(callers.some((c) => c.startsWith("+1555020")), `the standby's call: ${callers}`);

      // Failback's first half: the old primary comes back as the new one's standby.
      const again = /--standby-of (\S+) --pair-token (\S+)/.exec(
        standby.output().slice(standby.output().indexOf("promoted to primary")),
      );
      assert.ok(again, `the new primary shows no pair token:\n${standby.output()}`);
      rejoined = await spawnAppliance(primaryDir, [
        "--bind",
        PRIMARY,
        "--role",
        "standby",
        "--standby-of",
        again[1],
        "--pair-token",
        again[2],
      ]);
      const back = await health(PRIMARY, rejoined.httpPort);
      assert.equal(back.role, "standby");
      assert.equal(back.replication?.epoch, 2);
      assert.ok(customersOnDisk(primaryDir).includes("Written after takeover"));
      assert.equal(await options(sip, PRIMARY, sipPortOf(rejoined), 4), 503);
      const later = await onStandby.post("/customers", { name: "Written after failback" });
      assert.equal(later.status, 201);
      await until("the write on the old primary", () =>
        Promise.resolve(
          customersOnDisk(primaryDir).includes("Written after failback") ? true : undefined,
        ), 1000);

      // Failback's second half, by the admin's choice: the new primary hands back.
      const handover = await onStandby.post("/replication/switchover", {});
      assert.equal(handover.status, 200, await handover.clone().text());
      const switched = performance.now();
      await until(
        "the old primary to be the primary again",
        async () =>
          (await health(PRIMARY, rejoined!.httpPort)).role === "primary" ? true : undefined,
        10_000,
      );
      console.log(`switched back in ${Math.round(performance.now() - switched)} ms`);
      assert.equal((await health(PRIMARY, rejoined.httpPort)).replication?.epoch, 3);
      assert.equal((await health(STANDBY, standby.httpPort)).role, "standby");
      assert.equal(await options(sip, PRIMARY, sipPortOf(rejoined), 5), 200);
      assert.equal(await options(sip, STANDBY, standbySip, 6), 503);
      const home = await signIn(PRIMARY, rejoined.httpPort);
      const found = await home.get("/customers?q=Written");
      const namesBack = ((await found.json()).customers as { name: string }[]).map((c) => c.name);
      assert.ok(namesBack.includes("Written after failback"), `${namesBack}`);
    } finally {
      sip.close();
      await browser?.close();
      await kamailio?.stop();
      await rejoined?.stop();
      await standby?.stop();
      await primary?.stop();
      await Deno.remove(primaryDir, { recursive: true });
      await Deno.remove(standbyDir, { recursive: true });
    }
  },
});
