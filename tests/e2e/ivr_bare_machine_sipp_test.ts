/**
 * The demo on a machine without espeak-ng: the appliance runs as its own process with a
 * PATH that holds only Node and npm, so its prompts are spoken by the espeak-ng built into
 * the program. SIPp as the office PBX dials the demo number (DID 1000) twice: the first
 * caller listens, and the RTP sent to it is measured; the second presses 2 while the
 * welcome (about 4 s in Chinese, which no key interrupts) still plays, and the key, typed
 * ahead, answers the main menu.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { decodeG711, parseRtp } from "../../src/media/mod.ts";
import { hasPeer } from "../support/peers.ts";
import { type CallEvent, keys, pause } from "../support/ivr_calls.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";
import { type RunningProcess, spawnAppliance } from "../support/spawn_appliance.ts";

const options = {
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
};

const ADMIN_PASSWORD = "admin-secret-1"; // what spawnAppliance sets
const DEMO_PASSWORD = "demo-pass-1";

/** A PATH like a bare machine's: a folder with links to `node` and `npm` only. */
async function barePath(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cc-bare-path-" });
  for (const command of ["node", "npm"]) {
    for (const folder of (Deno.env.get("PATH") ?? "").split(":")) {
      try {
        await Deno.stat(`${folder}/${command}`);
        await Deno.symlink(`${folder}/${command}`, `${dir}/${command}`);
        break;
      } catch {
        // Not in this folder.
      }
    }
  }
  return dir;
}

interface Appliance {
  process: RunningProcess;
  sipPort: number;
  api(
    username: string,
    password: string,
  ): Promise<(method: string, path: string, body?: unknown) => Promise<Response>>;
}

async function startBare(pathDir: string): Promise<Appliance> {
  const data = await Deno.makeTempDir({ prefix: "cc-bare-" });
  const sipPort = await freeUdpPort();
  const rtp = 20000 + Math.floor(Math.random() * 400) * 100;
  const process = await spawnAppliance(
    data,
    ["--demo", "--sip-port", String(sipPort), "--rtp-ports", `${rtp}-${rtp + 99}`],
    { PATH: pathDir, CC_DEMO_PASSWORD: DEMO_PASSWORD },
  );
  const base = `http://127.0.0.1:${process.httpPort}/api/v1`;
  return {
    process,
    sipPort,
    async api(username, password) {
      const login = await fetch(`${base}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      assert.equal(login.status, 200, `login as ${username}`);
      const cookie = login.headers.get("set-cookie")!.split(";")[0];
      const { csrf_token } = await login.json();
      return (method, path, body) =>
        fetch(`${base}${path}`, {
          method,
          headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
    },
  };
}

/** The newest call from `caller` and its events, once the IVR has ended. */
async function callEvents(app: Appliance, caller: string): Promise<CallEvent[]> {
  const api = await app.api("super1", DEMO_PASSWORD);
  const { calls } = await (await api("GET", "/calls?limit=50")).json();
  const call = (calls as { id: string; caller: string }[]).find((c) => c.caller === caller);
  assert.ok(call, `no call from ${caller}`);
  for (let attempt = 0;; attempt++) {
    const { events } = await (await api("GET", `/calls/${call.id}`)).json();
    if ((events as CallEvent[]).some((e) => e.type === "ivr.result") || attempt >= 30) {
      return events;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function levelOf(pcm: Int16Array): number {
  let sum = 0;
  for (const sample of pcm) sum += Math.abs(sample);
  return pcm.length === 0 ? 0 : sum / pcm.length;
}

Deno.test({
  name:
    "without espeak-ng on PATH, the first caller hears a spoken welcome and 2 pressed during it reaches Support",
  ...options,
  fn: async () => {
    const pathDir = await barePath();
    const app = await startBare(pathDir);
    try {
      const admin = await app.api("admin", ADMIN_PASSWORD);
      const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        opens: "00:00",
        closes: "24:00",
      }));
      const opened = await admin("PUT", "/ivr/schedules/office", { hours, holidays: [] });
      assert.equal(opened.status, 200, await opened.text());

      // The first caller only listens: SIPp's SDP names this socket, and SIPp sends no RTP.
      const socket = dgram.createSocket("udp4");
      await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
      const levels: number[] = [];
      socket.on("message", (msg: Uint8Array) => {
        const parsed = parseRtp(new Uint8Array(msg));
        if (!parsed.ok || parsed.packet.payloadType !== 8) return;
        levels.push(levelOf(decodeG711("PCMA", parsed.packet.payload)));
      });
      try {
        const listened = await runSipp({
          scenario: "ivr_listen.xml",
          fill: { caller: "+8613900005555", rtp_port: String(socket.address().port) },
          target: `127.0.0.1:${app.sipPort}`,
          service: "1000",
          durationMs: 5000,
        });
        assert.equal(listened.code, 0, listened.errors || listened.output.slice(-1500));
      } finally {
        await new Promise<void>((resolve) => socket.close(() => resolve()));
      }
      assert.ok(levels.length > 200, `${levels.length} packets`);
      const spoken = levels.filter((level) => level > 300).length;
      assert.ok(spoken > 50, `${spoken} of ${levels.length} packets carry speech`);
      const mean = levels.reduce((sum, level) => sum + level, 0) / levels.length;
      assert.ok(mean > 100, `mean level ${mean.toFixed(0)}`);
      const first = await callEvents(app, "+8613900005555");
      const welcome = first.find((e) => e.type === "media.played");
      assert.ok(welcome, first.map((e) => e.type).join(", "));
      assert.ok((welcome.data.duration_ms as number) > 2000, JSON.stringify(welcome.data));
      assert.match(app.process.output(), /espeak-ng built into the program/);

      // The second caller presses 2 a second and a half into the welcome.
      const caller = "+8613900006666";
      const typed = await runSipp({
        scenario: "ivr_caller.xml",
        fill: { caller, steps: [pause(1500), keys("2"), pause(6000)].join("\n  ") },
        target: `127.0.0.1:${app.sipPort}`,
        service: "1000",
        timeoutS: 60,
      });
      assert.equal(typed.code, 0, typed.errors || typed.output.slice(-1500));
      const events = await callEvents(app, caller);
      const played = events.filter((e) => e.type === "media.played").map((e) => e.data);
      const names = (data: Record<string, unknown>) =>
        (data.items as { name?: string }[]).map((item) => item.name).join(",");
      assert.deepEqual(played.slice(0, 2).map(names), ["welcome", "main_menu"]);
      // The welcome was heard to its end; the menu stopped before a frame of it was sent.
      assert.equal(played[0].end, "done");
      assert.ok((played[0].duration_ms as number) > 2000, JSON.stringify(played[0]));
      assert.deepEqual([played[1].end, played[1].duration_ms], ["barged", 0]);
      const digits = events.find((e) => e.type === "ivr.digits");
      assert.deepEqual(digits?.data, { node: "menu", digits: "2", reason: "max" });
      const route = events.find((e) => e.type === "ivr.result")?.data.route as
        | Record<string, unknown>
        | undefined;
      assert.equal(route?.type, "queue");
      assert.equal(route?.queue, "Support");
    } finally {
      const status = await app.process.stop();
      await Deno.remove(pathDir, { recursive: true });
      await Deno.remove(app.process.dataDir, { recursive: true });
      assert.equal(status.code, 0, app.process.output().slice(-3000));
    }
  },
});
