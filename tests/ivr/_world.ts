/** A small center for IVR tests: in-memory storage, a few customers, queues and a schedule. */
import { VirtualClock } from "../../src/clock/mod.ts";
import { Crm } from "../../src/crm/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { IvrDomain, type Scalar, type SimulationResult } from "../../src/ivr/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

/** Monday 4 May 2026, 10:00 in Shanghai: the office is open. */
export const MONDAY_10AM = Date.parse("2026-05-04T10:00:00+08:00");

export interface World {
  db: Database;
  clock: VirtualClock;
  crm: Crm;
  ivr: IvrDomain;
  agentId: number;
  zhouId: number;
}

export function ivrWorld(options: { fetch?: typeof fetch; dataDir?: string } = {}): World {
  const db = new Database(":memory:");
  db.migrate();
  const clock = new VirtualClock(MONDAY_10AM);
  const now = new Date(MONDAY_10AM).toISOString();
  const agentId = db.run(
    `INSERT INTO users (username, display_name, role, password_hash, extension, created_at, updated_at)
     VALUES ('agent1', 'Li Na', 'agent', 'x', '1001', ?, ?)`,
    now,
    now,
  ).lastInsertRowid;
  for (const name of ["Sales", "Support"]) {
    db.run("INSERT INTO queues (name, created_at, updated_at) VALUES (?, ?, ?)", name, now, now);
  }
  const customer = (
    account: string,
    name: string,
    language: string,
    vip: number,
    phone: string,
  ) => {
    const id = db.run(
      `INSERT INTO customers (external_id, name, vip_level, language, last_agent_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      account,
      name,
      vip,
      language,
      agentId,
      now,
      now,
    ).lastInsertRowid;
    db.run("INSERT INTO customer_phones (customer_id, e164) VALUES (?, ?)", id, phone);
    return id;
  };
  const kase = (customerId: number, subject: string, status: string, updated: string) =>
    db.run(
      `INSERT INTO cases (customer_id, subject, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
      customerId,
      subject,
      status,
      updated,
      updated,
    );
  const zhouId = customer("12345", "Zhou Xiaoming", "zh-CN", 2, "+8613800138000");
  kase(zhouId, "Invoice for March order", "resolved", "2026-04-20T03:00:00.000Z");
  kase(zhouId, "Delivery delayed for order 88231", "open", "2026-04-30T03:00:00.000Z");
  const alice = customer("20001", "Alice Morgan", "en", 0, "+442079460000");
  kase(alice, "Cannot log in", "pending_customer", "2026-05-02T18:00:00.000Z");
  customer("20003", "Sun Qiang", "zh-CN", 3, "+8618612345678");
  const dataDir = options.dataDir ?? "/nonexistent";
  const crm = new Crm({ db, clock, dataDir });
  const ivr = new IvrDomain({
    db,
    clock,
    dataDir,
    log: createLogger("test", { sink: () => {} }),
    fetch: options.fetch,
    crm,
  });
  ivr.schedules.put("office", {
    hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "18:00" })),
    holidays: [{ date: "2026-10-01", name: "National Day" }],
  });
  return { db, clock, crm, ivr, agentId, zhouId };
}

let counter = 0;

/** A flow document around `nodes`; starts at the first node and falls back to `bye`. */
export function flowDoc(
  nodes: Record<string, Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    format: 1,
    name: `Test flow ${++counter}`,
    timezone: "Asia/Shanghai",
    language: "en",
    start: Object.keys(nodes)[0],
    fallback: "bye",
    nodes: { bye: { type: "hangup", play: ["goodbye"] }, ...nodes },
    ...extra,
  };
}

/** Saves `doc` as a draft and simulates it. */
export async function simulate(
  world: World,
  doc: Record<string, unknown>,
  request: { digits?: string; caller?: string; at?: number; variables?: Record<string, Scalar> } =
    {},
): Promise<SimulationResult> {
  const { id } = world.ivr.createFlow({ name: String(doc.name), definition: doc }, null);
  return await world.ivr.simulate(id, "draft", {
    caller: request.caller ?? "+8613800138000",
    digits: request.digits ?? "",
    at: request.at ?? MONDAY_10AM,
    variables: request.variables,
  })!;
}

/** Prompt names the caller heard, in order. */
export function heard(result: SimulationResult): string[] {
  return result.prompts.map((p) =>
    p.kind === "prompt"
      ? p.name!
      : p.kind === "beep"
      ? "(beep)"
      : p.kind === "tts"
      ? `tts:${p.text}`
      : `${p.kind}:${String(p.value)}`
  );
}

export function eventTypes(result: SimulationResult): string[] {
  return result.events.map((e) => e.type);
}
