import assert from "node:assert/strict";
import { AgentStateController } from "../../ui/agent/agent_state_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const snapshot = (state: string) => ({
  agent: {
    id: 7,
    username: "agent3",
    state,
    reason: null,
    since: "2026-11-22T10:00:00Z",
    registered: true,
    wrap_up_ends_at: null,
    today: { calls: 1, aht_s: 60, acw_s: 10 },
  },
});

Deno.test("a state change heard while a load is in flight is not undone by that load's stale answer", async () => {
  const answers: Array<(body: unknown) => void> = [];
  const controller = new AgentStateController(host(), {
    request: <T>() => new Promise<T>((resolve) => answers.push(resolve as (b: unknown) => void)),
  });
  const first = controller.load();
  answers.shift()!(snapshot("on_call"));
  await first;
  assert.equal(controller.agent?.state, "on_call");

  // The call ends: a reload leaves, then the hub says wrap-up before that reload returns.
  const stale = controller.load();
  controller.handleEvent({
    type: "agent.state",
    at: "2026-11-22T10:01:00Z",
    data: { agent_id: 7, state: "wrap_up" },
  });
  assert.equal(controller.agent?.state, "wrap_up");
  answers.shift()!(snapshot("on_call")); // the answer that left before the change
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(answers.length, 1, "a fresh request follows");
  answers.shift()!(snapshot("wrap_up"));
  await stale;
  assert.equal(controller.agent?.state, "wrap_up");
});
