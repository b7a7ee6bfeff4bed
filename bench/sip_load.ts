/**
 * SIP call throughput: SIPp as the PBX places INVITE/200/ACK/BYE calls (no RTP played)
 * at rising rates against the appliance running as its own process. For each rate it
 * reports completed and failed calls, INVITE→200 response times (p50/p99 from SIPp's
 * per-call RTD trace) and the appliance's CPU per call. Target on our 2-core machine:
 * 200 calls/s with zero failed calls and p99 INVITE→200 under 20 ms.
 */

import { ADMIN_PASSWORD, cpuMs, freePort, settled, startAppliance } from "./_appliance_process.ts";

const ROOT = new URL("../", import.meta.url).pathname;

interface RateResult {
  rate_cps: number;
  calls: number;
  successful: number;
  failed: number;
  /** As SIPp saw it: includes SIPp's own scheduling on the same two cores. */
  invite_to_200_ms: { p50: number; p99: number; max: number };
  /**
   * As the appliance measured it: the INVITE's arrival at the kernel (the SIP socket's own
   * stamp; where it has none, its reading) to the 200 OK handed to the kernel.
   */
  server_invite_to_200_ms: { p50: number; p99: number };
  /** Of that, how long INVITEs waited in the kernel unread while the event loop was busy. */
  server_invite_unread_ms: { p50: number; p99: number };
  appliance_cpu_ms_per_call: number;
  appliance_cpu_percent: number;
  /** How SIPp was scheduled: at the appliance's real-time priority, or normal. */
  sipp_priority: "realtime" | "normal";
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

interface Window {
  count: number;
  p50_ms: number;
  p99_ms: number;
}

async function serverStats(
  httpPort: number,
  since = 0,
): Promise<{ answer: Window; unread: Window }> {
  const base = `http://127.0.0.1:${httpPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  await login.body?.cancel();
  const stats = await (await fetch(`${base}/sip/stats?since=${since}`, { headers: { cookie } }))
    .json();
  return { answer: stats.invite_to_200, unread: stats.invite_unread };
}

/**
 * SIPp stamps INVITE→200 on its own send and receive, so its figure includes how soon SIPp
 * itself gets a core. The appliance runs its main and socket threads at real-time priority
 * (decision 013); on a shared machine SIPp at normal priority waits behind them and every
 * other program, and that wait lands in its figure. BENCH_SIPP_PRIORITY=realtime runs
 * SIPp at the appliance's real-time priority (`chrt`, where the system allows), as the
 * media benchmarks' far-end receiver runs; by default it runs at normal priority, since a
 * real-time SIPp polling on two loaded cores can hold the appliance's own normal-priority
 * threads (database, recordings) off them.
 */
function sippLauncher(): { command: string; prefix: string[]; priority: "realtime" | "normal" } {
  const plain = { command: "sipp", prefix: [], priority: "normal" as const };
  if (Deno.env.get("BENCH_SIPP_PRIORITY") !== "realtime") return plain;
  try {
    const probe = new Deno.Command("chrt", { args: ["--rr", "10", "true"] }).outputSync();
    if (!probe.success) return plain;
  } catch {
    return plain; // no chrt here
  }
  return { command: "chrt", prefix: ["--rr", "10", "sipp"], priority: "realtime" };
}

const sipp = sippLauncher();

async function runRate(
  pid: number,
  sipPort: number,
  httpPort: number,
  rate: number,
  seconds: number,
): Promise<RateResult> {
  const { answer: { count: answeredBefore } } = await serverStats(httpPort);
  const work = await Deno.makeTempDir({ prefix: "cc-bench-sipp-" });
  const scenario = Deno.readTextFileSync(`${ROOT}tests/fixtures/sipp/trunk_call.xml`).replaceAll(
    "{{caller}}",
    "+8613800138000",
  );
  Deno.writeTextFileSync(`${work}/call.xml`, scenario);
  const calls = rate * seconds;
  const before = cpuMs(pid);
  const out = await new Deno.Command(sipp.command, {
    args: [
      ...sipp.prefix,
      "-sf",
      `${work}/call.xml`,
      `127.0.0.1:${sipPort}`,
      "-s",
      "1000",
      "-i",
      "127.0.0.1",
      "-p",
      String(freePort()),
      "-mp",
      String(freePort()),
      "-m",
      String(calls),
      "-r",
      String(rate),
      "-d",
      "0",
      "-l",
      String(rate * 5),
      "-nostdin",
      "-timeout",
      `${seconds + 30}s`,
      "-trace_rtt",
      "-rtt_freq",
      "1",
    ],
    cwd: work,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const cpu = cpuMs(pid) - before;
  const server = await serverStats(httpPort, answeredBefore);
  const text = new TextDecoder().decode(out.stdout);
  const counter = (name: string) =>
    Number(new RegExp(`${name}\\s*\\|[^|]*\\|\\s*(\\d+)`).exec(text)?.[1] ?? NaN);
  const rttFile = [...Deno.readDirSync(work)].find((e) => e.name.endsWith("_rtt.csv"));
  const rtts: number[] = [];
  if (rttFile) {
    for (const line of Deno.readTextFileSync(`${work}/${rttFile.name}`).split("\n").slice(1)) {
      const value = Number(line.split(";")[1]);
      if (Number.isFinite(value) && line.trim()) rtts.push(value);
    }
  }
  rtts.sort((a, b) => a - b);
  await Deno.remove(work, { recursive: true });
  const successful = counter("Successful call");
  if (!Number.isFinite(successful)) {
    // SIPp did not run its calls (a port taken meanwhile, say): say why rather than a NaN.
    console.error(`SIPp at ${rate} calls/s: ${new TextDecoder().decode(out.stderr).slice(0, 500)}`);
  }
  return {
    rate_cps: rate,
    calls,
    successful,
    failed: counter("Failed call"),
    invite_to_200_ms: {
      p50: Math.round(percentile(rtts, 0.5) * 100) / 100,
      p99: Math.round(percentile(rtts, 0.99) * 100) / 100,
      max: rtts.at(-1) ?? NaN,
    },
    server_invite_to_200_ms: { p50: server.answer.p50_ms, p99: server.answer.p99_ms },
    server_invite_unread_ms: { p50: server.unread.p50_ms, p99: server.unread.p99_ms },
    appliance_cpu_ms_per_call: Math.round((cpu / Math.max(1, successful)) * 1000) / 1000,
    appliance_cpu_percent: Math.round((cpu / (seconds * 1000)) * 1000) / 10,
    sipp_priority: sipp.priority,
  };
}

/** `BENCH_CPU_PROF=<dir>` writes a V8 CPU profile of the appliance over all rates. */
export async function benchSip(rates = [50, 100, 200, 300], seconds = 10) {
  const { child, data, sipPort, httpPort } = await startAppliance(Deno.env.get("BENCH_CPU_PROF"));
  const results: RateResult[] = [];
  try {
    // The built-in prompts are rendered in the background after start (espeak-ng on the
    // same cores); per-call figures are taken once that is over.
    await settled(child.pid);
    for (const rate of rates) {
      results.push(await runRate(child.pid, sipPort, httpPort, rate, seconds));
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(data, { recursive: true });
  }
  const sustained = results.filter((r) => r.failed === 0 && r.successful === r.calls).map((r) =>
    r.rate_cps
  );
  return {
    seconds_per_rate: seconds,
    results,
    sustained_cps_zero_failures: sustained.length ? Math.max(...sustained) : 0,
    target: { cps: 200, invite_to_200_p99_ms: 20 },
  };
}

if (import.meta.main) console.log(JSON.stringify(await benchSip(), null, 2));
