import assert from "node:assert/strict";
import { bindUdp } from "../../src/net/mod.ts";
import { hasPeer } from "../support/peers.ts";
import {
  agentState,
  eventsOf,
  goReady,
  loggedIn,
  phone,
  QUEUE_NUMBER,
  salesLine,
  sleep,
  until,
  userIds,
  withAppliance,
} from "../support/acd_line.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";

const options = { ignore: !hasPeer("sipp"), sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name:
    "queued calls go to registered SIPp agents by longest idle: the agent ready first takes the first call",
  ...options,
  fn: () =>
    withAppliance(async (live, phones) => {
      await salesLine(live, { wrap_up_s: 0 });
      const ids = await userIds(live);
      phones.push(await phone(live, "1002", "agent_uas.xml"));
      phones.push(await phone(live, "1005", "agent_uas.xml"));
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, ["agent2", "agent5"]);
      // agent2 goes ready before agent5, so agent2 has been idle longest.
      await goReady(live, "agent2", ids.get("agent2")!);
      await sleep(200);
      await goReady(live, "agent5", ids.get("agent5")!);

      const result = await runSipp({
        scenario: "acd_caller.xml",
        fill: { caller: "+8613800138000", rtp_port: String(await freeUdpPort()) },
        target: `127.0.0.1:${live.sipPort}`,
        service: QUEUE_NUMBER,
        calls: 2,
        rate: 1,
        durationMs: 2500,
        timeoutS: 30,
      });
      assert.equal(result.code, 0, result.errors || result.output.slice(-2000));
      assert.equal(result.successful, 2);

      const calls = (await (await lead.get("/calls?limit=10")).json()).calls as {
        id: string;
        agent_id: number;
        started_at: string;
        end_cause: string;
      }[];
      calls.sort((a, b) => a.started_at.localeCompare(b.started_at));
      assert.deepEqual(calls.map((c) => c.agent_id), [ids.get("agent2"), ids.get("agent5")]);
      assert.ok(calls.every((c) => c.end_cause === "caller_hangup"));
      const types = (await eventsOf(live, calls[0].id)).map((e) => e.type);
      for (const t of ["queue.entered", "queue.offered", "queue.answered", "call.connected"]) {
        assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
      }
      assert.ok(types.indexOf("queue.entered") < types.indexOf("queue.answered"));
      // Both agents are free again (no wrap-up on this queue).
      await until("agents ready again", async () => {
        const states = await Promise.all(
          ["agent2", "agent5"].map((n) => agentState(lead, ids.get(n)!)),
        );
        return states.every((s) => s.state === "ready") ? true : undefined;
      });
    }),
});

Deno.test({
  name:
    "a waiting caller hears music and an announcement; an agent who does not answer is made not ready (rona) and the call goes to the next",
  ...options,
  fn: () =>
    withAppliance(async (live, phones) => {
      await salesLine(live, {
        wrap_up_s: 0,
        ring_timeout_s: 2,
        announcements: { every_s: 30, first_after_s: 1 },
      });
      const ids = await userIds(live);
      phones.push(await phone(live, "1004", "agent_no_answer.xml"));
      phones.push(await phone(live, "1001", "agent_uas.xml"));
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, ["agent4", "agent1"]);

      // The caller's audio port: count what the queue plays to it.
      // Bound to a port the system picks: a port chosen first and bound later may be taken in
      // between, and node:dgram then never calls back.
      const socket = await bindUdp("127.0.0.1", 0);
      const rtpPort = socket.address().port;
      let audible = 0;
      socket.on("message", (msg: Uint8Array) => {
        const payload = msg.subarray(12);
        // PCMU silence is 0xFF/0x7F; music has real samples.
        if (payload.some((b) => b !== 0xff && b !== 0x7f && b !== 0xfe && b !== 0x7e)) audible++;
      });
      try {
        const caller = runSipp({
          scenario: "acd_caller.xml",
          fill: { caller: "+8613911112222", rtp_port: String(rtpPort) },
          target: `127.0.0.1:${live.sipPort}`,
          service: QUEUE_NUMBER,
          durationMs: 9000,
          timeoutS: 30,
        });
        const callId = await until("the call in the queue", async () => {
          const calls = (await (await lead.get("/calls?state=live")).json()).calls;
          return calls[0]?.state === "queued" ? calls[0].id as string : undefined;
        });
        await until("an announcement", async () => {
          const events = await eventsOf(live, callId);
          return events.some((e) => e.type === "queue.announced") ? true : undefined;
        });
        assert.ok(audible >= 25, `music packets heard while queued: ${audible}`);
        const status = (await (await lead.get("/queues/status")).json()).queues
          .find((q: { name: string }) => q.name === "Sales");
        assert.equal(status.calls_waiting, 1);

        // agent4 is ready first (longest idle) but does not answer.
        await goReady(live, "agent4", ids.get("agent4")!);
        await sleep(300);
        await goReady(live, "agent1", ids.get("agent1")!);
        const result = await caller;
        assert.equal(result.code, 0, result.errors || result.output.slice(-2000));

        const events = await eventsOf(live, callId);
        const flow = events.filter((e) =>
          ["queue.offered", "queue.not_answered", "queue.requeued", "queue.answered"].includes(
            e.type,
          )
        ).map((e) => `${e.type}:${e.data.agent}`);
        assert.deepEqual(flow, [
          "queue.offered:agent4",
          "queue.not_answered:agent4",
          "queue.requeued:undefined",
          "queue.offered:agent1",
          "queue.answered:agent1",
        ]);
        const rona = await agentState(lead, ids.get("agent4")!);
        assert.equal(rona.state, "not_ready");
        assert.equal(rona.reason, "rona");
        const [call] = (await (await lead.get("/calls?limit=1")).json()).calls;
        assert.equal(call.agent_id, ids.get("agent1"));
        assert.equal(call.end_cause, "caller_hangup");
      } finally {
        socket.close();
      }
    }),
});
