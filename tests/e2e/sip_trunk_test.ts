import assert from "node:assert/strict";
import { hasPeer } from "../support/peers.ts";
import { type LiveAppliance, startLiveAppliance } from "../support/live_appliance.ts";
import { createRequest, serializeMessage } from "../../src/sip/core/mod.ts";
import { SipUdpClient } from "../support/sip_udp_client.ts";
import { runSipp } from "../support/sipp.ts";

const options = { ignore: !hasPeer("sipp"), sanitizeOps: false, sanitizeResources: false };

async function withAppliance(fn: (live: LiveAppliance) => Promise<void>): Promise<void> {
  const live = await startLiveAppliance();
  try {
    await fn(live);
  } finally {
    await live.stop();
  }
}

interface CallSummary {
  id: string;
  state: string;
  end_cause: string | null;
  answered_at: string | null;
}

async function calls(live: LiveAppliance, query = "limit=500"): Promise<CallSummary[]> {
  const api = await live.api("super1");
  return (await (await api.get(`/calls?${query}`)).json()).calls;
}

async function eventsOf(
  live: LiveAppliance,
  id: string,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const api = await live.api("super1");
  return (await (await api.get(`/calls/${id}`)).json()).events;
}

async function addRingingNumber(live: LiveAppliance, number: string, ringS: number): Promise<void> {
  const admin = await live.api("admin");
  const response = await admin.send("POST", "/numbers", {
    number,
    target_type: "ivr",
    target_id: 1,
    ring_s: ringS,
  });
  assert.equal(response.status, 201, await response.text());
}

Deno.test({
  name:
    "200 PBX calls at 20 per second to DID 1000 all complete: INVITE, 100/180, 200, ACK, pause, BYE",
  ...options,
  fn: () =>
    withAppliance(async (live) => {
      const result = await runSipp({
        scenario: "trunk_call.xml",
        fill: { caller: "+8613800138000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        calls: 200,
        rate: 20,
        durationMs: 500,
        extra: ["-l", "50"],
        timeoutS: 60,
      });
      assert.equal(result.code, 0, result.errors || result.output.slice(-2000));
      assert.equal(result.successful, 200);
      assert.equal(result.failed, 0);
      const recorded = await calls(live);
      assert.equal(recorded.length, 200);
      assert.ok(recorded.every((c) =>
        c.state === "ended" && c.end_cause === "caller_hangup" && c.answered_at
      ));
      const events = await eventsOf(live, recorded[0].id);
      // DID 1000 runs the IVR; its own events (ivr.*, media.*) are checked in ivr_sipp_test.ts.
      assert.deepEqual(
        events.map((e) =>
          e.type
        ).filter((type) => type.startsWith("call.")),
        ["call.offered", "call.answered", "call.ended"],
      );
      assert.equal(events[0].data.caller, "+8613800138000");
      assert.equal(events[0].data.did, "1000");
    }),
});

Deno.test({
  name:
    "a CANCEL right after 180 gets 200 and 487, and the call ends as a caller cancel never answered",
  ...options,
  fn: () =>
    withAppliance(async (live) => {
      await addRingingNumber(live, "2000", 10);
      const result = await runSipp({
        scenario: "trunk_cancel.xml",
        fill: { caller: "1234", ring_ms: "0" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "2000",
      });
      assert.equal(result.code, 0, result.errors || result.messages);
      const [call] = await calls(live);
      assert.equal(call.end_cause, "caller_cancel");
      assert.equal(call.answered_at, null);
    }),
});

Deno.test({
  name: "the PBX hanging up after two seconds of ringing ends the call without an answer",
  ...options,
  fn: () =>
    withAppliance(async (live) => {
      await addRingingNumber(live, "2001", 10);
      const result = await runSipp({
        scenario: "trunk_cancel.xml",
        fill: { caller: "5678", ring_ms: "2000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "2001",
      });
      assert.equal(result.code, 0, result.errors || result.messages);
      const [call] = await calls(live);
      const events = await eventsOf(live, call.id);
      assert.deepEqual(events.map((e) => e.type), ["call.offered", "call.ended"]);
      assert.equal(events[1].data.cause, "caller_cancel");
      assert.equal(events[1].data.sip_status, 487);
    }),
});

Deno.test({
  name: "a re-INVITE with sendonly is answered recvonly (hold) and sendrecv takes the call back",
  ...options,
  fn: () =>
    withAppliance(async (live) => {
      const result = await runSipp({
        scenario: "trunk_hold.xml",
        fill: { caller: "+8613911112222" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
      });
      assert.equal(result.code, 0, result.errors || result.messages);
      const [call] = await calls(live);
      const types = (await eventsOf(live, call.id)).map((e) => e.type).filter((type) =>
        type.startsWith("call.")
      );
      assert.deepEqual(types, [
        "call.offered",
        "call.answered",
        "call.held",
        "call.resumed",
        "call.ended",
      ]);
    }),
});

Deno.test({
  // SIPp sends its two copies as two scenario steps, and under load the appliance's 180 can
  // land between them, which SIPp treats as an unexpected message. The PBX side here is a
  // bare UDP socket that puts both copies on the wire back to back, so the check is exact.
  name: "a UDP INVITE retransmitted before any answer is absorbed: one call, not two",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withAppliance(async (live) => {
      const pbx = await SipUdpClient.open("127.0.0.1");
      try {
        const invite = createRequest({
          method: "INVITE",
          uri: `sip:1000@127.0.0.1:${live.sipPort}`,
        });
        invite.headers.append(
          "Via",
          `SIP/2.0/UDP 127.0.0.1:${pbx.port};branch=z9hG4bKretransmitted1`,
        );
        invite.headers.append("From", `<sip:3333@127.0.0.1:${pbx.port}>;tag=pbx1`);
        invite.headers.append("To", `<sip:1000@127.0.0.1:${live.sipPort}>`);
        invite.headers.append("Call-ID", "retransmitted-invite@pbx");
        invite.headers.append("CSeq", "1 INVITE");
        invite.headers.append("Contact", `<sip:3333@127.0.0.1:${pbx.port}>`);
        invite.headers.append("Max-Forwards", "70");
        invite.headers.append("Content-Type", "application/sdp");
        invite.body = new TextEncoder().encode(
          "v=0\r\no=pbx 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
        );
        const bytes = serializeMessage(invite);
        pbx.sendRaw(bytes, live.sipPort);
        pbx.sendRaw(bytes, live.sipPort);
        const ok = await pbx.response("1 INVITE", 5000);
        assert.equal(ok.status, 200);
        const toTag = ok.headers.get("To")!;
        const inDialog = (method: string, seq: number, branch: string) => {
          const request = createRequest({ method, uri: `sip:cc@127.0.0.1:${live.sipPort}` });
          request.headers.append("Via", `SIP/2.0/UDP 127.0.0.1:${pbx.port};branch=${branch}`);
          request.headers.append("From", `<sip:3333@127.0.0.1:${pbx.port}>;tag=pbx1`);
          request.headers.append("To", toTag);
          request.headers.append("Call-ID", "retransmitted-invite@pbx");
          request.headers.append("CSeq", `${seq} ${method}`);
          request.headers.append("Max-Forwards", "70");
          return request;
        };
        pbx.send(inDialog("ACK", 1, "z9hG4bKack1"), live.sipPort);
        await new Promise((r) => setTimeout(r, 300));
        pbx.send(inDialog("BYE", 2, "z9hG4bKbye1"), live.sipPort);
        assert.equal((await pbx.response("2 BYE", 5000)).status, 200);
      } finally {
        pbx.close();
      }
      const recorded = await calls(live);
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0].end_cause, "caller_hangup");
      const stats = await (await (await live.api("admin")).get("/sip/stats")).json();
      assert.equal(stats.invites, 1, "the copy never reached the call layer as a new INVITE");
    }),
});

Deno.test({
  name: "an INVITE from an address that is not a trunk is refused with 403 and no call is created",
  ...options,
  fn: () =>
    withAppliance(async (live) => {
      const result = await runSipp({
        scenario: "unknown_source.xml",
        fill: { caller: "x" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        localIp: "127.0.0.2",
      });
      assert.equal(result.code, 0, result.errors || result.messages);
      assert.equal((await calls(live)).length, 0);
      const stats = await (await (await live.api("admin")).get("/sip/stats")).json();
      assert.equal(stats.forbidden, 1);
    }),
});

Deno.test({
  name: "a call to a number nobody answers gets 404 and is recorded with the cause",
  ...options,
  fn: () =>
    withAppliance(async (live) => {
      const result = await runSipp({
        builtin: "uac",
        target: `127.0.0.1:${live.sipPort}`,
        service: "9999",
        extra: ["-recv_timeout", "3000"],
      });
      assert.notEqual(result.code, 0, "SIPp's uac expects a 200");
      assert.match(result.messages, /SIP\/2.0 404 Number Not In Service/);
      const [call] = await calls(live);
      assert.equal(call.end_cause, "unknown_number");
    }),
});

Deno.test({
  name: "a call beyond the trunk's concurrent-call limit gets 503 and is counted as blocked",
  ...options,
  fn: () =>
    withAppliance(async (live) => {
      const admin = await live.api("admin");
      const [trunk] = (await (await admin.get("/trunks")).json()).trunks;
      const update = await admin.send("PUT", `/trunks/${trunk.id}`, {
        name: trunk.name,
        host: trunk.host,
        port: trunk.port,
        transport: trunk.transport,
        allow_cidrs: trunk.allow_cidrs,
        max_calls: 1,
        options_interval_s: 0,
      });
      assert.equal(update.status, 200, await update.text());
      const result = await runSipp({
        scenario: "trunk_call.xml",
        fill: { caller: "+8618612345678" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        calls: 2,
        rate: 20,
        durationMs: 1500,
      });
      assert.equal(result.successful, 1);
      assert.equal(result.failed, 1);
      assert.match(result.messages, /SIP\/2.0 503/);
      const recorded = await calls(live);
      assert.deepEqual(recorded.map((c) => c.end_cause).sort(), [
        "blocked_trunk_full",
        "caller_hangup",
      ]);
      const blocked = recorded.find((c) => c.end_cause === "blocked_trunk_full")!;
      assert.deepEqual((await eventsOf(live, blocked.id)).map((e) => e.type), ["call.blocked"]);
    }),
});
