import assert from "node:assert/strict";
import type { Call, FlowVariables } from "../../src/calls/mod.ts";
import type { DialedNumber } from "../../src/numbers/mod.ts";
import { deskWorld } from "./_desk.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

type World = Awaited<ReturnType<typeof deskWorld>>;

/** Puts a survey flow on the Sales queue and waits for the desk to take it. */
function salesSurvey(world: World, flowId: number): void {
  world.app.db.run(
    "UPDATE queues SET options = json_set(options, '$.survey_flow_id', ?) WHERE name = 'Sales'",
    flowId,
  );
  world.desk.reload();
  assert.equal(world.desk.reloadPending, false);
}

/** Every hand-over the call-control API makes, as the router would hear it. */
function handOvers(world: World) {
  const seen: { call: Call; target: DialedNumber; variables?: FlowVariables }[] = [];
  world.calls.onRoute({
    route: (call, target, variables) => void seen.push({ call, target, variables }),
  });
  return seen;
}

/** agent2 takes a Sales call and talks for 45 s, then hangs up first. */
async function agentHangsUpFirst(world: World, request = {}) {
  world.register("agent2");
  world.ready("agent2");
  const placed = world.placeCall({ queueName: "Sales", ...request });
  await world.ringing(1);
  world.legs[0].answer();
  await world.settle();
  assert.equal(placed.call.state, "connected");
  world.app.clock.advance(45_000);
  world.legs[0].end({ reason: "bye", by: "remote" });
  await world.settle();
  return placed;
}

Deno.test({
  name:
    "the agent hanging up first on a queue with a survey hands the caller, alone, to the survey flow with the agent's id",
  ...options,
  async fn() {
    await using world = await deskWorld();
    salesSurvey(world, 7);
    const seen = handOvers(world);
    const { call, leg, player } = await agentHangsUpFirst(world);
    assert.equal(leg.ended, false, "the caller stays on the line");
    assert.equal(call.state, "answered");
    assert.equal(call.party("agent:" + world.ids.get("agent2")), undefined);
    assert.equal(call.parties.length, 1, "only the caller is left");
    assert.equal(player.playing, false, "no music on hold under the survey");
    assert.equal(seen.length, 1);
    assert.equal(seen[0].call, call);
    assert.equal(seen[0].target.target_type, "ivr");
    assert.equal(seen[0].target.target_id, 7);
    assert.equal(seen[0].variables?.agent_id, world.ids.get("agent2"));
    assert.equal(world.state("agent2").state, "wrap_up", "the agent's call is over");
    const offered = world.app.calls.journal.events(call.id).find((e) =>
      e.type === "survey.offered"
    );
    assert.deepEqual(offered?.data, { flow_id: 7, agent: "agent2" });
    assert.equal(offered?.agent_id, world.ids.get("agent2"));
    assert.equal(world.desk.live(call.id), undefined, "the desk no longer holds the call");
    // The caller hanging up during the survey ends the call without the desk.
    leg.end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(call.ended, true);
  },
});

Deno.test({
  name: "a survey named by the IVR's queue node is used before the queue's own",
  ...options,
  async fn() {
    await using world = await deskWorld();
    salesSurvey(world, 7);
    const seen = handOvers(world);
    await agentHangsUpFirst(world, { surveyFlowId: 9 });
    assert.equal(seen[0]?.target.target_id, 9);
  },
});

Deno.test({
  name: "without a survey the agent's hang-up still ends the caller's leg as agent_hangup",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const seen = handOvers(world);
    const { call, leg } = await agentHangsUpFirst(world);
    assert.equal(leg.ended, true);
    assert.equal(call.endCause, "agent_hangup");
    assert.equal(seen.length, 0);
  },
});

Deno.test({
  name: "the caller hanging up first on a queue with a survey is not surveyed",
  ...options,
  async fn() {
    await using world = await deskWorld();
    salesSurvey(world, 7);
    const seen = handOvers(world);
    world.register("agent2");
    world.ready("agent2");
    const { leg } = world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    world.legs[0].answer();
    await world.settle();
    leg.end({ reason: "bye", by: "remote" });
    await world.settle();
    assert.equal(seen.length, 0);
    assert.equal(world.legs[0].ended, true);
  },
});
