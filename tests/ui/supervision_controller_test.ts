import assert from "node:assert/strict";
import { SupervisionController } from "../../ui/supervisor/supervision_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

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

Deno.test("thresholds load with the figures; alerts follow supervision.alert events and raise a notice", async () => {
  const sent: string[] = [];
  const thresholds = {
    queue_id: 1,
    service_level: { target: 90, alarm: 70 },
    longest_wait_s: { warn: 10, alarm: 20 },
    waiting: { warn: 1, alarm: 2 },
    abandon_rate: { warn: 1, alarm: 2 },
    asa_s: { warn: 5, alarm: 10 },
    agent_state_s: { not_ready: 60, wrap_up: 60, on_call: 60 },
  };
  const held = {
    key: "trunk_down:1",
    kind: "trunk_down",
    queue_id: null,
    agent_id: null,
    trunk_id: 1,
    subject: "PBX",
    value: null,
    limit: null,
    state: null,
    since: "2026-05-01T09:00:00.000Z",
  };
  const controller = new SupervisionController(host(), {
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      if (path === "/queues/status") return Promise.resolve({ queues: [queue(1, 0)] } as T);
      if (path === "/agents") return Promise.resolve({ agents: [], not_ready_reasons: [] } as T);
      if (path === "/supervision/thresholds") {
        return Promise.resolve({ thresholds: [thresholds] } as T);
      }
      if (path === "/supervision/alerts") return Promise.resolve({ alerts: [held] } as T);
      return Promise.resolve({ calls: [] } as T);
    },
  });
  await controller.load();
  assert.equal(controller.thresholds.get(1)?.service_level.target, 90);
  assert.deepEqual(controller.alerts.map((a) => a.key), ["trunk_down:1"]);
  const notice = () => controller.notice?.key ?? null;
  assert.equal(notice(), null, "alerts already holding at load raise no notice");

  const wait = { ...held, key: "long_wait:1", kind: "long_wait", queue_id: 1, subject: "Q1" };
  controller.onEvent({
    type: "supervision.alert",
    at: "",
    data: { change: "raised", alert: wait },
  });
  assert.deepEqual(controller.alerts.map((a) => a.key), ["trunk_down:1", "long_wait:1"]);
  assert.equal(notice(), "long_wait:1");
  controller.onEvent({
    type: "supervision.alert",
    at: "",
    data: { change: "cleared", alert: wait },
  });
  assert.deepEqual(controller.alerts.map((a) => a.key), ["trunk_down:1"]);
  assert.equal(notice(), null, "a cleared alert takes its notice with it");

  sent.length = 0;
  await controller.setThresholds({ ...thresholds, waiting: { warn: 2, alarm: 4 } });
  assert.match(sent[0], /^PUT \/supervision\/thresholds\/1 \{"service_level"/);
  assert.ok(!sent[0].includes("queue_id"));
  controller.hostDisconnected();
});

Deno.test("a waiting caller is sent to voicemail, and an agent's skills for today are opened, saved and closed", async () => {
  const sent: string[] = [];
  let refuse = false;
  const controller = new SupervisionController(host(), {
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      if (method === "PUT" && refuse) return Promise.reject(new Error("Team leads may not"));
      if (path === "/agents/7/skills/today") {
        return Promise.resolve({
          skills: {
            user_id: 7,
            skills: [{ skill: "sales", level: 8, standing: 8, for_today: false }],
            expires_at: null,
          },
        } as T);
      }
      if (path === "/skills") return Promise.resolve({ skills: [{ name: "sales" }] } as T);
      if (path === "/queues/status") return Promise.resolve({ queues: [] } as T);
      if (path === "/agents") return Promise.resolve({ agents: [], not_ready_reasons: [] } as T);
      return Promise.resolve({ calls: [] } as T);
    },
  });
  await controller.sendToVoicemail("c-9");
  assert.equal(sent[0], "POST /calls/c-9/voicemail {}");

  await controller.openDaySkills(7, "Li Na");
  assert.deepEqual(controller.daySkills?.all, ["sales"]);
  assert.equal(controller.daySkills?.name, "Li Na");
  refuse = true;
  await controller.saveDaySkills(7, [{ skill: "sales", level: 3 }]);
  assert.equal(controller.error, "Team leads may not");
  assert.ok(controller.daySkills, "a refused save keeps the dialog open");
  refuse = false;
  await controller.saveDaySkills(7, [{ skill: "sales", level: 3 }]);
  assert.ok(sent.includes('PUT /agents/7/skills/today {"skills":[{"skill":"sales","level":3}]}'));
  assert.equal(controller.daySkills, null);
});
