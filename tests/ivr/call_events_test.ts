import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  CallerHangupError,
  type IvrCallPort,
  type PlayItem,
  runFlow,
  ScriptedCall,
} from "../../src/ivr/mod.ts";
import { demoCenter } from "./_demo.ts";

interface EventRow {
  type: string;
  at: string;
  queue_id: number | null;
  data: string;
}

async function callEvents(
  callId: string,
): Promise<{ type: string; at: string; queue_id: number | null; data: Record<string, unknown> }[]> {
  const app = await demoCenter();
  return app.db.all<EventRow>(
    "SELECT type, at, queue_id, data FROM call_events WHERE call_id = ? ORDER BY seq",
    callId,
  )
    .map((r) => ({ type: r.type, at: r.at, queue_id: r.queue_id, data: JSON.parse(r.data) }));
}

function scriptedCall(
  callId: string,
  script: string,
  caller = "+8613800138000",
  at = "2026-05-04T10:00:00+08:00",
) {
  return new ScriptedCall(new VirtualClock(Date.parse(at)), callId, caller, "1000", script);
}

Deno.test("every step of a real run is a call_events row: started, nodes, digits, prompts and the result", async () => {
  const app = await demoCenter();
  const outcome = await app.ivr.runCall(scriptedCall("call-events-1", "3 12345#"));
  assert.deepEqual(outcome.route, { type: "self_service" });
  const events = await callEvents("call-events-1");
  assert.equal(events[0].type, "ivr.started");
  assert.equal(events.at(-1)!.type, "ivr.result");
  const entered = events.filter((e) => e.type === "ivr.node_entered").map((e) => e.data.node);
  assert.deepEqual(entered, [
    "identify",
    "hours",
    "welcome",
    "menu",
    "account",
    "status",
    "after_status",
    "goodbye",
  ]);
  assert.deepEqual(
    events.filter((e) => e.type === "ivr.digits").map((e) => [e.data.node, e.data.digits]),
    [["menu", "3"], ["account", "12345"], ["after_status", ""]],
  );
  // The caller heard the result: the status prompt is in the played items of the self-service node.
  const spoken = events.filter((e) => e.type === "ivr.played" && e.data.node === "status")
    .flatMap((e) => (e.data.items as { name?: string }[]).map((i) => i.name));
  assert.ok(spoken.includes("status_open"));
  assert.equal(events.at(-1)!.data.self_served, true);
  // Times come from the call's clock, in order.
  const times = events.map((e) => e.at);
  assert.deepEqual([...times].sort(), times);
  assert.ok(times[0].startsWith("2026-05-04T02:00:00"));
});

Deno.test("a run that ends in a queue records the queue on its result event", async () => {
  const app = await demoCenter();
  const outcome = await app.ivr.runCall(scriptedCall("call-events-2", "2"));
  assert.equal(outcome.route.type, "queue");
  const result = (await callEvents("call-events-2")).at(-1)!;
  assert.equal(result.queue_id, app.ivr.services.queueId("Support"));
  assert.equal((result.data.route as { queue: string }).queue, "Support");
});

Deno.test("a real voicemail is stored in the voicemails table, linked to the customer, and the IVR hangs up", async () => {
  const app = await demoCenter();
  const call = scriptedCall("call-events-3", "9 #");
  const outcome = await app.ivr.runCall(call);
  assert.equal(outcome.route.type, "voicemail");
  const row = app.db.get<
    { customer_id: number; call_id: string; duration_ms: number; flow_id: number }
  >(
    "SELECT customer_id, call_id, duration_ms, flow_id FROM voicemails WHERE call_id = 'call-events-3'",
  )!;
  assert.equal(row.customer_id, outcome.customerId);
  assert.equal(row.duration_ms, 8000);
  assert.equal(row.flow_id, app.ivr.flows.byName("Main menu")!.id);
  assert.ok(app.ivr.voicemailsOf(outcome.customerId!).some((v) => v.call_id === "call-events-3"));
  assert.equal(call.hungUpBy, "voicemail");
});

Deno.test("a real post-call survey stores its scores per call and agent", async () => {
  const app = await demoCenter();
  const agent = app.users.byUsername("agent2")!;
  const call = scriptedCall("call-events-4", "5 1");
  await app.ivr.runCall(call, { flowName: "Post-call survey", variables: { agent_id: agent.id } });
  const rows = app.db.all<{ question: string; score: number; agent_id: number }>(
    "SELECT question, score, agent_id FROM surveys WHERE call_id = 'call-events-4' ORDER BY id",
  ).map((r) => [r.question, r.score, r.agent_id]);
  assert.deepEqual(rows, [["satisfaction", 5, agent.id], ["resolved", 1, agent.id]]);
});

Deno.test("a real callback request is stored with the caller's place", async () => {
  const app = await demoCenter();
  await app.ivr.runCall(
    scriptedCall("call-events-5", "2", "+8613911112222", "2026-05-04T23:30:00+08:00"),
  );
  const row = app.db.get<{ number: string; place_at: string; status: string; queue_id: number }>(
    "SELECT number, place_at, status, queue_id FROM callbacks WHERE call_id = 'call-events-5'",
  )!;
  assert.deepEqual({ ...row }, {
    number: "+8613911112222",
    place_at: "2026-05-04T15:30:00.000Z",
    status: "pending",
    queue_id: app.ivr.services.queueId("Support")!,
  });
});

Deno.test("when the call layer aborts the run, it ends as a caller hang-up at the node the caller was in", async () => {
  const app = await demoCenter();
  const clock = new VirtualClock(Date.parse("2026-05-04T10:00:00+08:00"));
  const heard: string[] = [];
  const hangup = new AbortController();
  // A call whose prompts last until the caller hangs up, as a real media leg would.
  const port: IvrCallPort = {
    callId: "call-events-6",
    caller: "+8613800138000",
    dialed: "1000",
    clock,
    play(items: readonly PlayItem[], { signal }) {
      heard.push(...items.map((i) => i.kind === "prompt" ? i.name : i.kind));
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(new CallerHangupError()))
      );
    },
    collect: () => Promise.reject(new Error("not reached")),
    recordVoicemail: () => Promise.reject(new Error("not reached")),
    clearKeys: () => {},
    pauseRecording: () => Promise.reject(new Error("not reached")),
    resumeRecording: () => {},
    hangup: () => Promise.reject(new Error("the IVR must not hang up on a caller who left")),
  };
  const running = app.ivr.runCall(port, { signal: hangup.signal });
  await new Promise((resolve) => setTimeout(resolve, 10));
  hangup.abort();
  const outcome = await running;
  assert.deepEqual(outcome.route, { type: "hangup", reason: "caller" });
  assert.equal(outcome.lastNode, "welcome");
  assert.deepEqual(heard, ["welcome"]);
  const result = (await callEvents("call-events-6")).at(-1)!;
  assert.deepEqual([result.type, result.data.node], ["ivr.result", "welcome"]);
});

Deno.test("runFlow is the same interpreter for any port: a flow parsed once runs for many calls", async () => {
  const app = await demoCenter();
  const flow = app.ivr.flowForDid("1000")!;
  const events: string[] = [];
  const outcomes = await Promise.all(["1", "2", "0"].map((digits, i) =>
    runFlow(flow, {
      call: scriptedCall(`parallel-${i}`, digits),
      services: app.ivr.services,
      events: { append: (e) => events.push(e.type) },
    })
  ));
  assert.deepEqual(outcomes.map((o) => o.route.type === "queue" && o.route.queue), [
    "Sales",
    "Support",
    "Support",
  ]);
  assert.equal(events.filter((t) => t === "ivr.result").length, 3);
});

Deno.test("running a DID without a published flow is refused with a message naming it", async () => {
  const app = await demoCenter();
  const call = new ScriptedCall(new VirtualClock(0), "x", "+1", "4242", "");
  assert.throws(() => app.ivr.runCall(call), /No published IVR flow for DID 4242/);
});

Deno.test("a caller's hang-up is signalled without a stack trace, and other errors keep theirs", () => {
  const hangup = new CallerHangupError();
  assert.equal(hangup.message, "The caller hung up");
  assert.doesNotMatch(hangup.stack ?? "", /\n\s+at /);
  assert.match(new Error("a fault").stack ?? "", /\n\s+at /);
});
