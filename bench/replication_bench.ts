/**
 * Replication under a write load (docs/decisions/023-replication.md): a primary database
 * with its change feed served over HTTP on 127.0.0.1, and a standby in a process of its own
 * (bench/_replication_standby.ts, as on a second box) following it with the appliance's link
 * and replica. Two phases:
 * - paced: 50 and 200 calls/s for 15 s, each call written as the call history and the CRM write
 *   it: the call row and five call events in the 20 ms group commit (decision 012), the
 *   call's end, and an interaction in a transaction of its own. Lag is measured per
 *   change, from its commit on the primary to the standby's read that applied it. The same
 *   load runs first with no change feed and then with the feed but no standby, so the CPU
 *   replication costs the primary is the difference; the standby's CPU is its process's;
 * - flat out: transactions back to back for 5 s: the changesets per second the standby
 *   keeps up with.
 * Three runs; medians reported. Writes bench/results/replication.json through run.ts, or
 * run alone: `deno run -A bench/replication_bench.ts`.
 */
import { cpuUsage } from "node:process";
import { SystemClock } from "../src/clock/mod.ts";
import { Database, Settings } from "../src/db/mod.ts";
import { ChangeFeed, feedRoutes, type FeedSource, Pairing } from "../src/replication/mod.ts";

/** The issue's load (200 calls/s) and a quarter of it, a busy office's peak. */
const RATES = [50, 200];
const PACED_S = 15;
const FLAT_OUT_S = 5;
const RUNS = 3;

interface RunResult {
  paced: {
    calls: number;
    changesets: number;
    changesets_per_s: number;
    lag_p50_ms: number;
    lag_p99_ms: number;
    lag_max_ms: number;
  };
  /** Share of one core over the paced phase, each box's process on its own. */
  cpu_pct: {
    primary_without_feed: number;
    primary_feed_no_standby: number;
    primary_with_standby: number;
    standby: number;
  };
  flat_out: { changesets: number; committed_per_s: number; applied_per_s: number };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

/** CPU seconds a process has used so far, from /proc (Linux, 100 ticks a second). */
function processCpuS(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const ownCpuS = () => {
  const used = cpuUsage();
  return (used.user + used.system) / 1e6;
};

/** The call history and the CRM write of `calls` calls a second for PACED_S seconds. */
async function pacedLoad(db: Database, callsPerS: number, numberFrom: number): Promise<number> {
  const started = performance.now();
  let calls = 0;
  const iso = () => new Date().toISOString();
  const oneCall = () => {
    const id = crypto.randomUUID();
    const at = iso();
    db.runGrouped(
      "INSERT INTO calls (id, direction, state, caller, started_at) VALUES (?, 'inbound', 'ivr', ?, ?)",
      id,
      `+86138${String(numberFrom + calls).padStart(8, "0")}`,
      at,
    );
    for (const type of ["offered", "ivr_entered", "dtmf", "ivr_left", "ended"]) {
      db.runGrouped(
        "INSERT INTO call_events (call_id, at, type, data) VALUES (?, ?, ?, ?)",
        id,
        at,
        type,
        JSON.stringify({ node: "menu", digits: "1" }),
      );
    }
    db.runGrouped("UPDATE calls SET state = 'ended', ended_at = ? WHERE id = ?", iso(), id);
    db.transaction(() =>
      db.run(
        "INSERT INTO interactions (channel, direction, call_id, notes, started_at) " +
          "VALUES ('call', 'inbound', NULL, 'self-service: balance read out', ?)",
        at,
      )
    );
    calls++;
  };
  while (performance.now() - started < PACED_S * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * callsPerS);
    while (calls < due) oneCall();
    await new Promise((r) => setTimeout(r, 5));
  }
  db.flush();
  return calls;
}

/** Runs `load` and returns its result and the share of a core each process used meanwhile. */
async function measured<T>(load: () => Promise<T>, standbyPid?: number) {
  const wallBefore = performance.now();
  const ownBefore = ownCpuS();
  const standbyBefore = standbyPid === undefined ? 0 : processCpuS(standbyPid);
  const result = await load();
  const wall = (performance.now() - wallBefore) / 1000;
  const own = ownCpuS() - ownBefore;
  const standby = standbyPid === undefined ? 0 : processCpuS(standbyPid) - standbyBefore;
  return {
    result,
    wall,
    ownPct: round((own / wall) * 100),
    standbyPct: round((standby / wall) * 100),
  };
}

async function oneRun(callsPerS: number): Promise<RunResult> {
  const dir = await Deno.makeTempDir({ prefix: "cc-repl-bench-" });
  const clock = new SystemClock();
  const db = new Database(`${dir}/primary.db`);
  db.migrate();

  // The primary's own cost first: the same load with no change feed at all.
  const withoutFeed = await measured(() => pacedLoad(db, callsPerS, 0));

  const settings = new Settings(db, clock);
  const feed = new ChangeFeed({ db, clock });
  const pairing = new Pairing(settings, clock, "");
  const secret = pairing.exchange(pairing.issueToken());
  const source: FeedSource = {
    feed,
    pairing,
    epoch: () => 1,
    dataDir: dir,
    demote: () => {},
    handingOver: () => false,
    now: () => clock.now(),
    snapshotFile: () => `${dir}/snapshot-${crypto.randomUUID()}.db`,
  };
  const app = feedRoutes(() => source, () => "");
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);

  // Then with the feed recording every commit but no standby reading it.
  const feedAlone = await measured(() => pacedLoad(db, callsPerS, 1_000_000));

  // When each change was committed, and when the standby first had it applied.
  const committedAt: number[] = [];
  let lastHead = feed.head;
  const noteCommits = () => {
    const now = performance.now();
    for (let seq = lastHead + 1; seq <= feed.head; seq++) committedAt[seq] = now;
    lastHead = feed.head;
  };
  const stopNoting = db.listenWrites({ committed: () => queueMicrotask(noteCommits) });
  const appliedAt: number[] = [];
  let applied = 0;
  let heard = false;
  const standby = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      new URL("./_replication_standby.ts", import.meta.url).pathname,
      `http://127.0.0.1:${server.addr.port}`,
      secret,
      `${dir}/standby.db`,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  // The standby's times are wall clock; this process's performance.now() has its own origin.
  const wallToPerf = Date.now() - performance.now();
  const reading = (async () => {
    let rest = "";
    for await (const chunk of standby.stdout.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const lines = rest.split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        const data = JSON.parse(line) as { applied: number; at: number };
        heard = true;
        const at = data.at - wallToPerf;
        for (let seq = applied + 1; seq <= data.applied; seq++) appliedAt[seq] = at;
        applied = Math.max(applied, data.applied);
      }
    }
  })();
  while (!heard || applied < feed.head) {
    await new Promise((r) => setTimeout(r, 20));
  }

  // Paced with the standby following: lag per change, from its commit to the read that applied it.
  const startSeq = feed.head;
  const withStandby = await measured(
    () => pacedLoad(db, callsPerS, 2_000_000),
    standby.pid,
  );
  const pacedEnd = feed.head;
  while (applied < pacedEnd) await new Promise((r) => setTimeout(r, 10));
  const lags: number[] = [];
  for (let seq = startSeq + 1; seq <= pacedEnd; seq++) {
    if (committedAt[seq] !== undefined && appliedAt[seq] !== undefined) {
      lags.push(Math.max(0, appliedAt[seq] - committedAt[seq]));
    }
  }
  lags.sort((a, b) => a - b);

  // Flat out: one small transaction after another, yielding to the event loop each 5 ms.
  const iso = () => new Date().toISOString();
  const flatStartSeq = feed.head;
  const flatStarted = performance.now();
  while (performance.now() - flatStarted < FLAT_OUT_S * 1000) {
    const slice = performance.now();
    while (performance.now() - slice < 5) {
      db.transaction(() =>
        db.run(
          "INSERT INTO interactions (channel, direction, notes, started_at) VALUES ('call', 'inbound', 'x', ?)",
          iso(),
        )
      );
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  const flatEnd = feed.head;
  const flatWall = (performance.now() - flatStarted) / 1000;
  while (applied < flatEnd) await new Promise((r) => setTimeout(r, 10));
  const flatApplyWall = (appliedAt[flatEnd] - flatStarted) / 1000;

  await standby.stdin.close();
  await standby.status;
  await reading;
  stopNoting();
  await server.shutdown();
  feed.close();
  db.close();
  await Deno.remove(dir, { recursive: true });
  const changesets = pacedEnd - startSeq;
  return {
    paced: {
      calls: withStandby.result,
      changesets,
      changesets_per_s: round(changesets / withStandby.wall),
      lag_p50_ms: round(percentile(lags, 0.5)),
      lag_p99_ms: round(percentile(lags, 0.99)),
      lag_max_ms: round(lags.at(-1) ?? 0),
    },
    cpu_pct: {
      primary_without_feed: withoutFeed.ownPct,
      primary_feed_no_standby: feedAlone.ownPct,
      primary_with_standby: withStandby.ownPct,
      standby: withStandby.standbyPct,
    },
    flat_out: {
      changesets: flatEnd - flatStartSeq,
      committed_per_s: Math.round((flatEnd - flatStartSeq) / flatWall),
      applied_per_s: Math.round((flatEnd - flatStartSeq) / flatApplyWall),
    },
  };
}

export async function benchReplication() {
  const results = [];
  for (const rate of RATES) results.push(await atRate(rate));
  return { paced_s: PACED_S, runs: RUNS, rates: results };
}

async function atRate(callsPerS: number) {
  const runs: RunResult[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneRun(callsPerS));
  const pick = <T>(f: (r: RunResult) => T) => runs.map(f);
  return {
    calls_per_s: callsPerS,
    median: {
      changesets_per_s: median(pick((r) => r.paced.changesets_per_s)),
      lag_p50_ms: median(pick((r) => r.paced.lag_p50_ms)),
      lag_p99_ms: median(pick((r) => r.paced.lag_p99_ms)),
      lag_max_ms: median(pick((r) => r.paced.lag_max_ms)),
      cpu_pct: {
        primary_without_feed: median(pick((r) => r.cpu_pct.primary_without_feed)),
        primary_feed_no_standby: median(pick((r) => r.cpu_pct.primary_feed_no_standby)),
        primary_with_standby: median(pick((r) => r.cpu_pct.primary_with_standby)),
        standby: median(pick((r) => r.cpu_pct.standby)),
      },
      flat_out_committed_per_s: median(pick((r) => r.flat_out.committed_per_s)),
      flat_out_applied_per_s: median(pick((r) => r.flat_out.applied_per_s)),
    },
    each: runs,
  };
}

if (import.meta.main) console.log(JSON.stringify(await benchReplication(), null, 2));
