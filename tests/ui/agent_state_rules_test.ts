import assert from "node:assert/strict";
import {
  formatClock,
  parseAgentSnapshot,
  reasonOverrun,
  secondsLeft,
  stateActions,
} from "../../ui/agent/agent_state_rules.ts";

const free = { dispositionRequired: true, dispositionSaved: false };

Deno.test("stateActions() offers ready and not ready to a logged-out agent, but not log out", () => {
  const rules = stateActions({ state: "logged_out", ...free });
  assert.equal(rules.ready.enabled, true);
  assert.equal(rules.notReady.enabled, true);
  assert.equal(rules.logout.enabled, false);
  assert.equal(rules.extendWrapUp, false);
});

Deno.test("stateActions() does not offer ready to an agent who is already ready", () => {
  const rules = stateActions({ state: "ready", ...free });
  assert.equal(rules.ready.enabled, false);
  assert.equal(rules.ready.hint, "stateBar.hint.alreadyReady");
  assert.equal(rules.notReady.enabled, true);
  assert.equal(rules.logout.enabled, true);
});

Deno.test("stateActions() lets a not-ready agent change reason, go ready or log out", () => {
  const rules = stateActions({ state: "not_ready", ...free });
  assert.deepEqual(
    [rules.ready.enabled, rules.notReady.enabled, rules.logout.enabled],
    [true, true, true],
  );
});

Deno.test("stateActions() defers not ready and log out while ringing or talking", () => {
  for (const state of ["ringing", "on_call"] as const) {
    const rules = stateActions({ state, ...free });
    assert.equal(rules.ready.enabled, false, state);
    assert.equal(rules.notReady.enabled, true, state);
    assert.equal(rules.notReady.deferred, true, state);
    assert.equal(rules.logout.deferred, true, state);
  }
});

Deno.test("stateActions() keeps an agent in wrap-up until the required disposition is saved", () => {
  const blocked = stateActions({
    state: "wrap_up",
    dispositionRequired: true,
    dispositionSaved: false,
  });
  assert.equal(blocked.ready.enabled, false);
  assert.equal(blocked.ready.hint, "stateBar.hint.dispositionFirst");
  assert.equal(blocked.notReady.enabled, false);
  assert.equal(blocked.logout.enabled, false);
  assert.equal(blocked.extendWrapUp, true);

  const saved = stateActions({
    state: "wrap_up",
    dispositionRequired: true,
    dispositionSaved: true,
  });
  assert.equal(saved.ready.enabled, true);
  const optional = stateActions({
    state: "wrap_up",
    dispositionRequired: false,
    dispositionSaved: false,
  });
  assert.equal(optional.ready.enabled, true);
});

Deno.test("secondsLeft() counts down to the wrap-up end and stops at zero", () => {
  const end = "2026-01-01T10:00:30.000Z";
  const now = Date.parse("2026-01-01T10:00:00.000Z");
  assert.equal(secondsLeft(end, now), 30);
  assert.equal(secondsLeft(end, now + 29_100), 1);
  assert.equal(secondsLeft(end, now + 60_000), 0);
  assert.equal(secondsLeft(null, now), null);
  assert.equal(secondsLeft("not a time", now), null);
});

Deno.test("formatClock() shows m:ss, and h:mm:ss past an hour", () => {
  assert.equal(formatClock(0), "0:00");
  assert.equal(formatClock(65), "1:05");
  assert.equal(formatClock(3723), "1:02:03");
  assert.equal(formatClock(-5), "0:00");
});

Deno.test("parseAgentSnapshot() reads /agents/me and refuses bodies that are no agent", () => {
  const agent = parseAgentSnapshot({
    agent: {
      id: 7,
      state: "wrap_up",
      reason: null,
      since: "2026-01-01T10:00:00.000Z",
      reason_limit_s: null,
      wrap_up_ends_at: "2026-01-01T10:00:30.000Z",
      today: { calls: 3, aht_s: 200, acw_s: 15 },
      extra: "ignored",
    },
  });
  assert.deepEqual(agent, {
    id: 7,
    state: "wrap_up",
    reason: null,
    since: "2026-01-01T10:00:00.000Z",
    reason_limit_s: null,
    wrap_up_ends_at: "2026-01-01T10:00:30.000Z",
    today: { calls: 3, aht_s: 200, acw_s: 15 },
  });
  assert.equal(parseAgentSnapshot({ agent: { id: 1, state: "dancing" } }), null);
  assert.equal(parseAgentSnapshot(null), null);
  assert.deepEqual(parseAgentSnapshot({ agent: { id: "a", state: "ready" } })?.today, {
    calls: 0,
    aht_s: 0,
    acw_s: 0,
  });
});

Deno.test("reasonOverrun() counts the seconds an agent stays not ready past the reason's limit", () => {
  const since = "2026-01-01T12:00:00.000Z";
  const lunch = { state: "not_ready" as const, since, reason_limit_s: 3600 };
  const at = (seconds: number) => Date.parse(since) + seconds * 1000;
  assert.equal(reasonOverrun(lunch, at(3600)), null);
  assert.equal(reasonOverrun(lunch, at(3601)), 1);
  assert.equal(reasonOverrun(lunch, at(3725)), 125);
  assert.equal(reasonOverrun({ ...lunch, reason_limit_s: null }, at(99_999)), null);
  assert.equal(reasonOverrun({ ...lunch, state: "ready" }, at(99_999)), null);
  assert.equal(reasonOverrun({ ...lunch, since: null }, at(99_999)), null);
});
