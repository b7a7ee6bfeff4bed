/**
 * Replication lag under real calls (issue 26): two appliances as processes of their own on
 * 127.0.0.2 and 127.0.0.3, the second paired as the first's standby, as in
 * tests/e2e/standby_takeover_test.ts. SIPp, as the office PBX, calls the demo number (DID
 * 1000, the main menu) at a steady rate; each caller hears the welcome for a second and
 * hangs up, so every call goes the normal inbound path: the call row and its events, the
 * IVR's traffic. Beside the calls, the API writes CRM rows on the primary (a customer and an
 * interaction, each acknowledged before the next is due).
 *
 * The same load runs three times on the primary: alone (its change feed recording, nobody
 * reading it), with the standby following, and alone again once the standby has stopped
 * (the primary's CPU without a standby is the mean of the two). With the standby:
 * - lag of acknowledged writes: from the API's 201 for a customer to the row being readable
 *   in the standby's database file (polled every 5 ms by this process);
 * - lag as the standby reports it on `/api/v1/health` (`lag_changes`, `lag_s`), sampled every
 *   100 ms;
 * - CPU: the primary's with and without the standby reading, the standby's own process.
 * SIPp's failed calls are counted in both runs. SIPp, both boxes and this process share the
 * machine's cores. Written into bench/results/replication.json (`with_calls`) by
 * run.ts, or run alone: `deno run -A bench/replication_calls_bench.ts [rates] [seconds]`, e.g. `200 20`.
 */
import { DatabaseSync } from "node:sqlite";
import { type RunningProcess, spawnAppliance } from "../tests/support/spawn_appliance.ts";
import { freePort, settled } from "./_appliance_process.ts";

const ADDRESSES = ["127.0.0.2", "127.0.0.3"] as const;
const ADMIN_PASSWORD = "admin-secret-1";
const DID = "1000";
/** How long each caller stays in the IVR. */
const CALL_MS = 1000;
/** Customers and interactions written through the API, each per second. */
const CRM_WRITES_PER_S = 25;
const POLL_MS = 5;
const PAIRING = /--standby-of (\S+) --pair-token (\S+)/;
const ROOT = new URL("../", import.meta.url).pathname;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

/** CPU seconds a process has used so far, from /proc (Linux, 100 ticks a second). */
function processCpuS(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type Api = (method: string, path: string, body?: unknown) => Promise<Response>;

async function signIn(host: string, httpPort: number): Promise<Api> {
  const base = `http://${host}:${httpPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`Sign-in failed: ${login.status}`);
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const { csrf_token } = await login.json();
  const headers = { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" };
  return (method, path, body) =>
    fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

interface Health {
  role: string;
  replication?: {
    epoch: number;
    applied_seq?: number;
    head_seq: number;
    lag_changes?: number;
    lag_s?: number;
  };
}

async function health(host: string, process: RunningProcess): Promise<Health> {
  const response = await fetch(`http://${host}:${process.httpPort}/api/v1/health`, {
    signal: AbortSignal.timeout(2000),
  });
  return await response.json() as Health;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, limitMs: number) {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    await sleep(50);
  }
  throw new Error(`Timed out after ${limitMs} ms waiting for ${what}`);
}

/** SIPp placing `rate` calls a second for `seconds`, each in the IVR for CALL_MS. */
async function sippCalls(sipTarget: string, rate: number, seconds: number) {
  const work = await Deno.makeTempDir({ prefix: "cc-bench-sipp-" });
  try {
    const xml = Deno.readTextFileSync(`${ROOT}tests/fixtures/sipp/trunk_call.xml`)
      .replaceAll("{{caller}}", "+8613900139000");
    await Deno.writeTextFile(`${work}/call.xml`, xml);
    const out = await new Deno.Command("sipp", {
      args: [
        ...["-sf", `${work}/call.xml`, sipTarget, "-s", DID],
        ...["-i", "127.0.0.1", "-p", String(freePort()), "-mp", String(freePort())],
        ...["-m", String(rate * seconds), "-r", String(rate), "-d", String(CALL_MS)],
        ...["-l", String(rate * 5), "-nostdin", "-timeout", `${seconds + 60}s`],
      ],
      cwd: work,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const counter = (name: string) =>
      Number(new RegExp(`${name}\\s*\\|[^|]*\\|\\s*(\\d+)`).exec(text)?.[1] ?? NaN);
    return { successful: counter("Successful call"), failed: counter("Failed call") };
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

/** The API's CRM writes for `seconds`: when each customer `name` was acknowledged. */
async function crmWrites(api: Api, tag: string, seconds: number) {
  const acked = new Map<string, number>();
  let refused = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0;; i++) {
    const due = (i * 1000) / CRM_WRITES_PER_S;
    if (due >= seconds * 1000) break;
    const wait = started + due - performance.now();
    if (wait > 0) await sleep(wait);
    const name = `${tag}-${i}`;
    pending.push((async () => {
      const customer = await api("POST", "/customers", { name });
      if (customer.status === 201) acked.set(name, performance.now());
      else refused++;
      await customer.body?.cancel();
      const interaction = await api("POST", "/interactions", {
        channel: "call",
        direction: "inbound",
        notes: `self-service for ${name}`,
      });
      if (interaction.status !== 201) refused++;
      await interaction.body?.cancel();
    })());
  }
  await Promise.all(pending);
  return { acked, refused };
}

/** When each customer named `tag-…` first became readable in the standby's database file. */
function watchStandbyFile(dataDir: string, tag: string) {
  const seen = new Map<string, number>();
  const db = new DatabaseSync(`${dataDir}/callcenter.db`, { readOnly: true });
  const query = db.prepare("SELECT rowid AS n, name FROM customers WHERE rowid > ?");
  let last = (db.prepare("SELECT coalesce(max(rowid), 0) AS n FROM customers").get() as {
    n: number;
  }).n;
  const timer = setInterval(() => {
    const now = performance.now();
    for (const row of query.all(last) as { n: number; name: string }[]) {
      last = Math.max(last, row.n);
      if (row.name.startsWith(`${tag}-`) && !seen.has(row.name)) seen.set(row.name, now);
    }
  }, POLL_MS);
  return {
    seen,
    stop() {
      clearInterval(timer);
      db.close();
    },
  };
}

/**
 * Each box's own lag figures every 100 ms: the standby's (changes it knows it lacks at its
 * last read) and the primary's (changes its standby had not read at its last read, and
 * how long the oldest of them has waited), and whether either changed role.
 */
function sampleHealth(primary: RunningProcess, standby: RunningProcess) {
  const samples: {
    lagChanges: number;
    lagS: number;
    primaryLagChanges: number;
    primaryLagS: number;
  }[] = [];
  const roles = new Set<string>();
  let running = true;
  const done = (async () => {
    while (running) {
      const [p, s] = await Promise.all([
        health(ADDRESSES[0], primary).catch(() => undefined),
        health(ADDRESSES[1], standby).catch(() => undefined),
      ]);
      if (p && s) roles.add(`${p.role}/${s.role}`);
      const [pr, sr] = [p?.replication, s?.replication];
      if (sr?.lag_changes !== undefined && pr?.lag_changes !== undefined) {
        samples.push({
          lagChanges: sr.lag_changes,
          lagS: sr.lag_s ?? 0,
          primaryLagChanges: pr.lag_changes,
          primaryLagS: pr.lag_s ?? 0,
        });
      }
      await sleep(100);
    }
  })();
  return {
    samples,
    roles,
    async stop() {
      running = false;
      await done;
    },
  };
}

interface Load {
  calls: { successful: number; failed: number };
  crm: { acked: Map<string, number>; refused: number };
  primaryCpuPct: number;
  standbyCpuPct?: number;
  headSeq: [number, number];
  wallS: number;
}

async function runLoad(
  primary: RunningProcess,
  api: Api,
  sipTarget: string,
  rate: number,
  seconds: number,
  tag: string,
  standby?: RunningProcess,
): Promise<Load> {
  const headBefore = (await health(ADDRESSES[0], primary)).replication?.head_seq ?? 0;
  const wallBefore = performance.now();
  const primaryBefore = processCpuS(primary.process.pid);
  const standbyBefore = standby ? processCpuS(standby.process.pid) : 0;
  const [calls, crm] = await Promise.all([
    sippCalls(sipTarget, rate, seconds),
    crmWrites(api, tag, seconds),
  ]);
  const wallS = (performance.now() - wallBefore) / 1000;
  const headAfter = (await health(ADDRESSES[0], primary)).replication?.head_seq ?? 0;
  return {
    calls,
    crm,
    primaryCpuPct: round(((processCpuS(primary.process.pid) - primaryBefore) / wallS) * 100),
    standbyCpuPct: standby
      ? round(((processCpuS(standby.process.pid) - standbyBefore) / wallS) * 100)
      : undefined,
    headSeq: [headBefore, headAfter],
    wallS,
  };
}

async function atRate(rate: number, seconds: number) {
  const dirs = await Promise.all(
    ADDRESSES.map((_, i) => Deno.makeTempDir({ prefix: `cc-repl-calls-${i}-` })),
  );
  const sipPorts = [freePort(), freePort()];
  const quiet = { CC_LOG_LEVEL: "warn" };
  let primary: RunningProcess | undefined;
  let standby: RunningProcess | undefined;
  try {
    primary = await spawnAppliance(dirs[0], [
      ...["--bind", ADDRESSES[0], "--demo", "--sip-port", String(sipPorts[0])],
      ...["--rtp-ports", "30000-34999"],
    ], quiet);
    const api = await signIn(ADDRESSES[0], primary.httpPort);
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      opens: "00:00",
      closes: "24:00",
    }));
    await (await api("PUT", "/ivr/schedules/office", { hours, holidays: [] })).body?.cancel();
    // The built-in prompts are rendered in the background after start.
    await settled(primary.process.pid);
    const sipTarget = `${ADDRESSES[0]}:${sipPorts[0]}`;

    const alone = await runLoad(primary, api, sipTarget, rate, seconds, "alone");

    const [url, token] = PAIRING.exec(primary.output())!.slice(1);
    standby = await spawnAppliance(dirs[1], [
      ...["--bind", ADDRESSES[1], "--sip-port", String(sipPorts[1])],
      ...["--rtp-ports", "35000-39999"],
      ...["--role", "standby", "--standby-of", url, "--pair-token", token],
    ], quiet);
    const follower = standby;
    await until("the standby to catch up", async () => {
      const [seen, head] = [
        await health(ADDRESSES[1], follower),
        await health(ADDRESSES[0], primary!),
      ];
      const r = seen.replication;
      return r?.applied_seq !== undefined && r.applied_seq >= (head.replication?.head_seq ?? 0)
        ? true
        : undefined;
    }, 60_000);
    await settled(standby.process.pid);

    const watch = watchStandbyFile(dirs[1], "followed");
    const sampler = sampleHealth(primary, standby);
    const followed = await runLoad(primary, api, sipTarget, rate, seconds, "followed", standby);
    await sleep(2000); // the last writes reach the standby
    await sampler.stop();
    watch.stop();
    // The same load alone again, the standby stopped: the primary's CPU without a standby
    // is the mean of the runs before and after, so warming up counts against neither.
    await standby.stop();
    standby = undefined;
    await sleep(2000);
    const aloneAgain = await runLoad(primary, api, sipTarget, rate, seconds, "again");

    const lags: number[] = [];
    let missing = 0;
    for (const [name, ackedAt] of followed.crm.acked) {
      const seenAt = watch.seen.get(name);
      if (seenAt === undefined) missing++;
      else lags.push(Math.max(0, seenAt - ackedAt));
    }
    lags.sort((a, b) => a - b);
    const sorted = (f: (s: typeof sampler.samples[number]) => number) =>
      sampler.samples.map(f).sort((a, b) => a - b);
    const figures = (values: number[], places = 0) => ({
      p50: round(percentile(values, 0.5), places),
      p99: round(percentile(values, 0.99), places),
      max: round(values.at(-1) ?? NaN, places),
    });
    const changesets = followed.headSeq[1] - followed.headSeq[0];
    const calls = (load: Load) => ({
      placed: rate * seconds,
      successful: load.calls.successful,
      failed: load.calls.failed,
    });
    return {
      calls_per_s: rate,
      seconds,
      crm_api_writes_per_s: CRM_WRITES_PER_S * 2,
      load_average: Deno.loadavg(),
      calls_alone: calls(alone),
      calls_alone_again: calls(aloneAgain),
      calls_followed: calls(followed),
      crm_writes_refused: alone.crm.refused + followed.crm.refused + aloneAgain.crm.refused,
      changesets_per_s: round(changesets / followed.wallS),
      acknowledged_write_to_standby_ms: {
        writes: lags.length,
        not_seen: missing,
        p50: round(percentile(lags, 0.5)),
        p99: round(percentile(lags, 0.99)),
        max: round(lags.at(-1) ?? NaN),
        poll_ms: POLL_MS,
      },
      health_samples: sampler.samples.length,
      standby_reported: {
        lag_changes: figures(sorted((s) => s.lagChanges)),
        lag_ms: figures(sorted((s) => s.lagS * 1000)),
      },
      primary_reported: {
        lag_changes: figures(sorted((s) => s.primaryLagChanges)),
        lag_ms: figures(sorted((s) => s.primaryLagS * 1000)),
      },
      /** primary/standby as each box said it; anything but one pair means a takeover. */
      roles_seen: [...sampler.roles],
      cpu_pct: {
        primary_without_standby: round((alone.primaryCpuPct + aloneAgain.primaryCpuPct) / 2),
        primary_without_standby_each: [alone.primaryCpuPct, aloneAgain.primaryCpuPct],
        primary_with_standby: followed.primaryCpuPct,
        standby: followed.standbyCpuPct,
      },
    };
  } finally {
    await standby?.stop();
    await primary?.stop();
    for (const dir of dirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

export async function benchReplicationCalls(rates = [200], seconds = 20) {
  const results = [];
  for (const rate of rates) {
    const result = await atRate(rate, seconds);
    console.error(`replication with calls: ${JSON.stringify(result)}`);
    results.push(result);
  }
  return { call_ms: CALL_MS, results };
}

if (import.meta.main) {
  const rates = Deno.args[0]?.split(",").map(Number);
  const seconds = Deno.args[1] ? Number(Deno.args[1]) : undefined;
  console.log(JSON.stringify(await benchReplicationCalls(rates, seconds), null, 2));
}
