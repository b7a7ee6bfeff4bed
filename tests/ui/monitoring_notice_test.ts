import assert from "node:assert/strict";
import { monitoredAfter } from "../../ui/agent/monitoring_notice.ts";

const event = (type: string, data: Record<string, unknown>) => ({ type, at: "", data });

Deno.test("the agent is told of monitoring on their own call, its mode changes and its end", () => {
  let mode = monitoredAfter(
    null,
    event("monitor.started", { call_id: "c1", mode: "listen" }),
    "c1",
  );
  assert.equal(mode, "listen");
  mode = monitoredAfter(mode, event("monitor.mode", { call_id: "c1", mode: "whisper" }), "c1");
  assert.equal(mode, "whisper");
  mode = monitoredAfter(mode, event("agent.state", { state: "on_call" }), "c1");
  assert.equal(mode, "whisper", "other events change nothing");
  assert.equal(monitoredAfter(mode, event("monitor.ended", { call_id: "c1" }), "c1"), null);
  assert.equal(monitoredAfter(mode, event("call.ended", { call_id: "c1" }), "c1"), null);
});

Deno.test("monitoring of somebody else's call is not the agent's business", () => {
  assert.equal(
    monitoredAfter(null, event("monitor.started", { call_id: "c2", mode: "barge" }), "c1"),
    null,
  );
  assert.equal(
    monitoredAfter("listen", event("monitor.ended", { call_id: "c2" }), "c1"),
    "listen",
  );
  assert.equal(
    monitoredAfter("listen", event("monitor.mode", { call_id: "c1", mode: "barge" }), null),
    null,
    "off a call there is nothing to monitor",
  );
});
