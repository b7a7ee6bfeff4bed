import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { AlertWebhook, type Fetch } from "../../src/supervision/mod.ts";

const flush = () => new Promise((r) => setTimeout(r, 0));

function webhook(fetch: Fetch, url: string | null = "http://hooks.test/alerts") {
  const clock = new VirtualClock();
  const logs: string[] = [];
  const log = createLogger("supervision", { sink: (l) => logs.push(l), level: "debug" });
  const hook = new AlertWebhook({
    clock,
    log,
    url: () => url ?? undefined,
    fetch,
    attempts: 3,
    backoffMs: 1000,
    timeoutMs: 5000,
    maxPending: 2,
  });
  return { clock, logs, hook };
}

Deno.test("an alert is POSTed as JSON to the configured webhook", async () => {
  const seen: { url: string; init: RequestInit }[] = [];
  const { hook } = webhook((url, init) => {
    seen.push({ url, init });
    return Promise.resolve(new Response(null, { status: 204 }));
  });
  hook.send({ event: "alert.raised", alert: { key: "trunk_down:1" } });
  await hook.idle();
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, "http://hooks.test/alerts");
  assert.equal(seen[0].init.method, "POST");
  assert.deepEqual(JSON.parse(String(seen[0].init.body)), {
    event: "alert.raised",
    alert: { key: "trunk_down:1" },
  });
  assert.equal(hook.delivered, 1);
});

Deno.test("without a webhook URL nothing is sent", async () => {
  let calls = 0;
  const { hook } = webhook(() => {
    calls++;
    return Promise.resolve(new Response());
  }, null);
  hook.send({ event: "alert.raised" });
  await hook.idle();
  assert.equal(calls, 0);
});

Deno.test("a failing receiver is tried a bounded number of times with growing pauses, then given up", async () => {
  const tries: number[] = [];
  const { hook, clock, logs } = webhook(() => {
    tries.push(clock.now());
    return Promise.reject(new Error("connection refused"));
  });
  const start = clock.now();
  hook.send({ event: "alert.raised" });
  await flush();
  assert.equal(tries.length, 1);
  clock.advance(999);
  await flush();
  assert.equal(tries.length, 1, "the second try waits for the pause");
  clock.advance(1);
  await flush();
  assert.equal(tries.length, 2);
  clock.advance(2000);
  await flush();
  assert.equal(tries.length, 3);
  clock.advance(60_000);
  await hook.idle();
  assert.deepEqual(tries.map((t) => t - start), [0, 1000, 3000]);
  assert.equal(hook.failed, 1);
  assert.ok(logs.some((l) => l.includes("connection refused")));
});

Deno.test("a receiver that refuses the message (4xx) is not asked again", async () => {
  let calls = 0;
  const { hook } = webhook(() => {
    calls++;
    return Promise.resolve(new Response("no", { status: 400 }));
  });
  hook.send({ event: "alert.raised" });
  await hook.idle();
  assert.equal(calls, 1);
  assert.equal(hook.failed, 1);
});

Deno.test("send returns at once and keeps only the newest messages while the receiver hangs", async () => {
  const bodies: string[] = [];
  const { hook, clock } = webhook((_url, init) => {
    bodies.push(String(init.body));
    // Never answers; only the per-try timeout ends it.
    return new Promise((_resolve, reject) =>
      init.signal!.addEventListener("abort", () => reject(new Error("timed out")))
    );
  });
  for (let i = 0; i < 5; i++) hook.send({ n: i });
  assert.equal(hook.dropped, 2, "the queue holds two waiting messages beyond the one in flight");
  hook.close();
  clock.advance(5000);
  await hook.idle();
  assert.deepEqual(bodies.map((b) => JSON.parse(b).n), [0]);
});
