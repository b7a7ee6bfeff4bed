/**
 * A card number keyed into the IVR is not kept: SIPp as the office PBX calls a flow that
 * greets the caller and then asks for a number marked secret, talking the whole time
 * (SIPp's A-law speech, which never decodes to a zero sample) and pressing four keys as
 * RFC 4733 events. The caller's IVR recording must be silent from the pause to its resume,
 * marked as a pause, and the keys must appear in no event, masked where the entry is noted.
 * SIPp replays one capture per key with that capture's sequence numbers, so a key pressed
 * twice in a row would look like a duplicate packet: the number has four different keys.
 */
import assert from "node:assert/strict";
import { parseWav } from "../../src/media/mod.ts";
import { hasPeer } from "../support/peers.ts";
import { startLiveAppliance } from "../support/live_appliance.ts";
import { type CallEvent, callFrom, eventsOf, keys, pause, speech } from "../support/ivr_calls.ts";
import { runSipp } from "../support/sipp.ts";

const CALLER = "+8613900002222";
const DID = "7100";

const FLOW = {
  format: 1,
  name: "Pay by card",
  timezone: "Asia/Shanghai",
  language: "en",
  start: "welcome",
  fallback: "bye",
  nodes: {
    welcome: { type: "play", play: ["welcome"], exits: { next: "card" } },
    card: {
      type: "collect",
      play: ["enter_account"],
      variable: "card",
      min: 4,
      max: 4,
      timeout_s: 10,
      secret: true,
      exits: { done: "thanks", failed: "bye" },
    },
    // Time for SIPp to finish its last step before our BYE.
    thanks: { type: "play", play: ["goodbye"], exits: { next: "bye" } },
    bye: { type: "hangup" },
  },
};

Deno.test({
  name:
    "keys of a secret IVR entry leave a marked silent gap in the recording and no trace in the events",
  ignore: !hasPeer("sipp") || !hasPeer("espeak-ng"),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const live = await startLiveAppliance();
    try {
      const admin = await live.api("admin");
      const created = await admin.send("POST", "/ivr/flows", { name: FLOW.name, definition: FLOW });
      assert.equal(created.status, 201, await created.clone().text());
      const flowId = (await created.json()).flow.id;
      const published = await admin.send("POST", `/ivr/flows/${flowId}/publish`);
      assert.equal(published.status, 200, await published.clone().text());
      await published.body?.cancel();
      const number = await admin.send("POST", "/numbers", {
        number: DID,
        target_type: "ivr",
        target_id: flowId,
        ring_s: 0,
      });
      assert.equal(number.status, 201, await number.clone().text());
      await number.body?.cancel();

      // Speech from the answer on (7 s, replayed), keys well after the welcome and the prompt.
      const result = await runSipp({
        scenario: "ivr_caller_until_bye.xml",
        fill: {
          caller: CALLER,
          steps: [speech(), pause(7000), speech(), pause(4000), keys("4071")].join(
            "\n  ",
          ),
          bye_timeout_ms: "20000",
        },
        target: `127.0.0.1:${live.sipPort}`,
        service: DID,
        timeoutS: 60,
      });
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));

      const call = await callFrom(live, CALLER);
      const events: CallEvent[] = await eventsOf(live, call.id);
      const marks = events.filter((e) => e.type.startsWith("recording."));
      assert.deepEqual(marks.map((e) => [e.type, e.data.by]), [
        ["recording.paused", "ivr"],
        ["recording.resumed", "ivr"],
      ]);
      const entry = events.find((e) => e.type === "ivr.digits");
      assert.deepEqual([entry?.data.digits, entry?.data.reason], ["****", "max"]);
      assert.ok(
        !events.some((e) => JSON.stringify(e.data).includes("4071")),
        "the keys are in an event",
      );

      const supervisor = await live.api("super1");
      let row: { id: number; pauses: { at_ms: number; duration_ms: number }[] } | undefined;
      for (let i = 0; i < 50 && !row; i++) {
        const { recordings } = await (await supervisor.get(`/recordings?call_id=${call.id}`))
          .json();
        row = recordings.find((r: { duration_ms: number | null }) => r.duration_ms !== null);
        if (!row) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(row, "the IVR recording was not closed");
      assert.equal(row.pauses.length, 1);
      const gap = row.pauses[0];
      // The English welcome lasts about 2 s: the pause starts after it, not with the call.
      assert.ok(gap.at_ms >= 1000, `the pause began at ${gap.at_ms} ms, before the welcome ended`);
      assert.ok(gap.duration_ms >= 3000, `the pause lasted only ${gap.duration_ms} ms`);
      const wav = parseWav(
        new Uint8Array(await (await supervisor.get(`/recordings/${row.id}/audio`)).arrayBuffer()),
      );
      const from = gap.at_ms * 8;
      const to = (gap.at_ms + gap.duration_ms) * 8;
      assert.ok(wav.samples.subarray(from, to).every((s) => s === 0), "the gap holds audio");
      // The caller's speech before the pause is kept (A-law speech has no zero samples for long).
      const before = wav.samples.subarray(Math.max(0, from - 8000), from);
      assert.ok(before.some((s) => s !== 0), "the caller before the pause is missing");
    } finally {
      await live.stop();
    }
  },
});
