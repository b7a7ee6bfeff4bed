/**
 * Web chat under load: `visitors` chat visitors on the widget's WebSocket talk with
 * `agents` agents at once (each agent holds up to 20 chats, so 1,000 visitors need 50
 * agents). The appliance runs as its own process; agents' desk phones register by SIPp
 * (which logs them in to the ACD), each agent signs in and keeps the desktop's event
 * WebSocket open and accepts every chat offered on it. Once every chat is with an agent,
 * each visitor sends `messages` messages at random moments over `seconds` seconds, and
 * the time from the visitor's send to the `chat.message` event at the agent's socket is
 * measured (both ends live in this process). Reported: delivery p50/p99/max, messages
 * lost, how long routing every chat took, and the appliance's CPU.
 * Target (issue 27): delivery p99 under 100 ms. Voice calls beside the chats are not
 * part of this run yet.
 *
 * Run alone: `deno run -A bench/chat_load.ts [visitors] [agents] [messages]`.
 */
import { cpuMs, withAppliance } from "./_appliance_process.ts";
import { round, sleep } from "./_sipp_load.ts";
import { PHONE_PASSWORD, register } from "./wallboard_fanout.ts";

const PASSWORD = "bench-agent-1";
const CAPACITY = 20;

export interface ChatLoadOptions {
  visitors?: number;
  agents?: number;
  messages?: number;
  seconds?: number;
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
  const messages = options.messages ?? 5;
  const seconds = options.seconds ?? 30;
  return await withAppliance(
    async (app, api) => {
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

      // The load: every visitor sends its messages at random moments over the window.
      const cpuStart = cpuMs(app.child.pid);
      const started = performance.now();
      const windowMs = seconds * 1000;
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
      const cpuPercent = ((cpuMs(app.child.pid) - cpuStart) / (performance.now() - started)) * 100;
      for (const v of open) v.ws.close();
      for (const ws of agentSockets) ws.close();

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
        appliance_cpu_percent: round(cpuPercent, 1),
        voice_calls_beside: 0,
        targets: { delivery_p99_ms: 100 },
        met: sent.size === 0 && withAgent === visitors && (delivered.p99 ?? Infinity) < 100,
      };
      // Every visitor comes from loopback here; the per-address flood limit is for real sites.
    },
    undefined,
    { CC_CHAT_ADDRESS_LIMIT: "1000000" },
  );
}

if (import.meta.main) {
  const [visitors, agents, messages] = Deno.args.map(Number);
  console.log(
    JSON.stringify(
      await benchChatLoad({
        visitors: visitors || undefined,
        agents: agents || undefined,
        messages: messages || undefined,
      }),
      null,
      2,
    ),
  );
}
