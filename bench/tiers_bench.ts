/**
 * Tiered support at the size: 1,000,000 customers (phone, e-mail, account) and
 * 3,000,000 cases (statuses, priorities, tiers, owners, teams and due times spread as a
 * busy center's would be) generated into a temporary database, then timed in-process:
 * - customer search by phone, e-mail, account and name prefix (500 of each),
 * - case search with the desk's filters (200 of each combination),
 * - "my work" counts and lists for random agents, and the tier-2 queue.
 * Target: every kind p99 < 200 ms. Writes bench/results/tiers.json and prints a table.
 *
 * Run alone with `deno run -A bench/tiers_bench.ts [customers]`, or `deno task bench tiers`.
 */
import { compose, openStorage, prepareStorage } from "../src/app.ts";
import { SystemClock } from "../src/clock/mod.ts";
import { loadConfig } from "../src/config/mod.ts";
import { createLogger } from "../src/log/mod.ts";

const NAMES = ["Zhang", "Wang", "Li", "Zhao", "Chen", "Liu", "Smith", "Brown", "张", "王", "李"];
const WORDS = ["router", "bill", "refund", "delivery", "password", "kettle", "line", "invoice"];
const STATUSES = ["new", "open", "pending_customer", "escalated", "resolved", "closed", "closed"];
const PRIORITIES = ["low", "normal", "normal", "high", "urgent"];

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
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    n: sorted.length,
    p50_ms: round(at(0.5)),
    p99_ms: round(at(0.99)),
    max_ms: round(sorted.at(-1)!),
  };
}

export interface TiersBenchResult {
  customers: number;
  cases: number;
  generate_s: number;
  timings: Record<string, ReturnType<typeof percentiles>>;
  targets_met: boolean;
}

export async function benchTiers(customers = 1_000_000): Promise<TiersBenchResult> {
  const cases = customers * 3;
  const dir = await Deno.makeTempDir({ prefix: "cc-tiers-bench-" });
  const config = loadConfig(
    { data: dir, "admin-password": "bench-admin-pass", bind: "127.0.0.1" },
    {},
  );
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
    const random = rng(24);
    const t0 = performance.now();
    const now = Date.now();
    const iso = new Date(now).toISOString();
    db.exec("PRAGMA cache_size = -2000000");
    const agents: number[] = [];
    const teams: number[] = [];
    db.transaction(() => {
      const raw = db.raw;
      const team = raw.prepare("INSERT INTO teams (name, created_at) VALUES (?, ?)");
      for (let t = 1; t <= 5; t++) {
        teams.push(Number(team.run(`Bench team ${t}`, iso).lastInsertRowid));
      }
      const user = raw.prepare(
        `INSERT INTO users (username, display_name, role, password_hash, team_id, created_at, updated_at)
         VALUES (?, ?, 'agent', 'x', ?, ?, ?)`,
      );
      for (let a = 1; a <= 100; a++) {
        agents.push(
          Number(user.run(`tb${a}`, `Agent ${a}`, teams[a % 5], iso, iso).lastInsertRowid),
        );
      }
      const customer = raw.prepare(
        `INSERT INTO customers (id, external_id, name, custom_fields, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      const phone = raw.prepare("INSERT INTO customer_phones (customer_id, e164) VALUES (?, ?)");
      const email = raw.prepare("INSERT INTO customer_emails (customer_id, email) VALUES (?, ?)");
      for (let i = 1; i <= customers; i++) {
        const name = `${NAMES[i % NAMES.length]} ${i}`;
        customer.run(i, `AC${i}`, name, i % 100 === 0 ? '{"plan":"gold"}' : "{}", iso, iso);
        phone.run(i, `+86139${String(i).padStart(8, "0")}`);
        email.run(i, `c${i}@example.com`);
      }
      const kase = raw.prepare(
        `INSERT INTO cases (customer_id, subject, category, priority, status, tier, assignee_id,
           team_id, due_at, created_at, updated_at)
         VALUES (?, ?, 'general', ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (let j = 0; j < cases; j++) {
        const status = STATUSES[Math.floor(random() * STATUSES.length)];
        const created = now - Math.floor(random() * 365 * 86_400_000);
        const due = created + (1 + Math.floor(random() * 72)) * 3_600_000;
        const tier = status === "escalated" ? 2 : 1;
        kase.run(
          1 + (j % customers),
          `${WORDS[j % WORDS.length]} problem ${j}`,
          PRIORITIES[Math.floor(random() * PRIORITIES.length)],
          status,
          tier,
          agents[j % agents.length],
          tier === 2 ? teams[j % 5] : null,
          new Date(due).toISOString(),
          new Date(created).toISOString(),
          new Date(created + Math.floor(random() * 86_400_000)).toISOString(),
        );
      }
    });
    db.exec("ANALYZE");
    db.exec("PRAGMA cache_size = -2000");
    const generateS = (performance.now() - t0) / 1000;

    const pick = rng(5);
    const anyCustomer = () => 1 + Math.floor(pick() * customers);
    const anyAgent = () => agents[Math.floor(pick() * agents.length)];
    const time = (n: number, run: () => unknown) => {
      for (let i = 0; i < Math.min(20, n); i++) run();
      return percentiles(Array.from({ length: n }, () => {
        const s = performance.now();
        run();
        return performance.now() - s;
      }));
    };
    const timings: TiersBenchResult["timings"] = {
      customer_by_phone: time(
        500,
        () => crm.findCustomers(`139-${String(anyCustomer()).padStart(8, "0")}`),
      ),
      customer_by_email: time(500, () => crm.findCustomers(`c${anyCustomer()}@example.com`)),
      customer_by_account: time(500, () => crm.findCustomers(`AC${anyCustomer()}`)),
      customer_by_name_prefix: time(
        500,
        () =>
          crm.findCustomers(
            `${NAMES[Math.floor(pick() * NAMES.length)]} ${1 + Math.floor(pick() * 99)}`,
          ),
      ),
      customer_by_field: time(100, () => crm.findCustomers("plan:gold")),
      case_by_number: time(
        500,
        () => crm.caseSearch.search({ q: `#${1 + Math.floor(pick() * cases)}` }),
      ),
      case_status_priority: time(
        200,
        () =>
          crm.caseSearch.search({
            status: "open",
            priority: PRIORITIES[Math.floor(pick() * 5)] as "low",
          }),
      ),
      case_open_mine: time(
        200,
        () => crm.caseSearch.search({ open: true, assignee_id: anyAgent() }),
      ),
      case_breached: time(200, () => crm.caseSearch.search({ breached: true })),
      case_tier2_team: time(
        200,
        () => crm.caseSearch.search({ tier: 2, team_id: teams[Math.floor(pick() * 5)] }),
      ),
      case_subject_word: time(
        50,
        () => crm.caseSearch.search({ q: WORDS[Math.floor(pick() * WORDS.length)] }),
      ),
      case_of_customer: time(500, () => crm.caseSearch.search({ customer_id: anyCustomer() })),
      work_counts: time(200, () => crm.caseSearch.counts(anyAgent())),
      work_due_today: time(200, () => crm.caseSearch.workList("due_today", anyAgent())),
      work_breached: time(200, () => crm.caseSearch.workList("breached", anyAgent())),
      tier2_queue: time(200, () => crm.caseSearch.tier2Queue(teams[Math.floor(pick() * 5)])),
    };
    return {
      customers,
      cases,
      generate_s: Math.round(generateS * 10) / 10,
      timings,
      targets_met: Object.values(timings).every((t) => t.p99_ms < 200),
    };
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const customers = Number(Deno.args[0] ?? 1_000_000);
  const result = await benchTiers(customers);
  const results = new URL("./results/", import.meta.url).pathname;
  await Deno.mkdir(results, { recursive: true });
  await Deno.writeTextFile(
    `${results}tiers.json`,
    JSON.stringify(
      { name: "tiers", at: new Date().toISOString(), cores: navigator.hardwareConcurrency, result },
      null,
      2,
    ) + "\n",
  );
  console.log(
    `tiers: ${result.customers} customers, ${result.cases} cases generated in ${result.generate_s} s`,
  );
  for (const [name, t] of Object.entries(result.timings)) {
    console.log(`  ${name.padEnd(24)} p50 ${t.p50_ms} ms  p99 ${t.p99_ms} ms  max ${t.max_ms} ms`);
  }
  console.log(`targets ${result.targets_met ? "met" : "MISSED"}`);
}
