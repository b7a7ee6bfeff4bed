import assert from "node:assert/strict";
import { CALLER } from "../../src/calls/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { CallMonitors, type MonitorActor, QueueDeskError } from "../../src/queues/mod.ts";
import { deskWorld } from "./_desk.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
type World = Awaited<ReturnType<typeof deskWorld>>;

const SUPERVISOR_EXTENSION = "1090";

/** A call from the demo customer connected to agent2, and a supervisor who can be rung. */
async function connectedCall(world: World) {
  world.app.db.run(
    "UPDATE users SET extension = ? WHERE username = 'super1'",
    SUPERVISOR_EXTENSION,
  );
  world.register("agent2");
  world.ready("agent2");
  const placed = world.placeCall({ queueName: "Sales" });
  await world.settle();
  world.legs[0].answer();
  await world.settle();
  assert.equal(placed.call.state, "connected");
  world.register("super1");
  const monitors = new CallMonitors({
    desk: world.desk,
    calls: world.calls,
    journal: world.app.calls.journal,
    clock: world.app.clock,
    log: createLogger("acd", { sink: () => {} }),
  });
  const user = world.app.users.byUsername("super1")!;
  const supervisor: MonitorActor = {
    userId: user.id,
    username: user.username,
    role: user.role,
    teamId: user.team_id,
    extension: user.extension,
  };
  return { ...placed, monitors, supervisor, agentParty: `agent:${world.ids.get("agent2")}` };
}

function heard(arrangement: { kind: string; hears?: ReadonlyMap<string, readonly string[]> }) {
  assert.equal(arrangement.kind, "mix");
  return (id: string) => [...(arrangement.hears!.get(id) ?? [])].sort();
}

function monitorEvents(world: World, callId: string) {
  return world.app.calls.journal.events(callId)
    .filter((e) => e.type.startsWith("monitor."))
    .map((e) => ({ type: e.type, ...e.data }));
}

Deno.test({
  name:
    "a supervisor rung for a call listens to both sides, whispers to the agent alone and barges in on both",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call, monitors, supervisor, agentParty } = await connectedCall(world);
    const started = await monitors.start(call.id, supervisor, "listen");
    assert.equal(started.state, "ringing");
    const leg = world.legs[1];
    assert.match(leg.options.to!, new RegExp(`sip:${SUPERVISOR_EXTENSION}@`));
    assert.equal(leg.header("X-CC-Call-Id"), call.id);
    leg.answer();
    await world.settle();
    const me = `supervisor:${supervisor.userId}`;
    assert.equal(call.party(me)?.mode, "listen");
    let who = heard(call.arrangement);
    assert.deepEqual(who(me), [agentParty, CALLER].sort(), "listening hears both sides");
    assert.deepEqual(who(CALLER), [agentParty], "the caller does not hear a listener");
    assert.deepEqual(who(agentParty), [CALLER], "the agent does not hear a listener");

    monitors.setMode(call.id, supervisor, "whisper");
    who = heard(call.arrangement);
    assert.deepEqual(who(agentParty), [CALLER, me].sort(), "the agent hears the whisper");
    assert.deepEqual(who(CALLER), [agentParty], "the caller does not");
    assert.deepEqual(who(me), [agentParty, CALLER].sort());

    monitors.setMode(call.id, supervisor, "barge");
    who = heard(call.arrangement);
    assert.deepEqual(who(CALLER), [agentParty, me].sort(), "the caller hears a barge");
    assert.deepEqual(who(agentParty), [CALLER, me].sort());
    assert.equal(monitors.get(call.id)?.mode, "barge");

    monitors.stop(call.id, supervisor);
    assert.equal(leg.ended, true, "stopping hangs up the supervisor's leg");
    assert.equal(call.party(me), undefined);
    assert.equal(call.state, "connected", "the conversation goes on");
    assert.deepEqual(call.arrangement, { kind: "relay", between: [CALLER, agentParty] });
    assert.deepEqual(monitorEvents(world, call.id), [
      { type: "monitor.started", supervisor: "super1", mode: "listen" },
      { type: "monitor.mode", supervisor: "super1", from: "listen", mode: "whisper" },
      { type: "monitor.mode", supervisor: "super1", from: "whisper", mode: "barge" },
      { type: "monitor.ended", supervisor: "super1", reason: "stopped" },
    ]);
  },
});

Deno.test({
  name:
    "taking over hands the caller to the supervisor, lets the agent's leg go to wrap-up, and the supervisor's hang-up ends the call",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call, leg: callerLeg, monitors, supervisor, agentParty } = await connectedCall(
      world,
    );
    await monitors.start(call.id, supervisor, "whisper");
    world.legs[1].answer();
    await world.settle();
    const me = `supervisor:${supervisor.userId}`;
    assert.equal(call.party(me)?.mode, "whisper");
    assert.equal(call.party(me)?.whisperTo, agentParty);

    const view = monitors.takeOver(call.id, supervisor);
    await world.settle();
    assert.equal(view.state, "taken_over");
    assert.equal(world.legs[0].ended, true, "the agent's leg is hung up");
    assert.equal(world.legs[0].endCause?.by, "local");
    assert.equal(call.party(agentParty), undefined);
    assert.equal(call.party(me)?.mode, "talk");
    assert.deepEqual(call.arrangement, { kind: "relay", between: [CALLER, me] });
    assert.equal(world.state("agent2").state, "wrap_up");
    assert.equal(callerLeg.ended, false, "the caller stays on the line");

    world.legs[1].end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(callerLeg.ended, true, "the supervisor's hang-up ends the call");
    assert.equal(call.endCause, "supervisor_hangup");
    assert.equal(monitors.list().length, 0);
    assert.deepEqual(monitorEvents(world, call.id).map((e) => e.type), [
      "monitor.started",
      "monitor.take_over",
      "monitor.ended",
    ]);
  },
});

Deno.test({
  name: "an agent who hangs up mid-whisper ends the call and leaves no party or session behind",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call, leg: callerLeg, monitors, supervisor } = await connectedCall(world);
    await monitors.start(call.id, supervisor, "whisper");
    world.legs[1].answer();
    await world.settle();
    world.legs[0].end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(callerLeg.ended, true);
    assert.equal(world.legs[1].ended, true, "the supervisor's leg is hung up");
    assert.ok(call.parties.every((p) => p.left), "no party is left on the call");
    assert.equal(monitors.list().length, 0);
    assert.equal(monitors.get(call.id), undefined);
    const ended = monitorEvents(world, call.id).at(-1);
    assert.deepEqual(ended, { type: "monitor.ended", supervisor: "super1", reason: "call_ended" });
  },
});

Deno.test({
  name: "a caller who hangs up while the supervisor's phone rings cancels that ring",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call, leg: callerLeg, monitors, supervisor } = await connectedCall(world);
    await monitors.start(call.id, supervisor, "listen");
    callerLeg.end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(world.legs[1].ended, true);
    assert.equal(world.legs[1].endCause?.reason, "cancel");
    assert.equal(monitors.list().length, 0);
    assert.equal(call.party(`supervisor:${supervisor.userId}`), undefined);
    assert.deepEqual(monitorEvents(world, call.id), [], "a session never joined is not journalled");
  },
});

Deno.test({
  name: "a supervisor's phone that rings out ends the session",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call, monitors, supervisor } = await connectedCall(world);
    await monitors.start(call.id, supervisor, "listen");
    world.app.clock.advance(30_000);
    await world.settle();
    assert.equal(world.legs[1].ended, true);
    assert.equal(monitors.get(call.id), undefined);
    assert.equal(call.state, "connected");
  },
});

Deno.test({
  name:
    "team leads monitor only their own team's agents, and nobody monitors without a phone to ring",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { call, monitors, supervisor } = await connectedCall(world);
    const agentTeam = world.app.users.byUsername("agent2")!.team_id!;
    const lead: MonitorActor = {
      ...supervisor,
      userId: world.ids.get("lead1")!,
      username: "lead1",
      role: "team_lead",
      teamId: agentTeam + 1,
    };
    await assert.rejects(
      monitors.start(call.id, lead, "listen"),
      (e) => e instanceof QueueDeskError && e.kind === "forbidden",
    );
    await assert.rejects(
      monitors.start(call.id, { ...lead, teamId: null }, "listen"),
      (e) => e instanceof QueueDeskError && e.kind === "forbidden",
    );
    await assert.rejects(
      monitors.start(call.id, { ...supervisor, extension: null }, "listen"),
      (e) => e instanceof QueueDeskError && e.kind === "conflict",
    );
    await assert.rejects(
      monitors.start(call.id, { ...supervisor, extension: "1099" }, "listen"),
      /no registered phone/,
    );
    assert.equal(monitors.list().length, 0);
    const own = await monitors.start(call.id, { ...lead, teamId: agentTeam }, "listen");
    assert.equal(own.state, "ringing");
    await assert.rejects(
      monitors.start(call.id, supervisor, "listen"),
      /already monitored by lead1/,
    );
    assert.throws(
      () => monitors.setMode(call.id, { ...lead, userId: 999, teamId: agentTeam }, "barge"),
      (e) => e instanceof QueueDeskError && e.kind === "forbidden",
    );
    assert.throws(
      () => monitors.takeOver(call.id, { ...lead, teamId: agentTeam }),
      /only a joined supervisor can take over/,
    );
  },
});
