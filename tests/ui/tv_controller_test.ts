import assert from "node:assert/strict";
import { type TvBoard, TvController } from "../../ui/supervisor/tv_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

/** Timers run by hand: `fire(ms)` runs the timer set for that many milliseconds. */
function manualTimers() {
  const timers: { ms: number; fn: () => void; live: boolean }[] = [];
  return {
    setTimer(ms: number, fn: () => void) {
      const timer = { ms, fn, live: true };
      timers.push(timer);
      return () => timer.live = false;
    },
    pending: (ms: number) => timers.filter((t) => t.live && t.ms === ms).length,
    fire(ms: number) {
      const timer = timers.find((t) => t.live && t.ms === ms);
      assert.ok(timer, `a timer of ${ms} ms is set`);
      timer.live = false;
      timer.fn();
    },
  };
}

const board = (waiting: number): TvBoard => ({
  label: "Floor 2",
  queues: ["Sales", "Support", "Billing"].map((name, i) => ({
    queue_id: i + 1,
    name,
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
  })),
  thresholds: [],
  alerts: [],
  refresh_s: 2,
  rotate_s: 5,
  at: "2026-05-01T09:00:00.000Z",
});

const flush = () => new Promise((r) => setTimeout(r, 0));

Deno.test("a TV screen refreshes at the link's pace, rotates through queues and stops for good once revoked", async () => {
  const timers = manualTimers();
  const asked: string[] = [];
  let answer: () => Response = () => Response.json(board(1));
  const tv = new TvController(host(), {
    token: () => "tok_abcdefghijklmnopqrstu",
    fetch: (url) => {
      asked.push(url);
      return Promise.resolve(answer());
    },
    setTimer: timers.setTimer,
  });
  tv.hostConnected();
  await flush();
  assert.equal(tv.status, "live");
  assert.deepEqual(asked, ["/api/v1/tv/tok_abcdefghijklmnopqrstu"]);
  assert.equal(tv.queue?.name, "Sales");

  timers.fire(5000);
  assert.equal(tv.queue?.name, "Support");
  timers.fire(5000);
  timers.fire(5000);
  assert.equal(tv.queue?.name, "Sales", "after the last queue comes the first again");

  answer = () => Response.json(board(4));
  timers.fire(2000);
  await flush();
  assert.equal(tv.polls, 2);
  assert.equal(tv.queue?.calls_waiting, 4);

  answer = () => new Response("down", { status: 503 });
  timers.fire(2000);
  await flush();
  assert.equal(tv.status, "offline");
  assert.equal(tv.queue?.calls_waiting, 4, "an unreachable appliance keeps the last figures");
  assert.equal(timers.pending(2000), 1, "and it is asked again");

  answer = () => Response.json({ error: { message: "revoked" } }, { status: 404 });
  timers.fire(2000);
  await flush();
  assert.equal(tv.status, "revoked");
  assert.equal(tv.board, null, "a revoked link shows no figures");
  assert.equal(timers.pending(2000), 0, "nothing more is asked");
  assert.equal(timers.pending(5000), 0, "nor rotated");
  tv.hostDisconnected();
});
