/**
 * Wallboard fan-out: how long an agent's state change takes to reach every open
 * wallboard connection while the appliance carries calls. The appliance runs as its own
 * process with the demo center plus `agents` new agents (desk phones registered by SIPp)
 * spread over `queues` new queues; `calls` SIPp callers wait in one more queue nobody
 * serves, hearing music (the media load); `sockets` event WebSockets stay open, as
 * wallboards do. Then a supervisor changes agents' states one at a time through the API,
 * and each socket notes when the `agent.state` event for that change arrives. Reported:
 * delivery p50/p99/max over every socket and change (measured in this process, which
 * also hosts the sockets), the appliance's media pacing and event-loop lag, and its CPU.
 * Targets (issue 20): delivery p99 under 1 s; pacing and loop-lag p99 under 5 ms.
 *
 * Run alone: `deno run -A bench/wallboard_fanout.ts [sockets] [agents] [calls]`.
 */
import { peerPath } from "../tests/support/peers.ts";
import { ADMIN_PASSWORD, cpuMs, freePort, withAppliance } from "./_appliance_process.ts";
import { mediaFigures, type MediaStats, round, scenario, sleep } from "./_sipp_load.ts";

export const PHONE_PASSWORD = "bench-phone-1";
const WAITING_NUMBER = "3999";

export interface WallboardFanoutOptions {
  sockets?: number;
  agents?: number;
  queues?: number;
  calls?: number;
  changes?: number;
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

/** Registers a desk phone as `extension` with SIPp, so its agent logs in to the ACD. */
export async function register(sipPort: number, extension: string): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cc-bench-reg-" });
  try {
    await Deno.writeTextFile(
      `${dir}/register.xml`,
      scenario("register.xml", { username: extension, password: PHONE_PASSWORD, expect: "200" }),
    );
    const out = await new Deno.Command(peerPath("sipp"), {
      args: [
        ...[`127.0.0.1:${sipPort}`, "-sf", `${dir}/register.xml`, "-s", extension],
        ...["-i", "127.0.0.1", "-p", String(freePort()), "-m", "1"],
        ...["-nostdin", "-timeout", "10s", "-timeout_error"],
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (out.code !== 0) throw new Error(`Registering ${extension} failed`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

export async function benchWallboardFanout(options: WallboardFanoutOptions = {}) {
  const sockets = options.sockets ?? 100;
  const agents = options.agents ?? 50;
  const queueCount = options.queues ?? 10;
  const calls = options.calls ?? 100;
  const changes = options.changes ?? 60;
  return await withAppliance(async (app, api) => {
    // The center: agents with desk phones, queues they serve, and one queue nobody serves.
    const agentIds: number[] = [];
    for (let i = 0; i < agents; i++) {
      const { user } = await api("POST", "/users", {
        username: `bench${i}`,
        role: "agent",
        password: PHONE_PASSWORD,
        sip_password: PHONE_PASSWORD,
        extension: String(5000 + i),
      }) as { user: { id: number } };
      agentIds.push(user.id);
    }
    for (let q = 0; q < queueCount; q++) {
      await api("POST", "/queues", {
        name: `Bench ${q}`,
        members: agentIds.filter((_, i) =>
          i % queueCount === q || i % queueCount === (q + 1) % queueCount
        )
          .map((user_id) => ({ user_id })),
      });
    }
    const { queue: waitingQueue } = await api("POST", "/queues", {
      name: "Bench waiting",
      members: [],
      options: { max_waiting_calls: calls + 10 },
    }) as { queue: { id: number } };
    await api("POST", "/numbers", {
      number: WAITING_NUMBER,
      target_type: "queue",
      target_id: waitingQueue.id,
    });
    for (let i = 0; i < agents; i++) await register(app.sipPort, String(5000 + i));
    await sleep(1000);

    // Callers who wait the whole run, hearing the queue's music.
    const callerXml = scenario("acd_caller.xml", {
      caller: "+8613800138000",
      rtp_port: String(freePort()),
    }).replace("<pause />", '<pause milliseconds="600000" />');
    const work = await Deno.makeTempDir({ prefix: "cc-bench-callers-" });
    await Deno.writeTextFile(`${work}/caller.xml`, callerXml);
    const callers = new Deno.Command(peerPath("sipp"), {
      args: [
        ...["-sf", `${work}/caller.xml`, `127.0.0.1:${app.sipPort}`, "-s", WAITING_NUMBER],
        ...["-i", "127.0.0.1", "-p", String(freePort()), "-mp", String(freePort())],
        ...["-m", String(calls), "-r", "20", "-l", String(calls), "-nostdin"],
      ],
      cwd: work,
      stdout: "null",
      stderr: "null",
    }).spawn();

    // Wallboards: event sockets of a signed-in session.
    const base = `http://127.0.0.1:${app.httpPort}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    await login.body?.cancel();
    let expected: { agent: number; state: string; at: number; got: number[] } | null = null;
    const open: WebSocket[] = [];
    for (let i = 0; i < sockets; i++) {
      // Deno's WebSocket takes headers as a second-argument option.
      const ws = new WebSocket(`ws://127.0.0.1:${app.httpPort}/api/v1/events`, {
        headers: { cookie },
      } as unknown as string[]);
      ws.onmessage = (m) => {
        const e = JSON.parse(m.data);
        const want = expected;
        if (
          want && e.type === "agent.state" && e.data.agent_id === want.agent &&
          e.data.state === want.state
        ) want.got.push(performance.now() - want.at);
      };
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      open.push(ws);
    }
    await sleep(Math.min(15_000, (calls / 20) * 1000 + 3000));

    const media0 = await api("GET", "/media/stats") as MediaStats;
    const cpuStart = cpuMs(app.child.pid);
    const started = performance.now();
    const delivery: number[] = [];
    let missed = 0;
    for (let c = 0; c < changes; c++) {
      const agent = agentIds[c % agentIds.length];
      // Each agent goes ready on its first change and not ready on its second.
      const state = Math.floor(c / agentIds.length) % 2 === 0 ? "ready" : "not_ready";
      const want = { agent, state, at: performance.now(), got: [] as number[] };
      expected = want;
      await api("POST", `/agents/${agent}/state`, {
        state,
        ...(state === "not_ready" ? { reason: "meeting" } : {}),
      });
      const deadline = performance.now() + 5000;
      while (want.got.length < sockets && performance.now() < deadline) await sleep(5);
      delivery.push(...want.got);
      missed += sockets - want.got.length;
      await sleep(100);
    }
    expected = null;
    const cpuPercent = ((cpuMs(app.child.pid) - cpuStart) / (performance.now() - started)) * 100;
    const stats = await api("GET", "/media/stats") as MediaStats;
    for (const ws of open) ws.close();
    callers.kill("SIGTERM");
    await callers.status;
    await Deno.remove(work, { recursive: true });

    const media = mediaFigures(stats);
    const delivered = percentiles(delivery);
    return {
      sockets,
      agents,
      queues: queueCount,
      waiting_calls: stats.live_calls,
      waiting_calls_before: media0.live_calls,
      changes,
      delivery_ms: delivered,
      missed_deliveries: missed,
      media,
      appliance_cpu_percent: round(cpuPercent, 1),
      targets: { delivery_p99_ms: 1000, pacing_p99_ms: 5, loop_lag_p99_ms: 5 },
      met: missed === 0 && delivered.p99 < 1000 && media.pacing_ms.p99 < 5 &&
        media.event_loop_lag_ms.p99 < 5,
    };
  });
}

if (import.meta.main) {
  const [sockets, agents, calls] = Deno.args.map(Number);
  console.log(JSON.stringify(
    await benchWallboardFanout({
      sockets: sockets || undefined,
      agents: agents || undefined,
      calls: calls || undefined,
    }),
    null,
    2,
  ));
  Deno.exit(0);
}
