import assert from "node:assert/strict";
import { MonitorController } from "../../ui/supervisor/monitor_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const CALL = "c-1";

function fakeApi() {
  const sent: string[] = [];
  return {
    sent,
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      const mode = (body as { mode?: string } | undefined)?.mode ?? "listen";
      const state = path.endsWith("take-over") ? "taken_over" : "ringing";
      return Promise.resolve({ monitor: { call_id: CALL, supervisor: "s", mode, state } } as T);
    },
  };
}

Deno.test("a monitoring session rings first, answers only its own ring, and switches mode on the same call", async () => {
  const api = fakeApi();
  const monitor = new MonitorController(host(), api);
  await monitor.monitor(CALL, "listen");
  assert.equal(monitor.session?.state, "ringing");
  assert.equal(monitor.isOwnRing(CALL), true);
  assert.equal(monitor.isOwnRing("another"), false);
  assert.equal(monitor.isOwnRing(null), false);
  monitor.onEvent({ type: "monitor.started", at: "", data: { call_id: CALL, mode: "listen" } });
  assert.equal(monitor.session?.state, "joined");
  assert.equal(monitor.isOwnRing(CALL), false, "a joined session answers no further ring");

  await monitor.monitor(CALL, "whisper");
  assert.deepEqual(api.sent, [
    `POST /calls/${CALL}/monitor {"mode":"listen"}`,
    `PATCH /calls/${CALL}/monitor {"mode":"whisper"}`,
  ]);
  await monitor.takeOver();
  assert.equal(monitor.session?.state, "taken_over");
  monitor.onEvent({ type: "call.ended", at: "", data: { call_id: CALL } });
  assert.equal(monitor.session, null, "the call's end ends the session");
});

Deno.test("a refused monitoring request shows the appliance's reason and keeps no session", async () => {
  const monitor = new MonitorController(host(), {
    request: () => Promise.reject(new Error("Team leads may monitor only their own team's agents")),
  });
  await monitor.monitor(CALL, "barge");
  assert.equal(monitor.session, null);
  assert.match(monitor.error ?? "", /own team/);
  assert.equal(monitor.busy, false);
});
