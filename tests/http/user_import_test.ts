import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn } from "./crm_helpers.ts";

const CSV = [
  "username,display_name,role,password,extension,team,skills",
  "wang,Wang Fang,agent,agent-pass-1,3101,Front line,sales:7;mandarin:9",
  "li,Li Na,agent,short,3102,,",
  "zhao,Zhao Lei,agent,agent-pass-2,3101,,",
  "agent1,Dup,agent,agent-pass-3,,,",
  "sun,Sun Yu,agent,agent-pass-4,3103,Nowhere,",
  "he,He Bo,agent,agent-pass-5,3104,,swahili:3",
  "qian,Qian Hui,team_lead,agent-pass-6,,,",
].join("\n");

Deno.test("a CSV of users is tried first, then added, with each refused row's line and reason", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const before = app.users.count();
  const dry = await admin.post("/api/v1/users/import", { csv: CSV, dry_run: true });
  assert.equal(dry.status, 200);
  const tried = await dry.json();
  assert.deepEqual(tried.accepted, ["wang", "qian"]);
  assert.deepEqual(tried.created, []);
  assert.deepEqual(
    tried.rejected.map((r: { line: number; reason: string }) => `${r.line} ${r.reason}`),
    [
      "3 password: must be at least 8 characters",
      "4 extension 3101 is already assigned",
      '5 username "agent1" is already taken',
      '6 team "Nowhere" does not exist; add it first',
      '7 skill "swahili" does not exist; add it first',
    ],
  );
  assert.deepEqual(
    tried.rejected.map((r: { issue: { path: string; code: string } }) =>
      `${r.issue.path} ${r.issue.code}`
    ),
    [
      "password too_small",
      "extension already_exists",
      "username already_exists",
      "team unknown_team",
      "skill unknown_skill",
    ],
    "each refusal names its column and why, for the screen to word",
  );
  assert.equal(app.users.count(), before, "a dry run writes nothing");

  const done = await (await admin.post("/api/v1/users/import", { csv: CSV })).json();
  assert.deepEqual(done.created, ["wang", "qian"]);
  const wang = app.users.byUsername("wang")!;
  assert.equal(wang.extension, "3101");
  assert.ok(wang.team_id);
  assert.deepEqual(app.skills.agentSkills(wang.id), [
    { skill: "mandarin", level: 9 },
    { skill: "sales", level: 7 },
  ]);
  assert.ok(app.queues.setup.agents.has(String(wang.id)), "the ACD knows the new agent");
  const audited = auditRows(app, "POST /users/import");
  assert.deepEqual(JSON.parse(audited.at(-1)!.details!), {
    created: ["wang", "qian"],
    rejected: 5,
  });
});

Deno.test("a CSV with unknown columns is refused whole", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  const refused = await admin.post("/api/v1/users/import", {
    csv: "username,role,password,shoe_size\nx,agent,pass-word-1,42",
  });
  assert.equal(refused.status, 400);
  assert.match((await refused.json()).error.message, /Unknown column shoe_size/);
});
