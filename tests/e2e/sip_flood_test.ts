/**
 * A flood of OPTIONS from one loopback address while the trunk's PBX places calls: the
 * flood is blocked within 2 s, memory stays flat, and every call completes.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { spawnAppliance } from "../support/spawn_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { runSipp } from "../support/sipp.ts";

const FLOOD_PER_SECOND = 5000;
const FLOOD_MS = 4000;
const FLOODER = "127.0.0.2";

interface FloodResult {
  sent: number;
  answered: number;
  /** When the last answer came, in ms after the flood began. */
  lastAnswerMs: number;
}

/** Sends OPTIONS from `FLOODER` at `FLOOD_PER_SECOND` for `FLOOD_MS`, counting answers. */
async function flood(port: number, round: number): Promise<FloodResult> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, FLOODER, resolve));
  const local = socket.address().port;
  const start = performance.now();
  let answered = 0;
  let lastAnswerMs = 0;
  socket.on("message", () => {
    answered++;
    lastAnswerMs = performance.now() - start;
  });
  const encoder = new TextEncoder();
  let sent = 0;
  try {
    while (performance.now() - start < FLOOD_MS) {
      // Catch up with the wall clock, so timer jitter does not lower the rate.
      const due = Math.floor(((performance.now() - start) / 1000) * FLOOD_PER_SECOND);
      for (; sent < due; sent++) {
        const id = `${round}-${sent}`;
        socket.send(
          encoder.encode(
            `OPTIONS sip:cc@127.0.0.1:${port} SIP/2.0\r\n` +
              `Via: SIP/2.0/UDP ${FLOODER}:${local};branch=z9hG4bKflood${id}\r\n` +
              `From: <sip:scanner@${FLOODER}>;tag=${id}\r\nTo: <sip:cc@127.0.0.1>\r\n` +
              `Call-ID: flood-${id}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n` +
              `Content-Length: 0\r\n\r\n`,
          ),
          port,
          "127.0.0.1",
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    socket.close();
  }
  return { sent, answered, lastAnswerMs };
}

/** The appliance process's resident memory (its own, not this test's), in MB. */
function residentMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/^VmRSS:\s*(\d+) kB/m.exec(status)![1]) / 1024;
}

async function login(httpPort: number): Promise<(path: string) => Promise<Response>> {
  const base = `http://127.0.0.1:${httpPort}/api/v1`;
  const response = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin-secret-1" }),
  });
  assert.equal(response.status, 200);
  const cookie = response.headers.get("set-cookie")!.split(";")[0];
  await response.body?.cancel();
  return (path) => fetch(`${base}${path}`, { headers: { cookie } });
}

Deno.test({
  name:
    "a 5,000 OPTIONS/s flood from one address is blocked within 2 s, memory stays flat, and trunk calls all complete",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // Its own process, so the memory measured is the appliance's alone.
    const dir = await Deno.makeTempDir({ prefix: "cc-flood-" });
    const base = 20000 + Math.floor(Math.random() * 400) * 100;
    const app = await spawnAppliance(dir, [
      "--demo",
      "--demo-password",
      "demo-pass",
      "--rtp-ports",
      `${base}-${base + 99}`,
    ]);
    try {
      const sipPort = Number(/SIP listening .*port=(\d+)/.exec(app.output())![1]);
      const get = await login(app.httpPort);
      const calls = runSipp({
        scenario: "trunk_call.xml",
        fill: { caller: "+8613800138000" },
        target: `127.0.0.1:${sipPort}`,
        service: "1000",
        calls: 240,
        rate: 20,
        durationMs: 500,
        extra: ["-l", "40"],
        timeoutS: 60,
      });
      // The calls settle into their steady state (prompts cached, media warm) first.
      await new Promise((r) => setTimeout(r, 3000));
      const pid = app.process.pid;
      const before = residentMb(pid);
      const first = await flood(sipPort, 1);
      const afterFirst = residentMb(pid);
      // A block lasts a minute: a second burst within it meets the block at once.
      const second = await flood(sipPort, 2);
      const afterSecond = residentMb(pid);

      assert.ok(first.sent >= FLOOD_PER_SECOND * FLOOD_MS / 1000 * 0.9, `sent ${first.sent}`);
      assert.ok(
        first.lastAnswerMs < 2000,
        `answers went on for ${first.lastAnswerMs.toFixed(0)} ms`,
      );
      assert.ok(first.answered < 1000, `${first.answered} of ${first.sent} answered`);
      assert.equal(second.answered, 0);
      const stats = await (await get("/sip/stats")).json();
      assert.ok(stats.rateLimited + stats.dropped > first.sent * 0.5, JSON.stringify(stats));
      // A flood that left a transaction per message behind grew the appliance by about
      // 100 MB per burst like these. The first burst also sees the calls' own growth and
      // the heap taking in the flood's garbage; the second must leave memory where it was.
      const growth = `resident memory went from ${before.toFixed(0)} MB to ${
        afterFirst.toFixed(0)
      } MB and ${afterSecond.toFixed(0)} MB over two bursts of ${first.sent} messages`;
      assert.ok(afterSecond - afterFirst < 20, growth);
      assert.ok(afterSecond - before < 100, growth);

      const result = await calls;
      assert.equal(result.failed, 0, result.errors || result.output.slice(-2000));
      assert.equal(result.successful, 240);
    } finally {
      await app.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
