/**
 * Web chat under load, with recorded voice calls beside it: `visitors` chat visitors on
 * the widget's WebSocket talk with `agents` agents at once (each agent holds up to 20
 * chats, so 1,000 visitors need 50 agents) while `calls` SIPp calls are answered,
 * recorded and played a long announcement on the same appliance. The appliance runs as
 * its own process; agents' desk phones register by SIPp (which logs them in to the ACD),
 * each agent signs in and keeps the desktop's event WebSocket open and accepts every chat
 * offered on it. Once every chat is with an agent, the calls are placed as `media_load`
 * places them (its loop flow, speech for the whole hold, a sample to the far-end
 * receiver); once they are all up, each visitor sends `messages` messages at random
 * moments over `seconds` seconds, and the time from the visitor's send to the
 * `chat.message` event at the agent's socket is measured (both ends live in this process).
 *
 * Reported: delivery p50/p99/max, messages lost, how long routing every chat took, the
 * appliance's CPU over the message window, and beside them the voice figures
 * `media_load` reports over the same window (send pacing and loop lag p99 from
 * `/media/stats`, the far end's inter-arrival deviation, loss, failed calls). Targets
 * (issue 27): delivery p99 under 100 ms, and the media targets still met.
 *
 * Run alone: `deno run -A bench/chat_load.ts [visitors] [agents] [messages] [calls]`
 * (`calls` 0 runs the chats alone).
 */
import { cpuMs, withAppliance } from "./_appliance_process.ts";
import {
  callRampMs,
  MEDIA_TARGETS,
  publishLoopFlow,
  type RecordedCallsOutcome,
  startRecordedCalls,
  voiceFigures,
} from "./media_load.ts";
import { type MediaStats, round, sleep } from "./_sipp_load.ts";
import { PHONE_PASSWORD, register } from "./wallboard_fanout.ts";

const PASSWORD = "bench-agent-1";
const CAPACITY = 20;

export interface ChatLoadOptions {
  visitors?: number;
  agents?: number;
  messages?: number;
  seconds?: number;
  /** Recorded voice calls beside the chats; 0 runs the chats alone. */
  calls?: number;
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { p50: null, p99: null, max: null };
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

async function signInAs(httpPort: number, username: string) {
  const base = `http://127.0.0.1:${httpPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`Login as ${username} failed: ${login.status}`);
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const { csrf_token } = await login.json();
  const post = async (path: string) => {
    const r = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf_token },
    });
    await r.body?.cancel();
    return r.ok;
  };
  return { cookie, post };
}

export async function benchChatLoad(options: ChatLoadOptions = {}) {
  const visitors = options.visitors ?? 1000;
  const agents = options.agents ?? 50;
  // One message per visitor every six seconds; a minute, so that the media figures (over
  // their last minute) cover the message window and nothing else.
  const messages = options.messages ?? 10;
  const seconds = options.seconds ?? 60;
  const calls = options.calls ?? 200;
  return await withAppliance(
    async (app, api) => {
      if (calls > 0) {
        await publishLoopFlow(api);
        await api("GET", "/media/stats"); // the loop-lag probe runs while it is asked
      }
      await sleep(8000); // built-in prompts are rendered in the background at start
      // The chat follows the center's business hours; the demo office closes at 18:00 in
      // Shanghai and at weekends, so the bench's center answers around the clock.
      await api("PUT", "/ivr/schedules/around_the_clock", {
        hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          opens: "00:00",
          closes: "24:00",
        })),
        holidays: [],
      });
      await api("PATCH", "/crm/settings", { hours_schedule: "around_the_clock" });
      const agentIds: number[] = [];
      for (let i = 0; i < agents; i++) {
        const { user } = await api("POST", "/users", {
          username: `chat${i}`,
          role: "agent",
          password: PASSWORD,
          sip_password: PHONE_PASSWORD,
          extension: String(6000 + i),
        }) as { user: { id: number } };
        agentIds.push(user.id);
        await api("PUT", `/agents/${user.id}/chat-capacity`, { capacity: CAPACITY });
      }
      await api("POST", "/queues", {
        name: "Bench chat",
        members: agentIds.map((user_id) => ({ user_id })),
        options: { channel: "chat", ring_timeout_s: 600 },
      });
      for (let i = 0; i < agents; i++) await register(app.sipPort, String(6000 + i));
      await sleep(1000);
      for (const id of agentIds) await api("POST", `/agents/${id}/state`, { state: "ready" });

      // Agents: the desktop's event socket; accept every offer, note every visitor message.
      const sent = new Map<string, number>();
      const delivery: number[] = [];
      const agentSockets: WebSocket[] = [];
      let accepted = 0;
      for (let i = 0; i < agents; i++) {
        const agent = await signInAs(app.httpPort, `chat${i}`);
        const ws = new WebSocket(`ws://127.0.0.1:${app.httpPort}/api/v1/events`, {
          headers: { cookie: agent.cookie },
        } as unknown as string[]);
        ws.onmessage = (m) => {
          const e = JSON.parse(m.data);
          if (e.type === "chat.offered") {
            void agent.post(`/chats/${e.data.chat_id}/accept`).then((ok) => ok && accepted++);
          } else if (e.type === "chat.message" && e.data.message.sender === "visitor") {
            const at = sent.get(e.data.message.body);
            if (at !== undefined) {
              delivery.push(performance.now() - at);
              sent.delete(e.data.message.body);
            }
          }
        };
        await new Promise((resolve, reject) => {
          ws.onopen = resolve;
          ws.onerror = reject;
        });
        agentSockets.push(ws);
      }

      // Visitors: start a chat each, 50 at a time, and wait until every one is with an agent.
      const routingStarted = performance.now();
      const open: { ws: WebSocket; withAgent: boolean }[] = [];
      for (let i = 0; i < visitors; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, visitors - i) }, async (_, k) => {
            const n = i + k;
            const ws = new WebSocket(`ws://127.0.0.1:${app.httpPort}/widget/socket`);
            const v = { ws, withAgent: false };
            ws.onmessage = (m) => {
              const f = JSON.parse(m.data);
              if (f.type === "state" && f.state === "with_agent") v.withAgent = true;
            };
            await new Promise((resolve, reject) => {
              ws.onopen = resolve;
              ws.onerror = reject;
            });
            ws.send(JSON.stringify({
              type: "start",
              name: `Visitor ${n}`,
              email: `visitor${n}@example.com`,
              topic: "bench",
              language: "en",
            }));
            open.push(v);
          }),
        );
      }
      const deadline = performance.now() + 120_000;
      while (open.some((v) => !v.withAgent) && performance.now() < deadline) await sleep(100);
      const routingMs = performance.now() - routingStarted;
      const withAgent = open.filter((v) => v.withAgent).length;

      // The calls, held through the message window with room to spare; the far end
      // measures the window itself.
      const windowMs = seconds * 1000;
      let finished: Promise<RecordedCallsOutcome> | undefined;
      if (calls > 0) {
        const rampMs = callRampMs(calls);
        await api("GET", "/media/stats");
        ({ finished } = await startRecordedCalls(app, {
          calls,
          holdMs: rampMs + 2000 + windowMs + 15_000,
          farEndFromMs: rampMs + 2000,
          farEndForMs: windowMs,
        }));
        await sleep(rampMs + 2000);
      }

      // The load: every visitor sends its messages at random moments over the window.
      const cpuStart = cpuMs(app.child.pid);
      const ownCpuStart = cpuMs(Deno.pid);
      const started = performance.now();
      // Both ends of every chat live in this process: when it is late, so is every delivery
      // it times, whatever the appliance did. Its own loop lag says how much of it is ours.
      const clientLag: number[] = [];
      let probeFrom = performance.now();
      const probe = setInterval(() => {
        const now = performance.now();
        clientLag.push(Math.max(0, now - probeFrom - 50));
        probeFrom = now;
      }, 50);
      let total = 0;
      await Promise.all(open.map((v, n) =>
        (async () => {
          const at = Array.from({ length: messages }, () => Math.random() * windowMs).sort((a, b) =>
            a - b
          );
          for (let k = 0; k < messages; k++) {
            const wait = started + at[k] - performance.now();
            if (wait > 0) await sleep(wait);
            const body = `v${n}-m${k}`;
            sent.set(body, performance.now());
            v.ws.send(JSON.stringify({ type: "message", client_id: `m${k}`, text: body }));
            total++;
          }
        })()
      ));
      const drain = performance.now() + 5000;
      while (sent.size > 0 && performance.now() < drain) await sleep(20);
      clearInterval(probe);
      const elapsed = performance.now() - started;
      const cpuPercent = ((cpuMs(app.child.pid) - cpuStart) / elapsed) * 100;
      const ownCpuPercent = ((cpuMs(Deno.pid) - ownCpuStart) / elapsed) * 100;
      const stats = calls > 0 ? await api("GET", "/media/stats") as MediaStats : undefined;
      // The machine is shared: its load over the window says how far the figures can be trusted.
      const loadAverage = Deno.loadavg().map((l) => round(l, 1));
      for (const v of open) v.ws.close();
      for (const ws of agentSockets) ws.close();

      let voice = null;
      if (stats && finished) {
        const figures = voiceFigures(stats, await finished);
        const recordings = await api("GET", "/recordings?limit=1000") as { recordings: unknown[] };
        const met = {
          pacing_p99: figures.pacing_ms.p99 < MEDIA_TARGETS.pacing_p99_ms,
          event_loop_lag_p99: figures.event_loop_lag_ms.p99 < MEDIA_TARGETS.event_loop_lag_p99_ms,
          far_end_deviation_p99: figures.far_end !== null &&
            figures.far_end.interarrival_deviation_ms.p99 <=
              MEDIA_TARGETS.far_end_deviation_p99_ms,
          nothing_lost: figures.rtp.lost === 0 && (figures.far_end?.lost ?? 0) === 0,
          no_failed_calls: figures.calls_failed === 0 && figures.calls_completed === calls,
        };
        voice = {
          concurrent_calls: calls,
          ...figures,
          recordings: recordings.recordings.length,
          met,
        };
      }
      // The Measured table's media targets (pacing and loop lag p99 under 5 ms) with every
      // call completed and nothing lost. The far end's 1 ms is shown beside them but not
      // counted: 300 calls alone do not meet it yet (README, "Audio at the far end").
      const voiceMet = voice === null ||
        (voice.met.pacing_p99 && voice.met.event_loop_lag_p99 && voice.met.nothing_lost &&
          voice.met.no_failed_calls);

      const delivered = percentiles(delivery);
      return {
        visitors,
        agents,
        chat_capacity: CAPACITY,
        chats_with_agent: withAgent,
        accepted,
        routing_all_ms: round(routingMs),
        messages_sent: total,
        messages_lost: sent.size,
        delivery_ms: delivered,
        over_100_ms: delivery.filter((d) => d >= 100).length,
        benchmark_loop_lag_ms: percentiles(clientLag),
        benchmark_cpu_percent: round(ownCpuPercent, 1),
        appliance_cpu_percent: round(cpuPercent, 1),
        load_average: loadAverage,
        voice_calls_beside: calls,
        voice,
        targets: { delivery_p99_ms: 100, ...(calls > 0 ? { voice: MEDIA_TARGETS } : {}) },
        met: sent.size === 0 && withAgent === visitors && (delivered.p99 ?? Infinity) < 100 &&
          voiceMet,
      };
      // Every visitor comes from loopback here; the per-address flood limit is for real sites.
    },
    undefined,
    { CC_CHAT_ADDRESS_LIMIT: "1000000" },
  );
}

if (import.meta.main) {
  const [visitors, agents, messages, calls] = Deno.args.map(Number);
  console.log(
    JSON.stringify(
      await benchChatLoad({
        visitors: visitors || undefined,
        agents: agents || undefined,
        messages: messages || undefined,
        calls: Number.isNaN(calls) ? undefined : calls,
      }),
      null,
      2,
    ),
  );
}
