/**
 * The appliance dies (`kill -9`) with calls up: one in the IVR, one waiting in a queue.
 * The next start ends them in the history with cause "restart", and the queue's figures
 * count the waiting call as offered and abandoned.
 */
import assert from "node:assert/strict";
import { hasPeer } from "../support/peers.ts";
import { spawnAppliance } from "../support/spawn_appliance.ts";
import { runSipp, type SippResult } from "../support/sipp.ts";

const QUEUE_NUMBER = "3001";

interface Client {
  get(path: string): Promise<Record<string, unknown>>;
  send(method: string, path: string, body: unknown): Promise<Response>;
}

async function admin(httpPort: number): Promise<Client> {
  const base = `http://127.0.0.1:${httpPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin-secret-1" }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const { csrf_token } = await login.json();
  const headers = { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" };
  return {
    async get(path) {
      const response = await fetch(`${base}${path}`, { headers });
      assert.equal(response.status, 200, `GET ${path}`);
      return await response.json();
    },
    send: (method, path, body) =>
      fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) }),
  };
}

interface CallRow {
  id: string;
  state: string;
  caller: string;
  ended_at: string | null;
  end_cause: string | null;
}

Deno.test({
  name: "calls up when the appliance is killed are ended with cause restart when it starts again",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const data = await Deno.makeTempDir({ prefix: "cc-crash-" });
    const first = await spawnAppliance(data, ["--demo"], { CC_DEMO_PASSWORD: "demo-pass" });
    const callers: Promise<SippResult>[] = [];
    let second: Awaited<ReturnType<typeof spawnAppliance>> | undefined;
    try {
      const api = await admin(first.httpPort);
      const queues = (await api.get("/queues")).queues as { id: number; name: string }[];
      const sales = queues.find((q) => q.name === "Sales")!;
      const number = await api.send("POST", "/numbers", {
        number: QUEUE_NUMBER,
        target_type: "queue",
        target_id: sales.id,
      });
      assert.equal(number.status, 201, await number.text());
      const sipPort = Number(/SIP listening .*port=(\d+)/.exec(first.output())?.[1]);
      assert.ok(sipPort > 0, `no SIP port in the log:\n${first.output()}`);

      // Callers that stay on the line; the appliance dies under them.
      for (const [caller, service] of [["+15550001", "1000"], ["+15550002", QUEUE_NUMBER]]) {
        callers.push(runSipp({
          scenario: "trunk_call.xml",
          fill: { caller },
          target: `127.0.0.1:${sipPort}`,
          service,
          durationMs: 12_000,
          timeoutS: 25,
        }));
      }
      let live: CallRow[] = [];
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        live = (await api.get("/calls?state=live")).calls as CallRow[];
        const states = live.map((c) => c.state).sort();
        if (live.length === 2 && states[0] === "answered" && states[1] === "queued") break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(live.map((c) => c.state).sort(), ["answered", "queued"]);

      first.process.kill("SIGKILL");
      assert.equal((await first.stop()).signal, "SIGKILL");

      second = await spawnAppliance(data, [], {});
      const after = await admin(second.httpPort);
      assert.deepEqual((await after.get("/calls?state=live")).calls, []);
      for (const call of live) {
        const { call: row, events } = await after.get(`/calls/${call.id}`) as {
          call: CallRow;
          events: { type: string; data: Record<string, unknown> }[];
        };
        assert.equal(row.state, "ended");
        assert.equal(row.end_cause, "restart");
        assert.ok(row.ended_at);
        const ended = events.filter((e) => e.type === "call.ended");
        assert.deepEqual(ended.map((e) => e.data.cause), ["restart"]);
      }
      const status = (await after.get("/queues/status")).queues as {
        queue_id: number;
        calls_waiting: number;
        offered: number;
        answered: number;
        abandoned: number;
      }[];
      const figures = status.find((q) => q.queue_id === sales.id)!;
      assert.deepEqual(
        [figures.calls_waiting, figures.offered, figures.answered, figures.abandoned],
        [0, 1, 0, 1],
      );
      assert.match(second.output(), /calls left open by an earlier process were ended calls=2/);
    } finally {
      if (second) await second.stop();
      await first.stop();
      await Promise.all(callers);
      await Deno.remove(data, { recursive: true });
    }
  },
});
