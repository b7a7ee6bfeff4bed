import assert from "node:assert/strict";
import type { ApiClient, Health } from "../../ui/common/api_client.ts";
import {
  REPLICATION_REFRESH_MS,
  ReplicationController,
  summarize,
} from "../../ui/admin/replication_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

function manualTimers() {
  const timers: { ms: number; fn: () => void; live: boolean }[] = [];
  return {
    setTimer(ms: number, fn: () => void) {
      const timer = { ms, fn, live: true };
      timers.push(timer);
      return () => timer.live = false;
    },
    pending: () => timers.filter((t) => t.live).length,
    fire(ms: number) {
      const timer = timers.find((t) => t.live && t.ms === ms);
      assert.ok(timer, `a timer of ${ms} ms is set`);
      timer.live = false;
      timer.fn();
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

const primary = (over: Partial<NonNullable<Health["replication"]>> = {}): Health => ({
  status: "ok",
  version: "1",
  uptime_s: 10,
  role: "primary",
  replication: { epoch: 2, state: "primary", head_seq: 40, last_contact_s: 0.5, lag_s: 0, ...over },
});

function fakeApi(answers: Health[], posts: string[] = []) {
  return {
    health: () => Promise.resolve(answers.shift() ?? answers.at(-1)!),
    request: (method: string, path: string) => {
      posts.push(`${method} ${path}`);
      return Promise.resolve({ epoch: 2, role: "standby" });
    },
  } as unknown as ApiClient;
}

Deno.test("replication is summed up from what health says of the peer and the lag", () => {
  assert.equal(summarize(undefined), "off");
  assert.equal(summarize(primary().replication), "healthy");
  assert.equal(summarize(primary({ last_contact_s: undefined }).replication), "no_standby");
  assert.equal(summarize(primary({ last_contact_s: 20 }).replication), "peer_lost");
  assert.equal(summarize(primary({ lag_s: 6 }).replication), "behind");
  assert.equal(
    summarize({ epoch: 1, state: "following", head_seq: 3, applied_seq: 3, last_contact_s: 1 }),
    "healthy",
  );
  assert.equal(summarize({ epoch: 1, state: "stopped", head_seq: 3 }), "stopped");
  assert.equal(summarize({ epoch: 0, state: "connecting", head_seq: 0 }), "connecting");
});

Deno.test("the replication screen reads health again while open and stops when closed", async () => {
  const timers = manualTimers();
  const controller = new ReplicationController(
    host(),
    fakeApi([primary({ last_contact_s: undefined }), primary()]),
    { setTimer: timers.setTimer },
  );
  controller.hostConnected();
  await flush();
  assert.equal(controller.summary, "no_standby");
  assert.equal(controller.canSwitchOver, false, "nobody to hand over to");
  timers.fire(REPLICATION_REFRESH_MS);
  await flush();
  assert.equal(controller.summary, "healthy");
  assert.equal(controller.canSwitchOver, true);
  controller.hostDisconnected();
  assert.equal(timers.pending(), 0);
});

Deno.test("a switchover posts once and then is not offered again", async () => {
  const posts: string[] = [];
  const controller = new ReplicationController(host(), fakeApi([primary()], posts), {
    setTimer: manualTimers().setTimer,
  });
  await controller.refresh();
  assert.equal(controller.canSwitchOver, true);
  await controller.switchOver();
  assert.deepEqual(posts, ["POST /replication/switchover"]);
  assert.equal(controller.handedOver, 2);
  assert.equal(controller.canSwitchOver, false);
});

Deno.test("a standby is never offered the switchover", async () => {
  const controller = new ReplicationController(
    host(),
    fakeApi([{
      status: "ok",
      version: "1",
      uptime_s: 1,
      role: "standby",
      replication: { epoch: 2, state: "following", head_seq: 4, applied_seq: 4, last_contact_s: 1 },
    }]),
    { setTimer: manualTimers().setTimer },
  );
  await controller.refresh();
  assert.equal(controller.canSwitchOver, false);
});
