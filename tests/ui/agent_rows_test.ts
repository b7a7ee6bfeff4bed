import assert from "node:assert/strict";
import { agentRows, teamsOf } from "../../ui/supervisor/agent_rows.ts";
import type { AgentRow } from "../../ui/supervisor/supervision_controller.ts";

const NOW = Date.UTC(2026, 4, 1, 9);

const agent = (
  id: number,
  name: string,
  state: string,
  secondsInState: number,
  team: [number, string] | null,
  queues: number[],
): AgentRow => ({
  id,
  username: `a${id}`,
  name,
  extension: null,
  registered: true,
  state,
  reason: null,
  since: new Date(NOW - secondsInState * 1000).toISOString(),
  call_id: null,
  queue_ids: queues,
  today: { calls: 0, aht_s: null, avg_acw_s: null },
  team_id: team?.[0] ?? null,
  team: team?.[1] ?? null,
});

const front: [number, string] = [1, "Front line"];
const specialists: [number, string] = [2, "Specialists"];
const agents = [
  agent(1, "Wang", "ready", 30, front, [1]),
  agent(2, "Li", "on_call", 300, specialists, [1, 2]),
  agent(3, "Zhao", "not_ready", 900, specialists, [2]),
  agent(4, "Chen", "ready", 10, null, [1]),
];
const all = { state: "", queue: "", team: "" };
const names = (rows: AgentRow[]) => rows.map((a) => a.name);

Deno.test("the board filters agents by state, queue and team, together", () => {
  assert.deepEqual(names(agentRows(agents, { ...all, state: "ready" }, "name", NOW)), [
    "Chen",
    "Wang",
  ]);
  assert.deepEqual(names(agentRows(agents, { ...all, queue: "2" }, "name", NOW)), ["Li", "Zhao"]);
  assert.deepEqual(names(agentRows(agents, { ...all, team: "2" }, "name", NOW)), ["Li", "Zhao"]);
  assert.deepEqual(
    names(agentRows(agents, { state: "on_call", queue: "1", team: "2" }, "name", NOW)),
    ["Li"],
  );
  assert.deepEqual(names(agentRows(agents, { ...all, team: "1" }, "name", NOW)), ["Wang"]);
});

Deno.test("the board sorts by name, by state (busiest first) or by longest time in state", () => {
  assert.deepEqual(names(agentRows(agents, all, "name", NOW)), ["Chen", "Li", "Wang", "Zhao"]);
  assert.deepEqual(names(agentRows(agents, all, "state", NOW)), ["Li", "Chen", "Wang", "Zhao"]);
  assert.deepEqual(names(agentRows(agents, all, "time", NOW)), ["Zhao", "Li", "Wang", "Chen"]);
  assert.equal(agents[0].name, "Wang", "the input is left as it was");
});

Deno.test("the team filter offers the teams agents belong to, by name", () => {
  assert.deepEqual(teamsOf(agents), [
    { id: 1, name: "Front line" },
    { id: 2, name: "Specialists" },
  ]);
});
