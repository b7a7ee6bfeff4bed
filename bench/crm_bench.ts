/**
 * The CRM at the size: 1,000,000 customers and 5,000,000 interactions generated
 * into a temporary database, then
 * - screen-pop lookup in-process (10,000 random numbers, 10% unknown) and through real
 *   HTTP on 127.0.0.1 with a signed-in session (2,000 look-ups, reads audited as in use),
 * - customer search by name prefix (2,000 random prefixes of 1–4 characters),
 * - CSV import of 1,000,000 new customers from a file on disk (strict mode, one transaction).
 * Targets: look-up p99 < 1 ms in-process and < 10 ms over HTTP, search p99 < 20 ms,
 * import < 60 s. Writes bench/results/crm.json and prints one line.
 *
 * Run alone with `deno run -A bench/crm_bench.ts [customers]`, or via `deno task bench crm`.
 */
import { compose, openStorage, prepareStorage } from "../src/app.ts";
import { SystemClock } from "../src/clock/mod.ts";
import { loadConfig } from "../src/config/mod.ts";
import { createLogger } from "../src/log/mod.ts";

const SURNAMES = [
  "Zhang",
  "Wang",
  "Li",
  "Zhao",
  "Chen",
  "Liu",
  "Yang",
  "Huang",
  "Zhou",
  "Wu",
  "Smith",
  "Brown",
  "Morgan",
  "Taylor",
  "张",
  "王",
  "李",
  "赵",
  "陈",
  "刘",
];
const GIVEN = [
  "Wei",
  "Fang",
  "Na",
  "Min",
  "Jie",
  "Lei",
  "Yang",
  "Alice",
  "Daniel",
  "Emma",
  "James",
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "磊",
  "洋",
];
const CATEGORIES = ["billing", "delivery", "account", "complaint", "order"];

/** A small fast PRNG so runs are repeatable. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    n: sorted.length,
    mean_ms: round(mean),
    p50_ms: round(at(0.5)),
    p99_ms: round(at(0.99)),
    max_ms: round(sorted.at(-1)!),
  };
}

/** Reads a file in 1 MiB chunks, as the CLI's import does. */
function* fileChunks(path: string): Generator<Uint8Array> {
  const file = Deno.openSync(path);
  try {
    const buffer = new Uint8Array(1 << 20);
    for (;;) {
      const n = file.readSync(buffer);
      if (n === null) return;
      yield buffer.slice(0, n);
    }
  } finally {
    file.close();
  }
}

const mobile = (i: number) => `+86139${String(i).padStart(8, "0")}`;

export interface CrmBenchResult {
  customers: number;
  interactions: number;
  generate_s: number;
  lookup_in_process: ReturnType<typeof percentiles>;
  lookup_http: ReturnType<typeof percentiles>;
  search_name_prefix: ReturnType<typeof percentiles>;
  import_rows: number;
  import_s: number;
  targets_met: boolean;
}

export async function benchCrm(customers = 1_000_000): Promise<CrmBenchResult> {
  const interactions = customers * 5;
  const dir = await Deno.makeTempDir({ prefix: "cc-crm-bench-" });
  const password = "bench-admin-pass";
  const config = loadConfig({ data: dir, "admin-password": password, bind: "127.0.0.1" }, {});
  const clock = new SystemClock();
  const log = createLogger("bench", { level: "error", sink: () => {}, now: () => clock.now() });
  const app = await compose({
    config,
    db: openStorage(config, log),
    clock,
    log,
    role: () => "primary",
    uiAssets: {},
  });
  await prepareStorage(app, () => {});
  const { db, crm } = app;
  try {
    // --- generation: one transaction, prepared statements, 50 agents, some open cases.
    const random = rng(7);
    const t0 = performance.now();
    const now = Date.now();
    // A big page cache for the bulk load only; the appliance keeps SQLite's default.
    db.exec("PRAGMA cache_size = -2000000");
    db.transaction(() => {
      const raw = db.raw;
      const user = raw.prepare(
        "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at) VALUES (?, ?, 'agent', 'x', ?, ?)",
      );
      const iso = new Date(now).toISOString();
      for (let a = 1; a <= 50; a++) user.run(`bench${a}`, `Agent ${a}`, iso, iso);
      const queue = raw.prepare(
        "INSERT INTO queues (name, created_at, updated_at) VALUES (?, ?, ?)",
      );
      for (const q of ["Bench Sales", "Bench Support"]) queue.run(q, iso, iso);
      const firstAgent = Number(
        db.get<{ id: number }>("SELECT min(id) AS id FROM users WHERE username LIKE 'bench%'")!.id,
      );
      const customer = raw.prepare(
        `INSERT INTO customers (id, name, company, vip_level, language, tags, last_agent_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?)`,
      );
      const phone = raw.prepare("INSERT INTO customer_phones (customer_id, e164) VALUES (?, ?)");
      const kase = raw.prepare(
        `INSERT INTO cases (customer_id, subject, category, priority, status, created_at, updated_at)
         VALUES (?, ?, ?, 'normal', 'open', ?, ?)`,
      );
      for (let i = 1; i <= customers; i++) {
        const name = `${SURNAMES[Math.floor(random() * SURNAMES.length)]} ${
          GIVEN[Math.floor(random() * GIVEN.length)]
        } ${i}`;
        customer.run(
          i,
          name,
          `Company ${i % 5000}`,
          i % 10 === 0 ? 2 : 0,
          i % 3 ? "zh-CN" : "en",
          firstAgent + (i % 50),
          iso,
          iso,
        );
        phone.run(i, mobile(i));
        if (i % 5 === 0) kase.run(i, `Case of ${i}`, CATEGORIES[i % 5], iso, iso);
      }
      const interaction = raw.prepare(
        `INSERT INTO interactions (customer_id, channel, direction, agent_id, category, notes, started_at, answered_at, ended_at)
         VALUES (?, 'call', 'inbound', ?, ?, '', ?, ?, ?)`,
      );
      for (let j = 0; j < interactions; j++) {
        // Five contacts per customer on average, spread unevenly (some have many).
        const c = j < customers * 4 ? 1 + Math.floor(j / 4) : 1 + Math.floor(random() * customers);
        const at = new Date(now - Math.floor(random() * 365 * 86_400_000)).toISOString();
        interaction.run(c, firstAgent + (j % 50), CATEGORIES[j % 5], at, at, at);
      }
    });
    db.exec("ANALYZE");
    db.exec("PRAGMA cache_size = -2000");
    const generateS = (performance.now() - t0) / 1000;

    // --- screen pop in-process.
    const pick = rng(11);
    const numbers = Array.from(
      { length: 10_000 },
      () =>
        pick() < 0.9
          ? mobile(1 + Math.floor(pick() * customers))
          : mobile(customers + 1 + Math.floor(pick() * 1e6)),
    );
    for (const n of numbers.slice(0, 500)) crm.lookupByPhone(n);
    const inProcess = numbers.map((n) => {
      const s = performance.now();
      crm.lookupByPhone(n);
      return performance.now() - s;
    });

    // --- screen pop over real HTTP, signed in as a person (reads are audited).
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req, info) => app.http.app.fetch(req, { remoteAddr: info.remoteAddr }),
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    await login.body?.cancel();
    const http: number[] = [];
    for (let k = 0; k < 2_200; k++) {
      const s = performance.now();
      const response = await fetch(
        `${base}/api/v1/customers/lookup?phone=${encodeURIComponent(numbers[k])}`,
        {
          headers: { cookie },
        },
      );
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`lookup answered ${response.status}`);
      if (k >= 200) http.push(performance.now() - s);
    }
    await server.shutdown();

    // --- name prefix search.
    const prefixes = Array.from({ length: 2_000 }, () => {
      const name = `${SURNAMES[Math.floor(pick() * SURNAMES.length)]} ${
        GIVEN[Math.floor(pick() * GIVEN.length)]
      }`;
      return name.slice(0, 1 + Math.floor(pick() * 4)).toLowerCase();
    });
    const search = prefixes.map((p) => {
      const s = performance.now();
      crm.customers.searchByName(p, { limit: 20 });
      return performance.now() - s;
    });

    // --- CSV import of new customers from disk.
    const csvPath = `${dir}/import.csv`;
    const file = await Deno.open(csvPath, { write: true, create: true });
    const encoder = new TextEncoder();
    await file.write(encoder.encode("\ufeff姓名,手机,公司,邮箱,标签\n"));
    for (let start = 0; start < customers; start += 50_000) {
      let chunk = "";
      for (let i = start; i < Math.min(customers, start + 50_000); i++) {
        chunk += `导入客户${i},+86137${String(i).padStart(8, "0")},"Company ${
          i % 997
        }, Ltd",imp${i}@example.com,import\n`;
      }
      await file.write(encoder.encode(chunk));
    }
    file.close();
    const t1 = performance.now();
    const report = crm.importCustomers(fileChunks(csvPath), { mode: "strict" });
    const importS = (performance.now() - t1) / 1000;
    if (!report.committed || report.created !== customers) {
      throw new Error(
        `import did not complete: ${
          JSON.stringify({ ...report, rejected: report.rejected.slice(0, 3) })
        }`,
      );
    }

    const result: CrmBenchResult = {
      customers,
      interactions,
      generate_s: Math.round(generateS * 10) / 10,
      lookup_in_process: percentiles(inProcess),
      lookup_http: percentiles(http),
      search_name_prefix: percentiles(search),
      import_rows: report.rows,
      import_s: Math.round(importS * 10) / 10,
      targets_met: false,
    };
    result.targets_met = result.lookup_in_process.p99_ms < 1 && result.lookup_http.p99_ms < 10 &&
      result.search_name_prefix.p99_ms < 20 && result.import_s < 60;
    return result;
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const customers = Number(Deno.args[0] ?? 1_000_000);
  const result = await benchCrm(customers);
  const results = new URL("./results/", import.meta.url).pathname;
  await Deno.mkdir(results, { recursive: true });
  await Deno.writeTextFile(
    `${results}crm.json`,
    JSON.stringify(
      { name: "crm", at: new Date().toISOString(), cores: navigator.hardwareConcurrency, result },
      null,
      2,
    ) + "\n",
  );
  console.log(
    `crm: ${result.customers} customers, ${result.interactions} interactions generated in ${result.generate_s} s; ` +
      `lookup p99 ${result.lookup_in_process.p99_ms} ms in-process, ${result.lookup_http.p99_ms} ms HTTP; ` +
      `name search p99 ${result.search_name_prefix.p99_ms} ms; import ${result.import_rows} rows in ${result.import_s} s; ` +
      `targets ${result.targets_met ? "met" : "MISSED"}`,
  );
}
