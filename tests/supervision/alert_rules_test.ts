import assert from "node:assert/strict";
import {
  type AlertFacts,
  DEFAULT_THRESHOLDS,
  diffAlerts,
  evaluateAlerts,
  type QueueThresholds,
} from "../../src/supervision/mod.ts";

const NOW = Date.UTC(2026, 4, 1, 9, 0, 0);

function facts(over: Partial<AlertFacts> = {}): AlertFacts {
  return {
    now: NOW,
    queues: [{ queue_id: 1, name: "Sales", longest_wait_s: 0, service_level: 95 }],
    agents: [],
    trunks: [],
    thresholds: () => DEFAULT_THRESHOLDS,
    ...over,
  };
}

const strict: QueueThresholds = {
  ...DEFAULT_THRESHOLDS,
  service_level: { target: 90, alarm: 70 },
  longest_wait_s: { warn: 10, alarm: 30 },
  agent_state_s: { not_ready: 60, wrap_up: 0, on_call: 600 },
};

Deno.test("a quiet center raises no alert", () => {
  assert.deepEqual(evaluateAlerts(facts()), []);
});

Deno.test("a service level under the queue's target raises an alert naming the queue", () => {
  const alerts = evaluateAlerts(facts({
    queues: [{ queue_id: 1, name: "Sales", longest_wait_s: 0, service_level: 85 }],
    thresholds: () => strict,
  }));
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].kind, "service_level");
  assert.equal(alerts[0].key, "service_level:1");
  assert.equal(alerts[0].value, 85);
  assert.equal(alerts[0].limit, 90);
  assert.equal(alerts[0].subject, "Sales");
  // With the default target of 80, 85 is fine; no figure yet is never an alert.
  assert.deepEqual(
    evaluateAlerts(facts({
      queues: [{ queue_id: 1, name: "Sales", longest_wait_s: 0, service_level: 85 }],
    })),
    [],
  );
  assert.deepEqual(
    evaluateAlerts(facts({
      queues: [{ queue_id: 1, name: "Sales", longest_wait_s: 0, service_level: null }],
      thresholds: () => strict,
    })),
    [],
  );
});

Deno.test("a caller waiting as long as the alarm limit raises a long-wait alert", () => {
  const at = (wait: number) =>
    evaluateAlerts(facts({
      queues: [{ queue_id: 2, name: "Support", longest_wait_s: wait, service_level: null }],
      thresholds: () => strict,
    }));
  assert.deepEqual(at(29), []);
  const alerts = at(30);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].kind, "long_wait");
  assert.equal(alerts[0].queue_id, 2);
  assert.equal(alerts[0].limit, 30);
});

Deno.test("an agent past the strictest time-in-state limit of their queues raises an alert", () => {
  const agent = (state: string, secondsAgo: number, queue_ids = [1, 2]) => ({
    id: 7,
    name: "Ann",
    state,
    since: NOW - secondsAgo * 1000,
    queue_ids,
  });
  const thresholds = (id: number) => id === 1 ? DEFAULT_THRESHOLDS : strict;
  assert.deepEqual(evaluateAlerts(facts({ agents: [agent("not_ready", 59)], thresholds })), []);
  const alerts = evaluateAlerts(facts({ agents: [agent("not_ready", 61)], thresholds }));
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].kind, "agent_state");
  assert.equal(alerts[0].key, "agent_state:7:not_ready");
  assert.equal(alerts[0].state, "not_ready");
  assert.equal(alerts[0].limit, 60);
  assert.equal(alerts[0].value, 61);
  // 0 means "no limit" in one queue; the other queue's limit still applies.
  const wrap = evaluateAlerts(facts({ agents: [agent("wrap_up", 200)], thresholds }));
  assert.equal(wrap[0]?.limit, DEFAULT_THRESHOLDS.agent_state_s.wrap_up);
  assert.deepEqual(
    evaluateAlerts(facts({ agents: [agent("wrap_up", 9999, [2])], thresholds })),
    [],
  );
  // Ready and logged out are never "too long".
  assert.deepEqual(evaluateAlerts(facts({ agents: [agent("ready", 99_999)], thresholds })), []);
  assert.deepEqual(
    evaluateAlerts(facts({ agents: [agent("logged_out", 99_999)], thresholds })),
    [],
  );
});

Deno.test("an agent not ready past their reason's own time limit raises the alert naming the reason", () => {
  type Reason = { code: string; label: string; limit_s: number | null };
  const lunch: Reason = { code: "lunch", label: "Lunch", limit_s: 3600 };
  const agent = (secondsAgo: number, reason: Reason | null = lunch) => ({
    id: 7,
    name: "Ann",
    state: "not_ready",
    since: NOW - secondsAgo * 1000,
    queue_ids: [1],
    reason,
  });
  const thresholds = () => strict; // not ready: 60 s in the queue
  // The reason's hour replaces the queue's minute: lunch is not flagged at 61 s.
  assert.deepEqual(evaluateAlerts(facts({ agents: [agent(61)], thresholds })), []);
  assert.deepEqual(evaluateAlerts(facts({ agents: [agent(3599)], thresholds })), []);
  const alerts = evaluateAlerts(facts({ agents: [agent(3601)], thresholds }));
  assert.equal(alerts.length, 1);
  assert.deepEqual(
    [alerts[0].kind, alerts[0].key, alerts[0].state, alerts[0].reason],
    ["agent_state", "agent_state:7:not_ready:lunch", "not_ready", "Lunch"],
  );
  assert.deepEqual([alerts[0].value, alerts[0].limit], [3601, 3600]);
  // A reason without a limit of its own leaves the queue's limit in force.
  const open = evaluateAlerts(facts({
    agents: [agent(61, { code: "meeting", label: "Meeting", limit_s: null })],
    thresholds,
  }));
  assert.deepEqual([open[0]?.key, open[0]?.limit, open[0]?.reason], [
    "agent_state:7:not_ready",
    60,
    null,
  ]);
  // A reason's limit also applies where the queues set none.
  const noQueueLimit = { ...strict, agent_state_s: { ...strict.agent_state_s, not_ready: 0 } };
  const short = { code: "break", label: "Break", limit_s: 600 };
  assert.equal(
    evaluateAlerts(facts({ agents: [agent(601, short)], thresholds: () => noQueueLimit }))[0]
      ?.reason,
    "Break",
  );
});

Deno.test("an enabled trunk that is down raises an alert; a disabled or unknown one does not", () => {
  const alerts = evaluateAlerts(facts({
    trunks: [
      { id: 1, name: "PBX A", enabled: true, health: "down" },
      { id: 2, name: "PBX B", enabled: false, health: "down" },
      { id: 3, name: "PBX C", enabled: true, health: "unknown" },
      { id: 4, name: "PBX D", enabled: true, health: "up" },
    ],
  }));
  assert.deepEqual(alerts.map((a) => [a.kind, a.trunk_id, a.subject]), [
    ["trunk_down", 1, "PBX A"],
  ]);
});

Deno.test("diffAlerts reports alerts that began and ones that ended, not those that hold", () => {
  const [sl, wait] = evaluateAlerts(facts({
    queues: [{ queue_id: 1, name: "Sales", longest_wait_s: 40, service_level: 50 }],
    thresholds: () => strict,
  }));
  const before = new Map([[sl.key, sl]]);
  assert.deepEqual(diffAlerts(before, [sl, wait]), { raised: [wait], cleared: [] });
  assert.deepEqual(diffAlerts(before, [wait]), { raised: [wait], cleared: [sl] });
  assert.deepEqual(diffAlerts(before, [sl]), { raised: [], cleared: [] });
});
