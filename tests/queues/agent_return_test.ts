import assert from "node:assert/strict";
import { isoTime } from "../../src/db/mod.ts";
import { RETURN_READY_WITHIN_MS } from "../../src/queues/mod.ts";
import { deskWorld } from "./_desk.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name:
    "agents ready when their box died are ready again if they are back soon; the others come back not ready",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const { db, clock } = world.app;
    const idOf = (username: string) =>
      db.get<{ id: number }>("SELECT id FROM users WHERE username = ?", username)!.id;
    // What the box that died had written (replicated here) in its last minute.
    const before = clock.now() - 60_000;
    const state = (username: string, to: string, reason: string | null, at: number) =>
      db.run(
        "INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, ?, ?)",
        idOf(username),
        isoTime(at),
        to,
        reason,
      );
    state("agent2", "ready", null, before);
    state("agent5", "not_ready", "break", before);
    state("agent1", "ready", null, before);
    state("agent1", "ringing", null, before + 1000);
    state("agent1", "on_call", null, before + 2000);
    state("agent3", "ready", null, before);
    state("agent6", "ready", null, before);
    state("agent6", "logged_out", "logout", before + 5000);
    db.flush();
    // This box takes over: the sweep logs out everyone the dead box had logged in.
    world.app.calls.journal.endUnfinishedCalls(true);

    for (const username of ["agent2", "agent5", "agent1", "agent6"]) world.register(username);
    await world.settle();
    assert.equal(world.state("agent2").state, "ready", "was ready: ready again");
    assert.equal(world.state("agent5").state, "not_ready", "was on a break");
    assert.equal(world.state("agent1").state, "not_ready", "lost the call they were on");
    assert.equal(world.state("agent6").state, "not_ready", "had logged out before");

    // Too late: nobody knows the agent is at their desk any more.
    clock.advance(RETURN_READY_WITHIN_MS);
    world.register("agent3");
    await world.settle();
    assert.equal(world.state("agent3").state, "not_ready");

    // Given back once: logging out and in again starts afresh.
    world.unregister("agent2", false);
    await world.settle();
    world.register("agent2");
    await world.settle();
    assert.equal(world.state("agent2").state, "not_ready");
  },
});
