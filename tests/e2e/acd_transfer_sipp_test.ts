import assert from "node:assert/strict";
import { bindUdp } from "../../src/net/mod.ts";
import { hasPeer } from "../support/peers.ts";
import {
  agentState,
  assertInOrder,
  connectedCall,
  eventsOf,
  goReady,
  loggedIn,
  phone,
  QUEUE_NUMBER,
  salesLine,
  TRANSFER_EVENTS,
  until,
  userIds,
  withAppliance,
} from "../support/acd_line.ts";
import type { LiveAppliance } from "../support/live_appliance.ts";
import { speech } from "../support/ivr_calls.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";

const options = { ignore: !hasPeer("sipp"), sanitizeOps: false, sanitizeResources: false };

/** A caller on the Sales line, counting the packets with sound that reach its audio port. */
async function caller(live: LiveAppliance, holdMs: number) {
  // Bound to a port the system picks: a port chosen first and bound later may be taken in
  // between, and node:dgram then never calls back.
  const socket = await bindUdp("127.0.0.1", 0);
  const rtpPort = socket.address().port;
  const heard = { audible: 0, packets: 0 };
  socket.on("message", (msg: Uint8Array) => {
    heard.packets++;
    const payload = msg.subarray(12);
    if (payload.some((b) => b !== 0xff && b !== 0x7f && b !== 0xfe && b !== 0x7e)) heard.audible++;
  });
  const done = runSipp({
    scenario: "acd_caller.xml",
    fill: { caller: "+8613911112222", rtp_port: String(rtpPort) },
    target: `127.0.0.1:${live.sipPort}`,
    service: QUEUE_NUMBER,
    durationMs: holdMs,
    timeoutS: 40,
  }).finally(() => socket.close());
  return { heard, done };
}

Deno.test({
  name:
    "a consulted transfer between desk phones keeps the caller on the line and hands the call and its note to the second agent",
  ...options,
  fn: () =>
    withAppliance(async (live, phones) => {
      await salesLine(live, { wrap_up_s: 60 });
      const ids = await userIds(live);
      phones.push(await phone(live, "1001", "agent_uas.xml", { talks: true }));
      phones.push(await phone(live, "1002", "agent_uas.xml", { talks: true }));
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, ["agent1", "agent2"]);
      await goReady(live, "agent1", ids.get("agent1")!);
      const call = await caller(live, 14_000);
      const callId = await connectedCall(lead);

      const agent1 = await live.api("agent1");
      const refused = await agent1.send("POST", `/calls/${callId}/transfer`, {
        target: "1002",
        target_type: "agent",
      });
      assert.equal(refused.status, 409, "agent2 is not ready yet");
      assert.match((await refused.json()).error.message, /agent2 is not ready/);
      const agent2 = await live.api("agent2");
      const stranger = await agent2.send("POST", `/calls/${callId}/transfer`, {
        target: "1001",
        target_type: "agent",
      });
      assert.equal(stranger.status, 409, "only the call's own agent may transfer it");

      await goReady(live, "agent2", ids.get("agent2")!);
      const heardBefore = call.heard.audible;
      const started = await agent1.send("POST", `/calls/${callId}/transfer`, {
        target: "1002",
        target_type: "agent",
        mode: "consult",
        note: "Wants the refund confirmed in writing",
      });
      assert.equal(started.status, 202, await started.clone().text());
      assert.equal((await started.json()).transfer.target.username, "agent2");
      assert.equal((await agentState(lead, ids.get("agent2")!)).state, "ringing");

      await until("agent2 answered the consultation", async () => {
        const events = await eventsOf(live, callId);
        return events.some((e) => e.type === "transfer.answered") ? true : undefined;
      });
      assert.ok(call.heard.audible > heardBefore, "the caller hears music while held");
      const pop = await (await agent2.get(`/calls/${callId}/context`)).json();
      assert.equal(pop.transfer.from_agent, "agent1");
      assert.equal(pop.transfer.note, "Wants the refund confirmed in writing");

      const completed = await agent1.send("POST", `/calls/${callId}/transfer/complete`);
      assert.equal(completed.status, 200, await completed.text());
      await until("agent1 in wrap-up, agent2 on the call", async () => {
        const [a1, a2] = await Promise.all(
          ["agent1", "agent2"].map((n) => agentState(lead, ids.get(n)!)),
        );
        return a1.state === "wrap_up" && a2.state === "on_call" ? true : undefined;
      });
      const packetsAtHandOver = call.heard.packets;

      const result = await call.done;
      assert.equal(result.code, 0, result.errors || result.output.slice(-2000));
      assert.ok(
        call.heard.packets - packetsAtHandOver > 50,
        "audio keeps flowing to the caller after the hand-over",
      );
      const first = await phones.shift()!.stop();
      assert.equal(first.code, 0, `agent1's phone got its BYE: ${first.output.slice(-1500)}`);

      const [row] = (await (await lead.get("/calls?limit=1")).json()).calls;
      assert.equal(row.agent_id, ids.get("agent2"));
      assert.equal(row.end_cause, "caller_hangup");
      const types = (await eventsOf(live, callId)).map((e) => e.type);
      assertInOrder(types, TRANSFER_EVENTS);
      const contacts = live.appliance.parts.db.all<{ agent_id: number; ended_at: string | null }>(
        "SELECT agent_id, ended_at FROM interactions WHERE call_id = ? ORDER BY id",
        callId,
      );
      assert.deepEqual(contacts.map((c) => c.agent_id), [ids.get("agent1"), ids.get("agent2")]);
      assert.ok(contacts.every((c) => c.ended_at !== null), "both contacts are closed");
      // Each agent wraps up their own contact.
      const wrap1 = await agent1.send("POST", `/calls/${callId}/wrap-up`, { notes: "Handed over" });
      assert.equal(wrap1.status, 200, await wrap1.clone().text());
      assert.equal((await wrap1.json()).interaction.agent_id, ids.get("agent1"));
    }),
});

Deno.test({
  name:
    "a transfer to a queue puts the caller back in line and frees the agent; a cancelled consultation returns the caller",
  ...options,
  fn: () =>
    withAppliance(async (live, phones) => {
      const salesId = await salesLine(live, { wrap_up_s: 30 });
      const ids = await userIds(live);
      phones.push(await phone(live, "1001", "agent_uas.xml"));
      phones.push(await phone(live, "1002", "agent_uas.xml"));
      phones.push(await phone(live, "1004", "agent_uas.xml"));
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, ["agent1", "agent2", "agent4"]);
      await goReady(live, "agent1", ids.get("agent1")!);
      const call = await caller(live, 12_000);
      const callId = await connectedCall(lead);
      const agent1 = await live.api("agent1");

      // Consult agent2, then take the caller back.
      await goReady(live, "agent2", ids.get("agent2")!);
      const consult = await agent1.send("POST", `/calls/${callId}/transfer`, {
        target: "agent2",
        target_type: "agent",
      });
      assert.equal(consult.status, 202, await consult.text());
      await until("agent2 answered", async () => {
        const events = await eventsOf(live, callId);
        return events.some((e) => e.type === "transfer.answered") ? true : undefined;
      });
      const cancelled = await agent1.send("POST", `/calls/${callId}/transfer/cancel`);
      assert.equal(cancelled.status, 200, await cancelled.text());
      await until("agent2 free again", async () => {
        const a = await agentState(lead, ids.get("agent2")!);
        return a.state === "ready" ? true : undefined;
      });
      assert.equal((await agentState(lead, ids.get("agent1")!)).state, "on_call");
      await lead.send("POST", `/agents/${ids.get("agent2")}/state`, {
        state: "not_ready",
        reason: "break",
      });

      // Now send the call back to Sales: agent4 is the one ready to take it.
      await goReady(live, "agent4", ids.get("agent4")!);
      const back = await agent1.send("POST", `/calls/${callId}/transfer`, {
        target: "Sales",
        target_type: "queue",
        mode: "blind",
      });
      assert.equal(back.status, 202, await back.clone().text());
      assert.equal((await back.json()).transfer.target.queue_id, salesId);
      await until("agent4 took the call from the queue", async () => {
        const [row] = (await (await lead.get("/calls?state=live")).json()).calls;
        return row?.state === "connected" && row.agent_id === ids.get("agent4") ? true : undefined;
      });
      const result = await call.done;
      assert.equal(result.code, 0, result.errors || result.output.slice(-2000));
      const flow = (await eventsOf(live, callId)).filter((e) =>
        e.type.startsWith("transfer.") || e.type === "queue.entered" ||
        e.type === "queue.answered"
      ).map((e) => `${e.type}:${e.data.agent ?? e.data.to_queue ?? ""}`);
      assert.deepEqual(flow, [
        "queue.entered:",
        "queue.answered:agent1",
        "transfer.offered:agent2",
        "transfer.handover:",
        "transfer.answered:agent2",
        "transfer.cancelled:agent2",
        "transfer.handover:Sales",
        "transfer.completed:",
        "queue.entered:",
        "queue.answered:agent4",
      ]);
    }),
});

Deno.test({
  name:
    "a blind transfer to an outside number goes out through the PBX trunk the call came in on, and the agent is free",
  ...options,
  fn: () =>
    withAppliance(async (live, phones) => {
      await salesLine(live, { wrap_up_s: 30 });
      const ids = await userIds(live);
      // The PBX side that takes the outside call: a SIPp that answers one call on its port.
      const pbxPort = await freeUdpPort();
      const admin = await live.api("admin");
      const [trunk] = (await (await admin.get("/trunks")).json()).trunks;
      const moved = await admin.send("PUT", `/trunks/${trunk.id}`, {
        name: trunk.name,
        host: "127.0.0.1",
        port: pbxPort,
        transport: "udp",
        allow_cidrs: trunk.allow_cidrs,
        default_country: trunk.default_country,
        options_interval_s: 0,
      });
      assert.equal(moved.status, 200, await moved.text());
      const outside = runSipp({
        scenario: "agent_uas.xml",
        fill: { ring_ms: "300", after_answer: speech() },
        target: `127.0.0.1:${live.sipPort}`,
        localPort: pbxPort,
        service: "+8613700001111",
        timeoutS: 40,
      });
      phones.push(await phone(live, "1001", "agent_uas.xml", { talks: true }));
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, ["agent1"]);
      await goReady(live, "agent1", ids.get("agent1")!);
      const call = await caller(live, 10_000);
      const callId = await connectedCall(lead);

      const agent1 = await live.api("agent1");
      const bad = await agent1.send("POST", `/calls/${callId}/transfer`, {
        target: "call my boss",
        target_type: "external",
      });
      assert.equal(bad.status, 400, "not a number");
      const started = await agent1.send("POST", `/calls/${callId}/transfer`, {
        target: "+86 137 0000 1111",
        target_type: "external",
        mode: "blind",
      });
      assert.equal(started.status, 202, await started.clone().text());
      assert.deepEqual((await started.json()).transfer.target, {
        type: "external",
        number: "+8613700001111",
      });
      await until("the outside party took the call", async () => {
        const events = await eventsOf(live, callId);
        return events.some((e) => e.type === "transfer.completed") ? true : undefined;
      });
      assert.equal((await agentState(lead, ids.get("agent1")!)).state, "wrap_up");
      const packets = call.heard.packets;

      const result = await call.done;
      assert.equal(result.code, 0, result.errors || result.output.slice(-2000));
      assert.ok(call.heard.packets - packets > 50, "the caller's audio path stays up");
      const far = await outside;
      assert.equal(
        far.code,
        0,
        `the outside party answered and got its BYE: ${far.output.slice(-1500)}`,
      );
      const flow = (await eventsOf(live, callId)).filter((e) => e.type.startsWith("transfer."))
        .map((e) => `${e.type}:${e.data.to_number ?? e.data.reason ?? ""}`);
      assert.deepEqual(flow, [
        "transfer.handover:+8613700001111",
        "transfer.answered:",
        "transfer.completed:external",
      ]);
      const [row] = (await (await lead.get("/calls?limit=1")).json()).calls;
      assert.equal(row.end_cause, "caller_hangup");
    }),
});

Deno.test({
  name: "a consulted agent who declines gives the caller back to the first agent, and stays free",
  ...options,
  fn: () =>
    withAppliance(async (live, phones) => {
      await salesLine(live, { wrap_up_s: 0 });
      const ids = await userIds(live);
      phones.push(await phone(live, "1001", "agent_uas.xml", { talks: true }));
      phones.push(await phone(live, "1002", "agent_declines.xml"));
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, ["agent1", "agent2"]);
      await goReady(live, "agent1", ids.get("agent1")!);
      const call = await caller(live, 8_000);
      const callId = await connectedCall(lead);
      await goReady(live, "agent2", ids.get("agent2")!);
      const agent1 = await live.api("agent1");
      const started = await agent1.send("POST", `/calls/${callId}/transfer`, {
        target: "1002",
        target_type: "agent",
      });
      assert.equal(started.status, 202, await started.text());
      const cancelled = await until("the decline", async () => {
        const events = await eventsOf(live, callId);
        return events.find((e) => e.type === "transfer.cancelled");
      });
      assert.equal(cancelled.data.reason, "rejected");
      assert.equal((await agentState(lead, ids.get("agent2")!)).state, "ready", "no RONA");
      assert.equal((await agentState(lead, ids.get("agent1")!)).state, "on_call");
      const complete = await agent1.send("POST", `/calls/${callId}/transfer/complete`);
      assert.equal(complete.status, 409, "nothing left to complete");
      const result = await call.done;
      assert.equal(result.code, 0, result.errors || result.output.slice(-2000));
      const [row] = (await (await lead.get("/calls?limit=1")).json()).calls;
      assert.equal(row.agent_id, ids.get("agent1"));
    }),
});
