/**
 * A call out through a carrier's proxy that checks who calls: Kamailio (everything in
 * memory) answers the appliance's INVITE with 407 and lets it through only when the
 * Proxy-Authorization digest checks against the trunk's password, then relays it to the
 * customer's phone (SIPp). The call is a click-to-call by an agent whose SIPp desk phone
 * rings first; the customer answers, talks and hangs up, and the call ends answered.
 * Before that, with a wrong password on the trunk, the proxy challenges the answer again
 * and the call ends unanswered: the proxy really checks.
 */
import assert from "node:assert/strict";
import { phone, until } from "../support/acd_line.ts";
import { startAuthProxy } from "../support/kamailio_registrar.ts";
import { startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import type { SippPhone } from "../support/sipp_phones.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";

const CUSTOMER = "+8613800138000"; // Zhou Xiaoming in the demo CRM
const ACCOUNT = "4008005678";
const SECRET = "carrier-secret-9";

Deno.test({
  name:
    "a click-to-call goes through a proxy that challenges it with 407 and checks the digest answer, and reaches the customer's phone",
  ignore: !hasPeer("sipp") || !hasPeer("kamailio"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const uasPort = await freeUdpPort();
    const proxy = await startAuthProxy(SECRET, `127.0.0.1:${uasPort}`);
    const phones: SippPhone[] = [];
    try {
      // The customer's phone behind the proxy.
      const customer = runSipp({
        scenario: "outbound_contacts.xml",
        fill: { busy: "+0", talk_ms: "1500" },
        target: `127.0.0.1:${proxy.port}`,
        localPort: uasPort,
        calls: 1,
        timeoutS: 60,
      });
      const admin = await live.api("admin");
      const settings = (password: string) => ({
        name: "Carrier",
        host: "127.0.0.1",
        port: proxy.port,
        allow_cidrs: ["127.0.0.1/32"],
        username: ACCOUNT,
        password,
        options_interval_s: 0,
      });
      const created = await admin.send("POST", "/trunks", settings("not-the-secret"));
      assert.equal(created.status, 201, await created.clone().text());
      const { trunk } = await created.json();
      const policy = await admin.send("PUT", "/outbound/policy", {
        trunk_id: trunk.id,
        caller_id: ACCOUNT,
      });
      assert.equal(policy.status, 200, await policy.text());

      phones.push(await phone(live, "1002", "agent_uas.xml", { calls: 2 }));
      const agent = await live.api("agent2");
      const supervisor = await live.api("super1");
      const call = async () => {
        const placed = await agent.send("POST", "/calls", { number: CUSTOMER });
        const answer = await placed.text();
        assert.equal(placed.status, 202, answer);
        return JSON.parse(answer).call.call_id as string;
      };
      const endedEvents = (callId: string) =>
        until("the call's end in its events", async () => {
          const { events } = await (await supervisor.get(`/calls/${callId}`)).json();
          const types = events.map((e: { type: string }) => e.type) as string[];
          return types.includes("call.ended") ? types : undefined;
        }, 20_000);

      // A wrong password: the answer is challenged again, and the call goes no further.
      const refused = await endedEvents(await call());
      assert.ok(!refused.includes("call.answered"), `${refused}`);
      assert.equal(proxy.output().match(/challenging INVITE/g)?.length, 2);
      assert.doesNotMatch(proxy.output(), /authorised INVITE/);

      const saved = await admin.send("PUT", `/trunks/${trunk.id}`, settings(SECRET));
      assert.equal(saved.status, 200, await saved.text());
      const callId = await call();
      const result = await customer;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      assert.equal(result.successful, 1);
      assert.match(result.messages, /INVITE sip:\+8613800138000@/);

      // The proxy challenged the first INVITE and accepted the answer to it.
      const log = proxy.output();
      assert.match(log, /challenging INVITE for \+8613800138000 with 407/);
      assert.match(log, /authorised INVITE for \+8613800138000 as 4008005678/);
      assert.equal(log.match(/challenging INVITE/g)?.length, 3, "this call challenged once");

      const types = await endedEvents(callId);
      for (const type of ["call.dialing", "call.agent_answered", "call.answered", "call.ended"]) {
        assert.ok(types.includes(type), `${type} in ${types}`);
      }
    } catch (error) {
      console.error(proxy.output().slice(-3000));
      console.error(live.logs.slice(-30).join("\n"));
      throw error;
    } finally {
      for (const p of phones) await p.stop();
      await live.stop();
      await proxy.stop();
    }
  },
});
