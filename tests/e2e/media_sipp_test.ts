/**
 * The media side of IVR calls with SIPp as the PBX: the prompt stream the appliance
 * sends (paced at 50 packets a second, sequence and timestamps in step), and the
 * recording of the caller's audio, fetched through the API with a Range request.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { decodeG711, parseRtp } from "../../src/media/mod.ts";
import { hasPeer } from "../support/peers.ts";
import {
  LIVE_DEMO_PASSWORD,
  type LiveAppliance,
  startLiveAppliance,
} from "../support/live_appliance.ts";
import { runSipp } from "../support/sipp.ts";
import {
  callFrom,
  dialDemo,
  eventsOf,
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

async function withDemo(fn: (live: LiveAppliance) => Promise<void>): Promise<void> {
  const live = await startLiveAppliance();
  try {
    await openAllHours(live);
    await fn(live);
  } finally {
    await live.stop();
  }
}

interface Arrival {
  at: number;
  seq: number;
  timestamp: number;
  ssrc: number;
  level: number;
}

Deno.test({
  name:
    "a call to the demo number hears a prompt: 50 packets a second, consecutive sequence numbers, timestamps 160 apart",
  ...options,
  fn: () =>
    withDemo(async (live) => {
      // SIPp's SDP names our socket and SIPp itself sends no RTP, so nothing else arrives here.
      const socket = dgram.createSocket("udp4");
      await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
      const arrivals: Arrival[] = [];
      socket.on("message", (msg: Uint8Array) => {
        const parsed = parseRtp(new Uint8Array(msg));
        if (!parsed.ok || parsed.packet.payloadType !== 8) return;
        const { packet } = parsed;
        arrivals.push({
          at: performance.now(),
          seq: packet.sequenceNumber,
          timestamp: packet.timestamp,
          ssrc: packet.ssrc,
          level: meanLevelOf(decodeG711("PCMA", packet.payload)),
        });
      });
      try {
        const result = await runSipp({
          scenario: "ivr_listen.xml",
          fill: { caller: "+8613900003333", rtp_port: String(socket.address().port) },
          target: `127.0.0.1:${live.sipPort}`,
          service: "1000",
          durationMs: 4000,
        });
        assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      } finally {
        await new Promise<void>((resolve) => socket.close(() => resolve()));
      }

      assert.ok(arrivals.length > 150, `${arrivals.length} packets`);
      const seconds = (arrivals.at(-1)!.at - arrivals[0].at) / 1000;
      const rate = (arrivals.length - 1) / seconds;
      assert.ok(rate > 48 && rate < 52, `${rate.toFixed(1)} packets/s`);
      assert.equal(new Set(arrivals.map((a) => a.ssrc)).size, 1);
      for (let i = 1; i < arrivals.length; i++) {
        assert.equal(arrivals[i].seq, (arrivals[i - 1].seq + 1) & 0xffff, `packet ${i}`);
        assert.equal(arrivals[i].timestamp, (arrivals[i - 1].timestamp + 160) >>> 0, `packet ${i}`);
      }
      // The welcome prompt, not only the silence sent while nothing plays.
      const spoken = arrivals.filter((a) => a.level > 300).length;
      assert.ok(spoken > 50, `${spoken} packets carry speech`);
      const call = await callFrom(live, "+8613900003333");
      const events = await eventsOf(live, call.id);
      assert.ok(events.some((e) => e.type === "ivr.played"));
    }),
});

Deno.test({
  name:
    "an IVR call is recorded from answer to hang-up with the caller's speech, and the API serves it in ranges",
  ...options,
  fn: () =>
    withDemo(async (live) => {
      const caller = "+8613900004444";
      const result = await dialDemo(live, caller, [pause(500), speech(), pause(8000)]);
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const call = await callFrom(live, caller);
      await eventsOf(live, call.id, "ivr.result");

      const qa = await live.api("qa1");
      const listed = await (await qa.get(`/recordings?call_id=${call.id}`)).json();
      assert.equal(listed.recordings.length, 1);
      const recording = listed.recordings[0];
      assert.equal(recording.channels, 1);
      assert.deepEqual(recording.legs, ["caller"]);
      const expectedMs = Date.parse(call.ended_at!) - Date.parse(call.answered_at!);
      assert.ok(
        Math.abs(recording.duration_ms - expectedMs) <= 500,
        `recorded ${recording.duration_ms} ms of a ${expectedMs} ms call`,
      );

      const head = await qa.send("GET", `/recordings/${recording.id}/audio`, undefined);
      assert.equal(head.status, 200);
      const whole = new Uint8Array(await head.arrayBuffer());
      assert.equal(whole.length, recording.size_bytes);

      const ranged = await fetchRange(live, recording.id, "bytes=44-");
      assert.equal(ranged.status, 206);
      assert.equal(
        ranged.headers.get("content-range"),
        `bytes 44-${recording.size_bytes - 1}/${recording.size_bytes}`,
      );
      const pcm = new Uint8Array(await ranged.arrayBuffer());
      assert.equal(pcm.length, recording.size_bytes - 44);
      assert.deepEqual(pcm, whole.subarray(44));
      // About 7 s of speech in a call of about 9 s.
      assert.ok(meanLevel(pcm) > 200, `mean level ${meanLevel(pcm).toFixed(0)}`);

      const tail = await fetchRange(live, recording.id, "bytes=-100");
      assert.equal(tail.status, 206);
      assert.equal((await tail.arrayBuffer()).byteLength, 100);
      const beyond = await fetchRange(live, recording.id, `bytes=${recording.size_bytes}-`);
      assert.equal(beyond.status, 416);
      await beyond.body?.cancel();

      // Agents who did not handle the call may not listen; every fetch above was audit-logged.
      const agent = await live.api("agent1");
      assert.equal((await agent.get(`/recordings/${recording.id}/audio`)).status, 403);
      const admin = await live.api("admin");
      const audit = await (await admin.get("/audit?entity=recordings")).json();
      const fetches = audit.entries as { action: string }[];
      assert.equal(
        fetches.filter((e) => e.action === "GET /recordings/:id/audio").length,
        4,
        JSON.stringify(audit).slice(0, 500),
      );
    }),
});

/** The audio of a recording with a Range header, as QA (the live client sets no Range). */
async function fetchRange(live: LiveAppliance, id: number, range: string): Promise<Response> {
  const login = await fetch(`http://127.0.0.1:${live.httpPort}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "qa1", password: LIVE_DEMO_PASSWORD }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  await login.body?.cancel();
  return await fetch(`http://127.0.0.1:${live.httpPort}/api/v1/recordings/${id}/audio`, {
    headers: { cookie, range },
  });
}

function meanLevelOf(pcm: Int16Array): number {
  let sum = 0;
  for (const s of pcm) sum += Math.abs(s);
  return sum / pcm.length;
}
