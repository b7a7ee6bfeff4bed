import assert from "node:assert/strict";
import { SupervisionController } from "../../ui/supervisor/supervision_controller.ts";

const host = () => ({
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
});

const queue = (id: number, waiting: number) => ({
  queue_id: id,
  name: `Q${id}`,
  calls_waiting: waiting,
  callbacks_waiting: 0,
  longest_wait_s: 0,
  ewt_s: null,
  agents: {},
  offered: 0,
  answered: 0,
  abandoned: 0,
  service_level_s: 20,
  service_level: null,
  asa_s: null,
  abandon_rate: null,
});

Deno.test("queue figures follow queue.status events; actions reach the API and reload", async () => {
  const sent: string[] = [];
  const controller = new SupervisionController(host(), {
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      if (path === "/queues/status") return Promise.resolve({ queues: [queue(1, 0)] } as T);
      if (path === "/agents") {
        return Promise.resolve({ agents: [], not_ready_reasons: ["break"] } as T);
      }
      return Promise.resolve({ calls: [] } as T);
    },
  });
  await controller.load();
  assert.equal(controller.queues[0].calls_waiting, 0);
  controller.onEvent({ type: "queue.status", at: "", data: queue(1, 4) });
  assert.equal(controller.queues[0].calls_waiting, 4);
  controller.onEvent({ type: "queue.status", at: "", data: queue(9, 4) });
  assert.equal(controller.queues.length, 1, "a queue not loaded is not invented");

  sent.length = 0;
  await controller.setAgentState(5, "not_ready");
  await controller.moveCall("c-1", 2);
  await controller.raisePriority("c-1");
  const actions = sent.filter((s) => s.startsWith("POST"));
  assert.deepEqual(actions, [
    'POST /agents/5/state {"state":"not_ready","reason":"break"}',
    'POST /calls/c-1/move {"queue_id":2}',
    'POST /calls/c-1/priority {"priority":100}',
  ]);
  controller.hostDisconnected();
});
