/**
 * `--demo`: a believable small center on a new database, so a first start has
 * something to click through and the end-to-end tests have a known world: teams,
 * eight agents with skills, Sales/Support/Complaints queues, a trunk from the local
 * PBX (127.0.0.1), DID 1000 to the main menu, customers with phones and cases.
 *
 * @module
 */
import { randomPassword, type UserRepository } from "../auth/mod.ts";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { DEMO_CUSTOMERS, DEMO_MAIN_MENU, DEMO_SCHEDULES, DEMO_SURVEY } from "./data.ts";

export { DEMO_CUSTOMERS } from "./data.ts";

export interface DemoSeed {
  agents: number;
  /** Set when no password was given and one was generated for every demo user. */
  generatedPassword?: string;
}

const AGENTS: {
  name: string;
  team: string;
  skills: Record<string, number>;
  language: "en" | "zh-CN";
}[] = [
  {
    name: "Li Na",
    team: "Front line",
    skills: { sales: 8, mandarin: 9, english: 5 },
    language: "zh-CN",
  },
  {
    name: "Wang Wei",
    team: "Front line",
    skills: { sales: 6, support: 4, mandarin: 9 },
    language: "zh-CN",
  },
  {
    name: "Zhang Min",
    team: "Front line",
    skills: { support: 7, mandarin: 9, english: 6 },
    language: "zh-CN",
  },
  {
    name: "Chen Jie",
    team: "Front line",
    skills: { support: 5, sales: 3, mandarin: 8 },
    language: "zh-CN",
  },
  { name: "Emma Clark", team: "Front line", skills: { sales: 7, english: 9 }, language: "en" },
  {
    name: "Liu Yang",
    team: "Specialists",
    skills: { support: 9, complaints: 6, mandarin: 9 },
    language: "zh-CN",
  },
  {
    name: "Zhao Lei",
    team: "Specialists",
    skills: { complaints: 9, support: 6, mandarin: 9 },
    language: "zh-CN",
  },
  {
    name: "James Wu",
    team: "Specialists",
    skills: { complaints: 7, support: 8, english: 9, mandarin: 7 },
    language: "en",
  },
];

const QUEUES = [
  { name: "Sales", strategy: "longest_idle", skills: { sales: 1 } },
  { name: "Support", strategy: "skills_weighted", skills: { support: 1 } },
  { name: "Complaints", strategy: "longest_idle", skills: { complaints: 5 } },
];

const DISPOSITIONS = [
  {
    code: "resolved",
    label: "Resolved on the call",
    resolves: 1,
    queues: ["Sales", "Support", "Complaints"],
  },
  { code: "info_given", label: "Information given", resolves: 1, queues: ["Sales", "Support"] },
  { code: "sale", label: "Sale made", resolves: 1, queues: ["Sales"] },
  {
    code: "callback",
    label: "Callback promised",
    resolves: 0,
    queues: ["Sales", "Support", "Complaints"],
  },
  {
    code: "escalated",
    label: "Escalated to tier 2",
    resolves: 0,
    queues: ["Support", "Complaints"],
  },
  {
    code: "wrong_number",
    label: "Wrong number",
    resolves: 1,
    queues: ["Sales", "Support", "Complaints"],
  },
];

/** Seeds the demo center; call only on a new database. */
export async function seedDemo(
  db: Database,
  users: UserRepository,
  clock: Clock,
  password?: string,
): Promise<DemoSeed> {
  const demoPassword = password ?? randomPassword(10);
  const now = isoTime(clock.now());
  const teams = new Map<string, number>();
  for (const team of ["Front line", "Specialists"]) {
    teams.set(
      team,
      db.run("INSERT INTO teams (name, created_at) VALUES (?, ?)", team, now).lastInsertRowid,
    );
  }
  const skills = new Map<string, number>();
  for (const skill of ["sales", "support", "complaints", "english", "mandarin"]) {
    skills.set(skill, db.run("INSERT INTO skills (name) VALUES (?)", skill).lastInsertRowid);
  }

  // Users first: scrypt is asynchronous and cannot run inside a synchronous transaction.
  const agentIds: number[] = [];
  for (const [i, agent] of AGENTS.entries()) {
    const user = await users.create({
      username: `agent${i + 1}`,
      display_name: agent.name,
      role: "agent",
      password: demoPassword,
      sip_password: demoPassword,
      extension: String(1001 + i),
      language: agent.language,
      team_id: teams.get(agent.team),
    });
    agentIds.push(user.id);
  }
  for (
    const [username, name, role, team] of [
      // The team lead leads the front line: they see and act on its agents only.
      ["lead1", "Sun Li (team lead)", "team_lead", "Front line"],
      ["super1", "Grace Ho (supervisor)", "supervisor", undefined],
      ["qa1", "Peter Lin (QA)", "qa", undefined],
    ] as const
  ) {
    await users.create({
      username,
      display_name: name,
      role,
      password: demoPassword,
      team_id: team === undefined ? undefined : teams.get(team),
    });
  }

  db.transaction(() => {
    for (const [i, agent] of AGENTS.entries()) {
      for (const [skill, level] of Object.entries(agent.skills)) {
        db.run(
          "INSERT INTO agent_skills (user_id, skill_id, level) VALUES (?, ?, ?)",
          agentIds[i],
          skills.get(skill)!,
          level,
        );
      }
    }
    const queueIds = new Map<string, number>();
    for (const queue of QUEUES) {
      const id = db.run(
        "INSERT INTO queues (name, strategy, created_at, updated_at) VALUES (?, ?, ?, ?)",
        queue.name,
        queue.strategy,
        now,
        now,
      ).lastInsertRowid;
      queueIds.set(queue.name, id);
      for (const [skill, minLevel] of Object.entries(queue.skills)) {
        db.run(
          "INSERT INTO queue_skills (queue_id, skill_id, min_level) VALUES (?, ?, ?)",
          id,
          skills.get(skill)!,
          minLevel,
        );
      }
      for (const [i, agent] of AGENTS.entries()) {
        const level = Object.entries(queue.skills).every(([s, min]) =>
          (agent.skills[s] ?? 0) >= min
        );
        if (level) {
          db.run(
            "INSERT INTO queue_members (queue_id, user_id, penalty) VALUES (?, ?, 0)",
            id,
            agentIds[i],
          );
        }
      }
    }
    for (const d of DISPOSITIONS) {
      const id = db.run(
        "INSERT INTO dispositions (code, label, resolves) VALUES (?, ?, ?)",
        d.code,
        d.label,
        d.resolves,
      )
        .lastInsertRowid;
      for (const q of d.queues) {
        db.run(
          "INSERT INTO queue_dispositions (queue_id, disposition_id) VALUES (?, ?)",
          queueIds.get(q)!,
          id,
        );
      }
    }
    db.run(
      `INSERT INTO trunks (name, host, port, transport, allow_cidrs, default_country, max_calls, created_at, updated_at)
       VALUES ('Office PBX', '127.0.0.1', 5070, 'udp', '["127.0.0.1/32","::1/128"]', '86', 500, ?, ?)`,
      now,
      now,
    );
    const flowIds = [DEMO_MAIN_MENU, DEMO_SURVEY].map((flow) => {
      const id = db.run(
        "INSERT INTO ivr_flows (name, description, published_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)",
        flow.name,
        flow.description,
        now,
        now,
      ).lastInsertRowid;
      db.run(
        "INSERT INTO ivr_flow_versions (flow_id, version, definition, created_at, published_at) VALUES (?, 1, ?, ?, ?)",
        id,
        JSON.stringify(flow),
        now,
        now,
      );
      return id;
    });
    const flowId = flowIds[0];
    for (const [schedule, { hours, holidays }] of Object.entries(DEMO_SCHEDULES)) {
      for (const h of hours) {
        db.run(
          "INSERT INTO business_hours (schedule, weekday, opens, closes) VALUES (?, ?, ?, ?)",
          schedule,
          h.weekday,
          h.opens,
          h.closes,
        );
      }
      for (const h of holidays) {
        db.run(
          "INSERT INTO holidays (schedule, date, name) VALUES (?, ?, ?)",
          schedule,
          h.date,
          h.name,
        );
      }
    }
    db.run(
      "INSERT INTO dids (number, description, target_type, target_id, created_at) VALUES ('1000', 'Main number', 'ivr', ?, ?)",
      flowId,
      now,
    );
    seedCustomers(db, now, agentIds, clock.now());
  });
  return { agents: AGENTS.length, generatedPassword: password ? undefined : demoPassword };
}

function seedCustomers(db: Database, now: string, agentIds: number[], nowMs: number): void {
  for (const [i, customer] of DEMO_CUSTOMERS.entries()) {
    const lastAgent = customer.cases.length > 0 ? agentIds[i % agentIds.length] : null;
    const id = db.run(
      `INSERT INTO customers (external_id, name, company, vip_level, language, tags, last_agent_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      customer.account,
      customer.name,
      customer.company,
      customer.vip,
      customer.language,
      JSON.stringify(customer.tags),
      lastAgent,
      now,
      now,
    ).lastInsertRowid;
    for (const phone of customer.phones) {
      db.run(
        "INSERT INTO customer_phones (customer_id, e164, label) VALUES (?, ?, ?)",
        id,
        phone,
        "mobile",
      );
    }
    if (customer.email) {
      db.run("INSERT INTO customer_emails (customer_id, email) VALUES (?, ?)", id, customer.email);
    }
    for (const [j, c] of customer.cases.entries()) {
      // Older cases first, so the last one in the list is the one touched most recently.
      const touched = isoTime(nowMs - (customer.cases.length - j) * 86_400_000);
      const caseId = db.run(
        `INSERT INTO cases (customer_id, subject, category, priority, status, tier, assignee_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        c.subject,
        c.category,
        c.priority,
        c.status,
        c.status === "escalated" ? 2 : 1,
        lastAgent,
        touched,
        touched,
      ).lastInsertRowid;
      db.run(
        "INSERT INTO case_notes (case_id, author_id, body, created_at) VALUES (?, ?, ?, ?)",
        caseId,
        lastAgent,
        c.note,
        touched,
      );
    }
  }
}
