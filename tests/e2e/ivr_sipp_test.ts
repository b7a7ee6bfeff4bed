/**
 * SIPp as the office PBX dials the demo number (DID 1000, the main menu) and presses
 * keys with RFC 4733 events from SIPp's own captures. The office schedule is opened
 * around the clock first, so the tests do not depend on when they run. Prompts are
 * spoken in Chinese (the flow's language and the demo customer's), whose welcome
 * lasts about 5 s; these callers wait for the menu before pressing keys (keys pressed
 * during the welcome are typed ahead into the menu: ivr_bare_machine_sipp_test.ts).
 *
 * SIPp replays each key's capture as recorded: one SSRC for all of them, but sequence
 * numbers and timestamps from wherever the capture was taken. Keys whose captures jump
 * far (a sequence restart, RFC 3550 §A.1) are heard; a key whose capture lies just
 * before the previous one's (9 then 8) looks like a late packet, as it would from a
 * real sender, so the sequences below avoid that pairing.
 */
import assert from "node:assert/strict";
import { hasPeer } from "../support/peers.ts";
import { type LiveAppliance, startLiveAppliance } from "../support/live_appliance.ts";
import {
  type CallEvent,
  callFrom,
  dialDemo,
  eventsOf,
  keys,
  meanLevel,
  openAllHours,
  pause,
  speech,
} from "../support/ivr_calls.ts";

const options = {
  ignore: !hasPeer("sipp") || !hasPeer("espeak-ng"),
  sanitizeOps: false,
  sanitizeResources: false,
};

/** Demo customer Zhou Xiaoming (account 12345, language zh-CN). */
const ZHOU = "+8613800138000";
/** Into the main menu: past the welcome, which keys cannot interrupt. */
const MENU_MS = 6500;

async function withDemo(fn: (live: LiveAppliance) => Promise<void>): Promise<void> {
  const live = await startLiveAppliance();
  try {
    await openAllHours(live);
    await fn(live);
  } finally {
    await live.stop();
  }
}

function digitsOf(events: CallEvent[]): { node: unknown; digits: unknown; reason: unknown }[] {
  return events.filter((e) => e.type === "ivr.digits").map((e) => ({
    node: e.data.node,
    digits: e.data.digits,
    reason: e.data.reason,
  }));
}

function resultOf(events: CallEvent[]): Record<string, unknown> {
  const result = events.find((e) => e.type === "ivr.result");
  assert.ok(result, `no ivr.result in ${events.map((e) => e.type).join(", ")}`);
  return result.data;
}

Deno.test({
  name: "keys sent as RFC 4733 events reach the menu and the account entry in the order pressed",
  ...options,
  fn: () =>
    withDemo(async (live) => {
      const caller = "+8613900001111";
      const result = await dialDemo(live, caller, [
        pause(MENU_MS),
        keys("3"),
        pause(1000),
        keys("40719#"),
        pause(1500),
      ]);
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const call = await callFrom(live, caller);
      const events = await eventsOf(live, call.id, "ivr.result");
      assert.deepEqual(digitsOf(events), [
        { node: "menu", digits: "3", reason: "max" },
        { node: "account", digits: "40719", reason: "terminator" },
      ]);
      const lookup = events.find((e) => e.type === "ivr.self_service");
      assert.equal(lookup?.data.found, false);
      assert.deepEqual(resultOf(events).route, { type: "hangup", reason: "caller" });
      assert.equal(call.end_cause, "caller_hangup");
    }),
});

Deno.test({
  name: "self-service: 3, then account 12345#, speaks the case status, and the flow says goodbye",
  ...options,
  fn: () =>
    withDemo(async (live) => {
      const result = await dialDemo(live, ZHOU, [
        pause(MENU_MS),
        keys("3"),
        pause(1000),
        keys("12345#"),
      ], { untilBye: true });
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const call = await callFrom(live, ZHOU);
      const events = await eventsOf(live, call.id);
      assert.deepEqual(digitsOf(events).slice(0, 2), [
        { node: "menu", digits: "3", reason: "max" },
        { node: "account", digits: "12345", reason: "terminator" },
      ]);
      const lookup = events.findIndex((e) => e.type === "ivr.self_service");
      assert.ok(lookup >= 0);
      assert.equal(events[lookup].data.found, true);
      assert.equal(events[lookup].data.query, "case_status");
      // What the caller heard: the status prompt played to its end, after the look-up.
      const heard = events.slice(lookup).find((e) =>
        e.type === "media.played" &&
        (e.data.items as { name?: string }[]).some((i) => i.name === "case_status_intro")
      );
      assert.ok(heard, "the status was never played");
      assert.equal(heard.data.end, "done");
      const names = (heard.data.items as { kind: string; name?: string }[]).map((i) =>
        i.name ?? i.kind
      );
      assert.ok(names.some((n) => n.startsWith("status_")), names.join(","));
      assert.ok((heard.data.duration_ms as number) > 1000);
      const outcome = resultOf(events);
      assert.equal(outcome.self_served, true);
      assert.equal(call.end_cause, "appliance_hangup");
    }),
});

Deno.test({
  name: "voicemail: 9, the caller speaks after the beep and hangs up; the message is kept for Zhou",
  ...options,
  fn: () =>
    withDemo(async (live) => {
      const result = await dialDemo(live, ZHOU, [
        pause(MENU_MS),
        keys("9"),
        // The greeting (about 7 s) and the beep, then about 7 s of speech.
        pause(8500),
        speech(),
        pause(7500),
      ]);
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const call = await callFrom(live, ZHOU);
      const events = await eventsOf(live, call.id, "ivr.result");
      const left = events.find((e) => e.type === "ivr.voicemail");
      assert.ok(left, events.map((e) => e.type).join(", "));
      assert.equal(left.data.ended, "hangup");
      const { db } = live.appliance.parts;
      const zhou = db.get<{ customer_id: number }>(
        "SELECT customer_id FROM customer_phones WHERE e164 = ?",
        ZHOU,
      )!;
      const row = db.get<{ customer_id: number; path: string; duration_ms: number }>(
        "SELECT customer_id, path, duration_ms FROM voicemails WHERE call_id = ?",
        call.id,
      );
      assert.ok(row);
      assert.equal(row.customer_id, zhou.customer_id);
      assert.ok(row.duration_ms > 5000 && row.duration_ms < 10000, `${row.duration_ms} ms`);
      const wav = await Deno.readFile(`${live.dir}/${row.path}`);
      assert.ok(meanLevel(wav.subarray(44)) > 200, "the voicemail is silent");
    }),
});

Deno.test({
  name: "2 sends the caller to the Support queue with the support skill",
  ...options,
  fn: () =>
    withDemo(async (live) => {
      const caller = "+8613900002222";
      const result = await dialDemo(live, caller, [pause(MENU_MS), keys("2"), pause(5000)]);
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const call = await callFrom(live, caller);
      const events = await eventsOf(live, call.id, "ivr.result");
      const route = resultOf(events).route as Record<string, unknown>;
      assert.equal(route.type, "queue");
      assert.equal(route.queue, "Support");
      assert.deepEqual(route.skills, ["support"]);
      assert.equal(typeof route.queueId, "number");
    }),
});
