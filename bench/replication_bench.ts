/**
 * Replication under a write load (docs/decisions/023-replication.md): a primary database
 * with its change feed served over HTTP on 127.0.0.1, and a standby in a worker (an event
 * loop of its own) following it with the appliance's link and replica. Two phases:
 * - paced: 50 and 200 calls/s for 15 s, each call written as the call history and the CRM write
 *   it: the call row and five call events in the 20 ms group commit (decision 012), the
 *   call's end, and an interaction in a transaction of its own. Lag is measured per
 *   change, from its commit on the primary to the standby's read that applied it;
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
    primary_cpu_pct: number;
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

async function oneRun(callsPerS: number): Promise<RunResult> {
  const dir = await Deno.makeTempDir({ prefix: "cc-repl-bench-" });
  const clock = new SystemClock();
  const db = new Database(`${dir}/primary.db`);
  db.migrate();
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

  // When each change was committed, and when the standby first had it applied.
  const committedAt: number[] = [];
  let lastHead = 0;
  const noteCommits = () => {
    const now = performance.now();
    for (let seq = lastHead + 1; seq <= feed.head; seq++) committedAt[seq] = now;
    lastHead = feed.head;
  };
  const stopNoting = db.listenWrites({ committed: () => queueMicrotask(noteCommits) });
  const appliedAt: number[] = [];
  let applied = 0;
  let heard = false;
  const worker = new Worker(new URL("./_replication_standby.ts", import.meta.url), {
    type: "module",
  });
  const stopped = Promise.withResolvers<void>();
  // Worker times are wall clock; performance.now() origins differ between threads.
  const wallToPerf = Date.now() - performance.now();
  worker.onmessage = (event) => {
    const data = event.data as { applied?: number; at?: number; stopped?: boolean };
    if (data.stopped) return stopped.resolve();
    heard = true;
    const at = data.at! - wallToPerf;
    for (let seq = applied + 1; seq <= data.applied!; seq++) appliedAt[seq] = at;
    applied = Math.max(applied, data.applied!);
  };
  worker.postMessage({
    base: `http://127.0.0.1:${server.addr.port}`,
    secret,
    dbPath: `${dir}/standby.db`,
  });
  while (!heard || applied < feed.head) {
    await new Promise((r) => setTimeout(r, 20));
  }

  // Paced: so many calls a second, the call history grouped, the CRM's interaction in a transaction.
  const startSeq = feed.head;
  const cpuBefore = cpuUsage();
  const started = performance.now();
  let calls = 0;
  const iso = () => new Date().toISOString();
  const oneCall = () => {
    const id = crypto.randomUUID();
    const at = iso();
    db.runGrouped(
      "INSERT INTO calls (id, direction, state, caller, started_at) VALUES (?, 'inbound', 'ivr', ?, ?)",
      id,
      `+86138${String(calls).padStart(8, "0")}`,
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
  const pacedEnd = feed.head;
  const pacedWall = (performance.now() - started) / 1000;
  const cpuUsed = cpuUsage(cpuBefore);
  while (applied < pacedEnd) await new Promise((r) => setTimeout(r, 10));
  const lags: number[] = [];
  for (let seq = startSeq + 1; seq <= pacedEnd; seq++) {
    if (committedAt[seq] !== undefined && appliedAt[seq] !== undefined) {
      lags.push(Math.max(0, appliedAt[seq] - committedAt[seq]));
    }
  }
  lags.sort((a, b) => a - b);
  const cpuS = (cpuUsed.user + cpuUsed.system) / 1e6;

  // Flat out: one small transaction after another, yielding to the event loop each 5 ms.
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

  worker.postMessage("stop");
  await stopped.promise;
  worker.terminate();
  stopNoting();
  await server.shutdown();
  feed.close();
  db.close();
  await Deno.remove(dir, { recursive: true });
  const changesets = pacedEnd - startSeq;
  return {
    paced: {
      calls,
      changesets,
      changesets_per_s: round(changesets / pacedWall),
      lag_p50_ms: round(percentile(lags, 0.5)),
      lag_p99_ms: round(percentile(lags, 0.99)),
      lag_max_ms: round(lags.at(-1) ?? 0),
      // The whole process: writer, feed and HTTP on this thread plus the standby's worker.
      primary_cpu_pct: round((cpuS / pacedWall) * 100),
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
      process_cpu_pct: median(pick((r) => r.paced.primary_cpu_pct)),
      flat_out_committed_per_s: median(pick((r) => r.flat_out.committed_per_s)),
      flat_out_applied_per_s: median(pick((r) => r.flat_out.applied_per_s)),
    },
    each: runs,
  };
}

if (import.meta.main) console.log(JSON.stringify(await benchReplication(), null, 2));
