/**
 * A post-call survey on a live call: SIPp as the office PBX calls the Sales queue, a SIPp
 * desk phone answers as agent2 and hangs up first, and the caller — still on the line,
 * now in the demo's "Post-call survey" flow — presses 5 and then 4. The scores are
 * stored for agent2, and agent2's CSAT reads 4.5 with every survey answered.
 */
import assert from "node:assert/strict";
import { hasPeer } from "../support/peers.ts";
import {
  eventsOf,
  goReady,
  loggedIn,
  QUEUE_NUMBER,
  salesLine,
  until,
  userIds,
  withAppliance,
} from "../support/acd_line.ts";
import { renumberedKey } from "../support/dtmf_capture.ts";
import { keys, pause } from "../support/ivr_calls.ts";
import { LIVE_DEMO_PASSWORD } from "../support/live_appliance.ts";
import { runSipp } from "../support/sipp.ts";
import { startPhone } from "../support/sipp_phones.ts";

const options = {
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
};

/** Demo customer Zhou Xiaoming (zh-CN). */
const ZHOU = "+8613800138000";

Deno.test({
  name:
    "the agent hangs up first, the caller stays for the survey, presses 5 then 4, and the agent's CSAT reads 4.5",
  ...options,
  fn: () =>
    withAppliance(async (live, phones) => {
      const admin = await live.api("admin");
      const flows = (await (await admin.get("/ivr/flows")).json()).flows as {
        id: number;
        name: string;
      }[];
      const survey = flows.find((f) => f.name === "Post-call survey");
      assert.ok(survey, "the demo has a survey flow");
      await salesLine(live, { wrap_up_s: 0, survey_flow_id: survey.id });
      const ids = await userIds(live);
      phones.push(
        await startPhone({
          target: `127.0.0.1:${live.sipPort}`,
          extension: "1002",
          password: LIVE_DEMO_PASSWORD,
          scenario: "agent_hangs_up.xml",
          fill: { ring_ms: "300", talk_ms: "2000" },
        }),
      );
      const lead = await live.api("lead1");
      await loggedIn(lead, ids, ["agent2"]);
      await goReady(live, "agent2", ids.get("agent2")!);

      // The agent answers within about a second and hangs up 2 s later; the survey's
      // intro and first question follow. Keys pressed while nothing reads them are typed
      // ahead into the next question, so the exact moment does not matter once the
      // survey has the call. SIPp's capture of 4 was recorded just before its 5; a phone
      // sends the second key after the first, so the 4 is renumbered to follow the 5.
      const dir = await Deno.makeTempDir({ prefix: "cc-survey-" });
      const four = await renumberedKey("4", 8200, 50000, dir);
      const result = await runSipp({
        scenario: "ivr_caller_until_bye.xml",
        fill: {
          caller: ZHOU,
          steps: [pause(8000), keys("5"), pause(4000), four].join("\n  "),
          bye_timeout_ms: "40000",
        },
        target: `127.0.0.1:${live.sipPort}`,
        service: QUEUE_NUMBER,
        timeoutS: 90,
      }).finally(() => Deno.remove(dir, { recursive: true }));
      assert.equal(result.code, 0, result.errors || result.output.slice(-2000));

      const agent2 = ids.get("agent2")!;
      const [call] = (await (await lead.get("/calls?limit=1")).json()).calls;
      assert.equal(call.agent_id, agent2);
      const events = await until("the survey's scores", async () => {
        const events = await eventsOf(live, call.id);
        return events.some((e) => e.type === "call.ended") ? events : undefined;
      });
      const types = events.map((e) => e.type);
      const offered = types.indexOf("survey.offered");
      assert.ok(offered > types.indexOf("call.connected"), types.join(", "));
      assert.equal(events[offered].agent_id, agent2);
      assert.deepEqual(
        events.filter((e) => e.type === "ivr.survey").map((e) => [e.data.question, e.data.score]),
        [["satisfaction", 5], ["resolved", 4]],
      );

      const scores = (await (await lead.get(`/surveys?call_id=${call.id}`)).json()).scores;
      assert.deepEqual(
        scores.map((s: { agent_id: number; score: number }) => [s.agent_id, s.score]),
        [[agent2, 5], [agent2, 4]],
      );
      const csat = (await (await lead.get(`/surveys/csat?by=agent&agent_id=${agent2}`)).json())
        .rows;
      assert.equal(csat.length, 1);
      assert.equal(csat[0].label, "agent2");
      assert.equal(csat[0].average, 4.5);
      assert.equal(csat[0].satisfied_pct, 100);
      assert.equal(csat[0].response_rate_pct, 100);
      // The agent sees the same figure as their own.
      const own = (await (await (await live.api("agent2")).get("/surveys/csat")).json()).rows;
      assert.equal(own[0].average, 4.5);
    }),
});
