/**
 * Recording search at the size: 1,000,000 recordings of calls spread over a year,
 * 200 agents and 10 queues, generated into a temporary database; then 500 searches by a
 * random agent and a random month through `searchRecordings` (the API's query), each
 * reading the first page of 50. Target: p99 under 200 ms. Writes
 * bench/results/recording_search.json and prints one line.
 *
 * Run alone with `deno run -A bench/recording_search_bench.ts [recordings]`.
 */
import { Database } from "../src/db/mod.ts";
import { searchRecordings } from "../src/recordings/mod.ts";

const total = Number(Deno.args[0] ?? 1_000_000);
const AGENTS = 200;
const QUEUES = 10;
const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 86_400_000;

const dir = await Deno.makeTempDir({ prefix: "cc-rec-bench-" });
const db = new Database(`${dir}/bench.db`);
db.migrate();
try {
  const seedStart = performance.now();
  db.transaction(() => {
    for (let a = 1; a <= AGENTS; a++) {
      db.run(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
         VALUES (?, ?, ?, 'agent', 'x', '2026-01-01', '2026-01-01')`,
        1000 + a,
        `bench${a}`,
        `Bench agent ${a}`,
      );
    }
    for (let q = 1; q <= QUEUES; q++) {
      db.run(
        "INSERT INTO queues (id, name, strategy, options, created_at, updated_at) VALUES (?, ?, 'longest_idle', '{}', '2026-01-01', '2026-01-01')",
        1000 + q,
        `Bench queue ${q}`,
      );
    }
    // mulberry32: successive draws independent enough that agents, queues and times do
    // not line up (a plain LCG put some agents' calls in a few months only).
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = 0; i < total; i++) {
      const id = `bench-${i}`;
      const at = new Date(YEAR_START + Math.floor(random() * YEAR_MS)).toISOString();
      db.run(
        `INSERT INTO calls (id, direction, state, caller, queue_id, agent_id, started_at, ended_at)
         VALUES (?, 'inbound', 'ended', ?, ?, ?, ?, ?)`,
        id,
        `+86138${String(i).padStart(8, "0")}`,
        1001 + Math.floor(random() * QUEUES),
        1001 + Math.floor(random() * AGENTS),
        at,
        at,
      );
      db.run(
        `INSERT INTO recordings (call_id, path, channels, legs, started_at, duration_ms, size_bytes)
         VALUES (?, ?, 2, '[]', ?, ?, ?)`,
        id,
        `recordings/${id}.wav.enc`,
        at,
        30_000 + Math.floor(random() * 600_000),
        1_000_000,
      );
    }
  });
  const seedMs = performance.now() - seedStart;
  db.run("ANALYZE");

  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < 500; i++) {
    const agent = 1001 + (i * 37) % AGENTS;
    const month = i % 12;
    const from = new Date(Date.UTC(2026, month, 1)).toISOString();
    const to = new Date(Date.UTC(2026, month + 1, 1)).toISOString();
    const t0 = performance.now();
    const hits = searchRecordings(db, { agent_id: agent, from, to, limit: 50, offset: 0 });
    times.push(performance.now() - t0);
    found += hits.length;
  }
  times.sort((a, b) => a - b);
  const p = (q: number) =>
    Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 100) / 100;
  const result = {
    recordings: total,
    seed_s: Math.round(seedMs / 100) / 10,
    searches: times.length,
    avg_hits: Math.round(found / times.length),
    p50_ms: p(0.5),
    p99_ms: p(0.99),
    max_ms: Math.round(times[times.length - 1] * 100) / 100,
    target_p99_ms: 200,
    pass: p(0.99) < 200,
  };
  await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(
    new URL("./results/recording_search.json", import.meta.url),
    JSON.stringify(result, null, 2) + "\n",
  );
  console.log(
    `recording search: ${total} recordings, agent+month p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms (target < 200 ms) ${
      result.pass ? "PASS" : "FAIL"
    }`,
  );
} finally {
  db.close();
  await Deno.remove(dir, { recursive: true });
}
