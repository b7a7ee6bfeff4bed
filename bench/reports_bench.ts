/**
 * Reports at the issue's size: a generated year of a 50-agent center (about 2,000,000
 * calls, 5,500 a day, in four queues), its agents' state changes and their daily shifts,
 * written straight into the tables of a temporary database, then
 * - a full rebuild of the 15-minute rollups from the logs (target < 5 minutes),
 * - a month's report for the center by 30-minute interval (target < 1 s),
 * - today's live figures after a few new calls, catch-up included (target < 50 ms),
 * with the process's memory after each step.
 *
 * Run alone with `deno run -A bench/reports_bench.ts [days]` (365 by default), or via
 * `deno task bench reports`.
 */
import { VirtualClock } from "../src/clock/mod.ts";
import { Database, isoTime } from "../src/db/mod.ts";
import { ReportService, RollupFeed } from "../src/reports/mod.ts";

const AGENTS = 50;
const QUEUES = 4;
const CALLS_PER_DAY = 5_500;
const DAY_MS = 86_400_000;

function mb(): number {
  return Math.round(Deno.memoryUsage().rss / 1_048_576);
}

/** A small fast generator, so the same history comes back each run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(
  db: Database,
  startMs: number,
  days: number,
): { calls: number; events: number; states: number } {
  const now = isoTime(startMs);
  db.exec("BEGIN");
  for (let t = 1; t <= 2; t++) {
    db.run("INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)", t, `Team ${t}`, now);
  }
  for (let a = 1; a <= AGENTS; a++) {
    db.run(
      `INSERT INTO users (id, username, display_name, role, password_hash, team_id, created_at, updated_at)
       VALUES (?, ?, ?, 'agent', 'x', ?, ?, ?)`,
      a,
      `agent${a}`,
      `Agent ${a}`,
      (a % 2) + 1,
      now,
      now,
    );
  }
  for (let q = 1; q <= QUEUES; q++) {
    db.run(
      "INSERT INTO queues (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
      q,
      `Queue ${q}`,
      now,
      now,
    );
  }
  db.exec("COMMIT");
  const rnd = random(42);
  const event = db.raw.prepare(
    "INSERT INTO call_events (call_id, at, type, queue_id, agent_id, data) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const state = db.raw.prepare(
    "INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, ?, ?)",
  );
  const block = db.raw.prepare(
    "INSERT INTO schedule_blocks (user_id, kind, starts_at, ends_at) VALUES (?, ?, ?, ?)",
  );
  let calls = 0;
  let events = 0;
  let states = 0;
  const freeAt = new Array<number>(AGENTS + 1).fill(0);
  for (let d = 0; d < days; d++) {
    db.exec("BEGIN");
    const day = startMs + d * DAY_MS;
    // Agents are scheduled 08:00–20:00 with a break at noon, log in at 08:00 and out at 20:00.
    for (let a = 1; a <= AGENTS; a++) {
      state.run(a, isoTime(day + 8 * 3600_000), "ready", null);
      states++;
      block.run(a, "shift", isoTime(day + 8 * 3600_000), isoTime(day + 20 * 3600_000));
      block.run(a, "break", isoTime(day + 12 * 3600_000), isoTime(day + 13 * 3600_000));
    }
    const arrivals: number[] = [];
    for (let i = 0; i < CALLS_PER_DAY; i++) {
      arrivals.push(day + 8 * 3600_000 + rnd() * 12 * 3600_000);
    }
    arrivals.sort((x, y) => x - y);
    const changes: [number, number, string][] = [];
    for (const at of arrivals) {
      const id = `c${d}_${calls++}`;
      const queue = 1 + Math.floor(rnd() * QUEUES);
      const ring = Math.floor(rnd() * 12_000);
      const answered = at + ring;
      const wait = Math.floor(rnd() * 60_000);
      event.run(id, isoTime(at), "call.offered", null, null, "{}");
      event.run(id, isoTime(answered), "call.answered", null, null, "{}");
      event.run(id, isoTime(answered), "queue.entered", queue, null, "{}");
      events += 3;
      if (rnd() < 0.1) {
        event.run(
          id,
          isoTime(answered + wait),
          "queue.abandoned",
          queue,
          null,
          JSON.stringify({ wait_ms: wait, short: wait <= 20_000 }),
        );
        event.run(id, isoTime(answered + wait), "call.ended", null, null, "{}");
        events += 2;
        continue;
      }
      const agent = 1 + Math.floor(rnd() * AGENTS);
      const start = Math.max(answered + wait, freeAt[agent]);
      const talk = 60_000 + Math.floor(rnd() * 240_000);
      const acw = Math.floor(rnd() * 60_000);
      freeAt[agent] = start + talk + acw;
      event.run(
        id,
        isoTime(start),
        "queue.answered",
        queue,
        agent,
        JSON.stringify({ wait_ms: start - answered }),
      );
      event.run(id, isoTime(start + talk), "call.ended", null, null, "{}");
      event.run(
        id,
        isoTime(start + talk + acw),
        "agent.work_done",
        null,
        agent,
        JSON.stringify({ talk_ms: talk, acw_ms: acw }),
      );
      events += 3;
      changes.push([start, agent, "on_call"], [start + talk, agent, "wrap_up"], [
        start + talk + acw,
        agent,
        "ready",
      ]);
    }
    changes.sort((x, y) => x[0] - y[0]);
    for (const [at, agent, s] of changes) state.run(agent, isoTime(at), s, null);
    states += changes.length;
    for (let a = 1; a <= AGENTS; a++) {
      state.run(a, isoTime(Math.max(day + 20 * 3600_000, freeAt[a] + 1)), "logged_out", null);
      states++;
    }
    db.exec("COMMIT");
  }
  return { calls, events, states };
}

export async function benchReports(days = 365) {
  const dir = await Deno.makeTempDir({ prefix: "cc-reports-bench-" });
  try {
    const db = new Database(`${dir}/bench.db`);
    db.migrate();
    const startMs = Date.UTC(2025, 0, 1);
    let t = performance.now();
    const generated = generate(db, startMs, days);
    const generateS = (performance.now() - t) / 1000;

    const feed = new RollupFeed(db);
    t = performance.now();
    const rows = feed.rebuild();
    const rebuildS = (performance.now() - t) / 1000;
    const afterRebuildMb = mb();

    const end = startMs + days * DAY_MS;
    const clock = new VirtualClock(end - DAY_MS + 14 * 3600_000);
    const reports = new ReportService({ db, feed, clock });
    // The last whole calendar month of the history.
    const last = new Date(end - DAY_MS);
    const monthFrom = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 1, 1);
    const monthTo = Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 1);
    const monthTimes: number[] = [];
    let monthRows = 0;
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const r = reports.report({
        from: monthFrom,
        to: monthTo,
        granularity: "30m",
        scope: { kind: "center" },
        timeZone: "UTC",
      });
      monthTimes.push(performance.now() - t);
      monthRows = r.rows.length;
    }
    const liveTimes: number[] = [];
    const today = end - DAY_MS;
    for (let i = 0; i < 20; i++) {
      // A few calls arrive between two looks at today's figures.
      db.run(
        "INSERT INTO call_events (call_id, at, type, queue_id, data) VALUES (?, ?, 'queue.entered', 1, '{}')",
        `live${i}`,
        isoTime(today + 14 * 3600_000 + i * 1000),
      );
      t = performance.now();
      reports.report({
        from: today,
        to: today + DAY_MS,
        granularity: "15m",
        scope: { kind: "center" },
        timeZone: "UTC",
      });
      liveTimes.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const result = {
      days,
      ...generated,
      log_rows_read: rows,
      generate_s: Math.round(generateS * 10) / 10,
      rebuild_s: Math.round(rebuildS * 10) / 10,
      rollup_rows: db.get<{ n: number }>("SELECT count(*) AS n FROM report_intervals")!.n,
      month_by_30m_ms: Math.round(median(monthTimes)),
      month_rows: monthRows,
      today_live_ms: Math.round(median(liveTimes) * 10) / 10,
      rss_mb_after_rebuild: afterRebuildMb,
      rss_mb_end: mb(),
      db_mb: Math.round(Deno.statSync(`${dir}/bench.db`).size / 1_048_576),
    };
    db.close();
    return result;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  console.log(JSON.stringify(await benchReports(Number(Deno.args[0] ?? 365))));
}
