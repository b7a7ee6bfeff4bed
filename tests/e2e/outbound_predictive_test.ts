/**
 * A predictive campaign, end to end: 30 contacts behind a trunk (SIPp as their phones:
 * 15 answer after a random 0.5 to 3 s, 3 are busy, the rest ring out) and two agents'
 * SIPp desk phones. The dialler rings customers first, more lines than free agents; each
 * answered customer either reaches an agent, who joins the call, or within 2 s hears the
 * abandon message and is hung up, counted as abandoned; the day's abandon rate stays
 * under the campaign's cap.
 */
import assert from "node:assert/strict";
import { goReady, salesLine, userIds } from "../support/acd_line.ts";
import { until } from "../support/desktop.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { type SippPhone, startPhone } from "../support/sipp_phones.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";
import { addCarrierTrunk } from "../support/carrier_trunk.ts";

const number = (i: number) => `+86139000010${String(i).padStart(2, "0")}`;
const CONTACTS = 30;
const ANSWERS = /[02468]$/;
const BUSY = /9$/;

Deno.test({
  name:
    "a predictive campaign rings customers first, brings answered ones to agents, and abandons with a message under the cap",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({
      logLevel: Deno.env.get("CC_DEBUG_PREDICTIVE") ? "debug" : "warn",
    });
    const phones: SippPhone[] = [];
    try {
      const salesId = await salesLine(live, { wrap_up_s: 0 });
      const ids = await userIds(live);
      // Desk phones that answer after 300 ms for as long as the campaign runs.
      for (const extension of ["1002", "1005"]) {
        phones.push(
          await startPhone({
            target: `127.0.0.1:${live.sipPort}`,
            extension,
            password: LIVE_DEMO_PASSWORD,
            scenario: "agent_uas.xml",
            fill: { ring_ms: "300", after_answer: "" },
            calls: 40,
            timeoutS: 400,
          }),
        );
      }
      await goReady(live, "agent2", ids.get("agent2")!);
      await goReady(live, "agent5", ids.get("agent5")!);

      const pbxPort = await freeUdpPort();
      const contacts = runSipp({
        scenario: "predictive_contacts.xml",
        fill: {
          answers: String.raw`\+86139000010[0-9][02468]`,
          busy: String.raw`\+86139000010[0-9]9`,
          no_answer_ms: "2500",
          talk_ms: "3000",
        },
        target: `127.0.0.1:${live.sipPort}`,
        localPort: pbxPort,
        calls: CONTACTS,
        rate: 100,
        timeoutS: 360,
      });
      const admin = await live.api("admin");
      const trunkId = await addCarrierTrunk(admin, pbxPort);

      const supervisor = await live.api("super1");
      const created = await supervisor.send("POST", "/campaigns", {
        name: "Spring win-back",
        mode: "predictive",
        queue_id: salesId,
        trunk_id: trunkId,
        caller_id: "4008007777",
        options: {
          hours: { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5, 6, 7] },
          retries: {
            busy: { times: 0, after_s: 30 },
            no_answer: { times: 0, after_s: 30 },
            failed: { times: 0, after_s: 30 },
          },
          max_attempts: 1,
          abandon_cap: 0.2,
          max_lines_per_agent: 2,
          abandon_message: "Sorry, all our agents are busy.",
        },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { campaign } = await created.json();
      const rows = Array.from({ length: CONTACTS }, (_, i) => ({ number: number(i) }));
      assert.equal(
        (await (await supervisor.send("POST", `/campaigns/${campaign.id}/contacts`, {
          contacts: rows,
        })).json()).added,
        CONTACTS,
      );
      assert.equal(
        (await supervisor.send("POST", `/campaigns/${campaign.id}/state`, { state: "running" }))
          .status,
        200,
      );

      const watch = Deno.env.get("CC_DEBUG_PREDICTIVE")
        ? setInterval(async () => {
          const b = await (await supervisor.get(`/campaigns/${campaign.id}/board`)).json();
          const agents = await (await supervisor.get("/agents")).json();
          console.log(JSON.stringify({
            lines: b.lines,
            free: b.agents_free,
            waiting: b.waiting_for,
            o: b.outcomes_today,
            agents: agents.agents.filter((a: { username: string }) =>
              ["agent2", "agent5"].includes(a.username)
            ).map((a: { state: string; reason: unknown }) => [a.state, a.reason]),
          }));
        }, 5000)
        : undefined;
      const result = await contacts;
      clearInterval(watch);
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));

      const answering = rows.filter((r) => ANSWERS.test(r.number)).length;
      const busy = rows.filter((r) => BUSY.test(r.number)).length;
      const board = await until("every outcome recorded", async () => {
        const b = await (await supervisor.get(`/campaigns/${campaign.id}/board`)).json();
        const o = b.outcomes_today;
        const done = (o.connected ?? 0) + (o.abandoned ?? 0) + (o.busy ?? 0) + (o.no_answer ?? 0);
        return done === CONTACTS ? b : undefined;
      }, 30_000);
      const o = board.outcomes_today;
      assert.equal((o.connected ?? 0) + (o.abandoned ?? 0), answering, JSON.stringify(o));
      assert.equal(o.busy, busy);
      assert.equal(o.no_answer, CONTACTS - answering - busy);
      const db = live.appliance.parts.db;
      const why = db.all<{ data: string }>(
        "SELECT data FROM call_events WHERE type = 'campaign.abandoned'",
      ).map((e) => JSON.parse(e.data).why);
      const firstAbandon = db.get<{ call_id: string }>(
        "SELECT call_id FROM call_events WHERE type = 'campaign.abandoned' LIMIT 1",
      );
      if (firstAbandon && Deno.env.get("CC_DEBUG_PREDICTIVE")) {
        console.log(
          db.all("SELECT at, type, data FROM call_events WHERE call_id = ?", firstAbandon.call_id),
        );
        console.log(live.logs.slice(0, 60).join("\n"));
      }
      assert.ok(o.connected >= 2, `answered calls reach agents: ${JSON.stringify(o)} ${why}`);
      assert.ok(
        board.abandon_rate <= board.abandon_cap,
        `abandon rate ${board.abandon_rate} over the cap ${board.abandon_cap}: ${why} ${
          live.logs.filter((l) => /campaign|agent/.test(l)).slice(0, 8).join("\n")
        }`,
      );

      // Each answered call either had an agent join or heard the message and was abandoned.
      const attempts = db.all<{ call_id: string; outcome: string }>(
        "SELECT call_id, outcome FROM campaign_attempts WHERE campaign_id = ?",
        campaign.id,
      );
      const eventsOf = (callId: string) =>
        db.all<{ type: string }>("SELECT type FROM call_events WHERE call_id = ?", callId)
          .map((e) => e.type);
      for (const attempt of attempts) {
        const events = eventsOf(attempt.call_id);
        if (attempt.outcome === "connected") {
          assert.ok(events.includes("call.agent_answered"), `${attempt.call_id}: ${events}`);
          assert.ok(
            !events.includes("call.dialing") || events.indexOf("call.answered") <
                events.indexOf("call.agent_answered"),
            "the customer answered before the agent",
          );
        }
        if (attempt.outcome === "abandoned") {
          assert.ok(events.includes("campaign.abandoned"), `${attempt.call_id}: ${events}`);
          const call = db.get<{ end_cause: string }>(
            "SELECT end_cause FROM calls WHERE id = ?",
            attempt.call_id,
          );
          assert.equal(call?.end_cause, "abandoned");
        }
      }
      // More lines than agents were out at some moment: customer first, paced.
      const spans = attempts.map((a) =>
        db.get<{ s: string; e: string }>(
          "SELECT started_at AS s, ended_at AS e FROM calls WHERE id = ?",
          a.call_id,
        )!
      );
      const most = Math.max(
        ...spans.map((x) => spans.filter((y) => y.s <= x.s && x.s < y.e).length),
      );
      assert.ok(most > 2, `at most ${most} lines out at once`);
      console.log(
        `predictive: ${JSON.stringify(o)}, abandon rate ${board.abandon_rate.toFixed(3)}, ` +
          `at most ${most} lines for 2 agents`,
      );
    } finally {
      for (const p of phones) await p.stop();
      await live.stop();
    }
  },
});
