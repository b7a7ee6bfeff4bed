import assert from "node:assert/strict";
import { QueueDeskError } from "../../src/queues/mod.ts";
import { deskWorld } from "./_desk.ts";
import { waitFor } from "../support/wait_for.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

function eventTypes(world: Awaited<ReturnType<typeof deskWorld>>, callId: string): string[] {
  return world.app.calls.journal.events(callId).map((e) => e.type);
}

Deno.test({
  name: "a queued call rings the agent ready longest, carries its call id, and connects on answer",
  ...options,
  async fn() {
    await using world = await deskWorld();
    world.register("agent2");
    world.register("agent5");
    world.ready("agent2");
    world.app.clock.advance(1000);
    world.ready("agent5");
    const { call, player } = world.placeCall({ queueName: "Sales" });
    assert.ok(player.playing, "music plays while the call waits");
    await world.ringing(1);
    assert.equal(world.legs.length, 1);
    const leg = world.legs[0];
    assert.match(leg.options.to!, /sip:1002@/);
    assert.equal(leg.header("X-CC-Call-Id"), call.id);
    assert.equal(leg.header("X-CC-Queue"), "Sales");
    leg.answer();
    await world.settle();
    assert.equal(call.state, "connected");
    assert.equal(player.playing, false, "music stops when the agent answers");
    assert.equal(world.state("agent2").state, "on_call");
    const types = eventTypes(world, call.id);
    assert.deepEqual(types.filter((t) => t.startsWith("queue.") || t === "call.connected"), [
      "queue.entered",
      "queue.offered",
      "queue.answered",
      "call.connected",
    ]);
    const contact = world.app.db.get<{ agent_id: number; customer_id: number }>(
      "SELECT agent_id, customer_id FROM interactions WHERE call_id = ?",
      call.id,
    );
    assert.equal(contact?.agent_id, world.ids.get("agent2"));
    assert.ok(contact?.customer_id, "the caller is the demo customer");
  },
});

Deno.test({
  name:
    "no answer within the ring timeout cancels the leg, makes the agent not ready (rona) and rings the next",
  ...options,
  async fn() {
    await using world = await deskWorld();
    world.register("agent2");
    world.register("agent5");
    world.ready("agent2");
    world.app.clock.advance(1000);
    world.ready("agent5");
    const { call } = world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    world.app.clock.advance(20_000); // the queue's default ring timeout
    await world.settle();
    assert.equal(world.legs[0].ended, true);
    assert.equal(world.legs[0].endCause?.reason, "cancel");
    assert.deepEqual(world.state("agent2"), { state: "not_ready", reason: "rona" });
    await world.ringing(2);
    assert.equal(world.legs.length, 2);
    assert.match(world.legs[1].options.to!, /sip:1005@/);
    const types = eventTypes(world, call.id).filter((t) => t.startsWith("queue."));
    assert.deepEqual(types, [
      "queue.entered",
      "queue.offered",
      "queue.not_answered",
      "queue.requeued",
      "queue.offered",
    ]);
    const log = world.app.db.all<{ state: string; reason: string | null }>(
      "SELECT state, reason FROM agent_state_log WHERE user_id = ? ORDER BY id",
      world.ids.get("agent2")!,
    );
    assert.deepEqual(log.map((r) => `${r.state}:${r.reason ?? ""}`), [
      "not_ready:login",
      "ready:",
      "ringing:",
      "not_ready:rona",
    ]);
  },
});

Deno.test({
  name: "a phone that declines (486) re-queues the call at once and the next agent rings",
  ...options,
  async fn() {
    await using world = await deskWorld();
    world.register("agent1");
    world.register("agent5");
    world.ready("agent1");
    world.app.clock.advance(1000);
    world.ready("agent5");
    world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    world.legs[0].end({ reason: "rejected", by: "remote", status: 486 });
    await world.settle();
    await world.ringing(2);
    assert.equal(world.legs.length, 2);
    assert.match(world.legs[1].options.to!, /sip:1005@/);
    assert.equal(world.state("agent1").reason, "rona");
  },
});

Deno.test({
  name: "the caller hanging up while an agent rings cancels that leg and counts an abandon",
  ...options,
  async fn() {
    await using world = await deskWorld();
    world.register("agent2");
    world.ready("agent2");
    const { call, leg } = world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    leg.end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(world.legs[0].ended, true);
    assert.equal(world.state("agent2").state, "ready");
    assert.ok(eventTypes(world, call.id).includes("queue.abandoned"));
    assert.equal(world.desk.engine.callCount, 0);
  },
});

Deno.test({
  name:
    "the agent hanging up ends the caller's leg as agent_hangup; wrap-up follows, then ready again",
  ...options,
  async fn() {
    await using world = await deskWorld();
    world.register("agent2");
    world.ready("agent2");
    const { call, leg: callerLeg } = world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    world.legs[0].answer();
    await world.settle();
    world.app.clock.advance(45_000);
    world.legs[0].end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(callerLeg.ended, true);
    assert.equal(call.endCause, "agent_hangup");
    assert.equal(world.state("agent2").state, "wrap_up");
    const ends = world.desk.wrapUpEndsAt(world.ids.get("agent2")!);
    assert.equal(ends, world.app.clock.now() + 30_000, "default wrap-up is 30 s");
    world.app.clock.advance(30_000);
    assert.equal(world.state("agent2").state, "ready");
    const done = world.app.calls.journal.events(call.id).find((e) => e.type === "agent.work_done");
    assert.deepEqual(done?.data, {
      agent: "agent2",
      handle_ms: 75_000,
      talk_ms: 45_000,
      acw_ms: 30_000,
    });
  },
});

Deno.test({
  name: "an expired registration logs the agent out and the call ringing there goes to the next",
  ...options,
  async fn() {
    await using world = await deskWorld();
    world.register("agent2");
    world.register("agent5");
    world.ready("agent2");
    world.app.clock.advance(1000);
    world.ready("agent5");
    world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    world.unregister("agent2", true);
    await world.settle();
    assert.equal(world.legs[0].ended, true);
    assert.deepEqual(world.state("agent2"), {
      state: "logged_out",
      reason: "registration_expired",
    });
    await world.ringing(2);
    assert.match(world.legs[1].options.to!, /sip:1005@/);
  },
});

Deno.test({
  name: "an agent with no registered phone cannot go ready; a refresh does not log them back in",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const id = world.ids.get("agent3")!;
    assert.throws(
      () => world.desk.setAgentState(id, { state: "ready" }, false),
      (e) => e instanceof QueueDeskError && e.kind === "conflict" && /1003/.test(e.message),
    );
    world.register("agent3");
    assert.equal(world.state("agent3").state, "not_ready");
    world.desk.setAgentState(id, { state: "logged_out" }, false);
    world.register("agent3"); // the phone refreshes its registration
    assert.equal(world.state("agent3").state, "logged_out");
    world.desk.setAgentState(id, { state: "ready" }, false);
    assert.equal(world.state("agent3").state, "ready");
  },
});

Deno.test({
  name: "a configuration change waits for a quiet moment and keeps agents' states",
  ...options,
  async fn() {
    await using world = await deskWorld();
    world.register("agent2");
    world.ready("agent2");
    const { leg } = world.placeCall({ queueName: "Complaints" });
    await world.settle();
    world.app.db.run("UPDATE queues SET options = '{\"ring_timeout_s\": 5}' WHERE name = 'Sales'");
    world.desk.reload();
    assert.equal(world.desk.reloadPending, true, "a call is in the ACD");
    leg.end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(world.desk.reloadPending, false);
    const sales = [...world.desk.setup.queues.values()].find((q) => q.name === "Sales")!;
    assert.equal(
      world.desk.engine.config.queues.find((q) => q.id === String(sales.id))?.ringTimeoutSeconds,
      5,
    );
    assert.equal(world.state("agent2").state, "ready");
  },
});

Deno.test({
  name: "a call for a queue that does not exist is ended with a reason, not left hanging",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call, leg } = world.placeCall({ queueName: "Nowhere" });
    assert.equal(leg.ended, true);
    assert.equal(call.endCause, "unknown_queue");
  },
});

Deno.test({
  name:
    "a supervisor sends a waiting caller to a callback: the call ends and a callback request takes its place",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call } = world.placeCall({ queueName: "Sales" }, "+8613800138000");
    await world.settle();
    world.desk.sendToCallback(call.id);
    await world.settle();
    assert.equal(call.state, "ended");
    const request = world.app.db.get<{ call_id: string; number: string }>(
      "SELECT call_id, number FROM callbacks WHERE call_id = ?",
      call.id,
    );
    assert.equal(request?.call_id, call.id);
    assert.throws(() => world.desk.sendToCallback(call.id), QueueDeskError);
    assert.throws(() => world.desk.sendToCallback("no-such-call"), /Queued call/);
  },
});

Deno.test({
  name:
    "a supervisor sends a waiting caller to voicemail: beep, message kept in the queue's box and the inbox, then the call ends",
  ...options,
  async fn() {
    await using world = await deskWorld({ voicemail: true });
    const { call, leg, player, speak, hearing } = world.placeCall(
      { queueName: "Sales" },
      "+8613800138000",
    );
    await world.settle();
    assert.equal(world.desk.sendToVoicemail(call.id), "Sales");
    await world.settle();
    assert.equal(world.desk.live(call.id), undefined, "the ACD let the call go");
    assert.equal(world.desk.engine.call(call.id), undefined);
    assert.ok(player.playing, "the caller hears the beep, not music");
    // The greeting (a beep here, no prompts) is over; the caller speaks for 1 s, then is quiet.
    world.app.clock.advance(2500);
    // The recorder and the silence detector listen once the message file is open.
    await waitFor("the message recording", () => hearing() === 2, 5000);
    const voice = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    for (let i = 0; i < 50; i++) speak(voice);
    assert.equal(leg.ended, false, "still talking");
    for (let i = 0; i < 300; i++) speak(new Int16Array(160));
    await waitFor("the hang-up after the message", () => leg.ended, 5000);

    const row = world.app.db.get<
      { box: string; caller: string; path: string; duration_ms: number; interaction_id: number }
    >(
      "SELECT box, caller, path, duration_ms, interaction_id FROM voicemails WHERE call_id = ?",
      call.id,
    );
    assert.equal(row?.box, "Sales");
    assert.equal(row?.caller, "+8613800138000");
    assert.equal(row?.duration_ms, 7000, "1 s of words and 6 s of silence");
    assert.ok((await Deno.stat(`${world.app.dir}/${row!.path}`)).size > 7 * 8000 * 2);
    assert.ok(row?.interaction_id, "filed in the inbox and the customer's timeline");
    assert.equal(leg.ended, true);
    assert.equal(call.endCause, "voicemail");
    const events = world.app.calls.journal.events(call.id).map((e) => e.type);
    assert.ok(events.includes("queue.voicemail"));
    assert.throws(() => world.desk.sendToVoicemail(call.id), /Queued call/);
  },
});

Deno.test({
  name:
    "a waiting caller sent to a chosen voicemail box who hangs up mid-message still leaves it there",
  ...options,
  async fn() {
    await using world = await deskWorld({ voicemail: true });
    const { call, leg, speak, hearing } = world.placeCall({ queueName: "Support" });
    await world.settle();
    assert.equal(world.desk.sendToVoicemail(call.id, "general"), "general");
    await world.settle();
    world.app.clock.advance(2500);
    await waitFor("the message recording", () => hearing() === 2, 5000);
    const voice = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    for (let i = 0; i < 25; i++) speak(voice);
    leg.end({ reason: "bye", by: "remote" });
    await waitFor(
      "the message",
      () => world.app.db.get("SELECT 1 FROM voicemails WHERE call_id = ?", call.id) !== undefined,
      5000,
    );
    const row = world.app.db.get<{ box: string; duration_ms: number }>(
      "SELECT box, duration_ms FROM voicemails WHERE call_id = ?",
      call.id,
    );
    assert.deepEqual({ ...row }, { box: "general", duration_ms: 500 });
  },
});

Deno.test({
  name: "a desk without voicemail refuses to send a caller there and keeps them waiting",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call } = world.placeCall({ queueName: "Sales" });
    await world.settle();
    assert.throws(
      () => world.desk.sendToVoicemail(call.id),
      (error) => error instanceof QueueDeskError && error.kind === "conflict",
    );
    assert.equal(world.desk.engine.call(call.id)?.state, "waiting");
  },
});
