import assert from "node:assert/strict";
import { QueueChangeError } from "../../src/queues/mod.ts";
import { testAppliance } from "../support/test_appliance.ts";

function ids(app: Awaited<ReturnType<typeof testAppliance>>) {
  const user = (name: string) => app.users.byUsername(name)!.id;
  const queue = (name: string) =>
    app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = ?", name)!.id;
  const queuesOf = (name: string) =>
    app.queues.engine.agent(String(user(name))).queueIds.map(Number);
  return { user, queue, queuesOf };
}

Deno.test("skill levels for the day change which queues an agent serves until the center's midnight", async () => {
  await using app = await testAppliance({ demo: true });
  app.daySkills.start();
  try {
    const { user, queue, queuesOf } = ids(app);
    const complaints = queue("Complaints");
    assert.ok(queuesOf("agent8").includes(complaints));

    const today = app.daySkills.set(user("agent8"), {
      skills: [{ skill: "complaints", level: 0 }, { skill: "support", level: 9 }],
    }, "super1");
    // The test appliance starts at 10:00 in Shanghai; the center's day ends at 16:00 UTC.
    assert.equal(today.expires_at, "2026-05-01T16:00:00.000Z");
    assert.equal(today.set_by, "super1");
    const complaintsSkill = today.skills.find((s) => s.skill === "complaints")!;
    assert.deepEqual(complaintsSkill, {
      skill: "complaints",
      level: 0,
      standing: 7,
      for_today: true,
    });
    assert.ok(!queuesOf("agent8").includes(complaints), "no complaints for agent8 today");
    // The standing levels an admin keeps are untouched.
    assert.deepEqual(
      app.skills.agentSkills(user("agent8")).find((s) => s.skill === "complaints"),
      { skill: "complaints", level: 7 },
    );

    app.clock.advanceTo(Date.UTC(2026, 4, 1, 15, 59, 59));
    assert.ok(!queuesOf("agent8").includes(complaints), "still today");
    app.clock.advanceTo(Date.UTC(2026, 4, 1, 16, 0, 0));
    assert.ok(queuesOf("agent8").includes(complaints), "back after midnight");
    assert.equal(app.daySkills.get(user("agent8"))?.expires_at, null);
    assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM day_skill_levels")?.n, 0);
  } finally {
    app.daySkills.close();
  }
});

Deno.test("skill levels for the day that would leave a queue unserved are refused, and nothing is kept", async () => {
  await using app = await testAppliance({ demo: true });
  const { user } = ids(app);
  const off = { skills: [{ skill: "complaints", level: 0 }] };
  app.daySkills.set(user("agent6"), off, "super1");
  app.daySkills.set(user("agent7"), off, "super1");
  assert.throws(
    () => app.daySkills.set(user("agent8"), off, "super1"),
    (error) =>
      error instanceof QueueChangeError && error.status === 422 && /Complaints/.test(error.message),
  );
  assert.equal(app.daySkills.get(user("agent8"))?.expires_at, null);
  assert.throws(
    () => app.daySkills.set(user("agent8"), { skills: [{ skill: "juggling", level: 3 }] }, "x"),
    (error) =>
      error instanceof QueueChangeError && error.status === 400 &&
      /Unknown skill "juggling"/.test(error.message) &&
      error.about.field === "skills" && error.about.code === "unknown_skill",
  );
  const twice = { skills: [{ skill: "support", level: 3 }, { skill: "support", level: 4 }] };
  assert.throws(
    () => app.daySkills.set(user("agent8"), twice, "x"),
    (error) =>
      error instanceof QueueChangeError && error.status === 400 &&
      error.about.field === "skills" && error.about.code === "duplicate",
  );
  assert.equal(app.daySkills.get(user("agent8"))?.expires_at, null, "nothing was kept");
  assert.throws(() => app.daySkills.set(99999, off, "x"), /User 99999 was not found/);
  // An empty list goes back to the standing levels.
  app.daySkills.set(user("agent6"), { skills: [] }, "super1");
  assert.equal(app.daySkills.get(user("agent6"))?.expires_at, null);
});
