import { VirtualClock } from "../../src/clock/mod.ts";
import { type BusinessHours, Crm } from "../../src/crm/mod.ts";
import { Database } from "../../src/db/mod.ts";

export interface CrmFixture {
  db: Database;
  clock: VirtualClock;
  crm: Crm;
  dir: string;
  /** Users made for assignments: two agents and a supervisor. */
  users: { agent1: number; agent2: number; supervisor: number };
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A CRM on a fresh SQLite file in a temporary directory, on a virtual clock; the clock
 * starts on Friday 2026-05-01 at 02:00 UTC (10:00 in Shanghai).
 */
export async function crmFixture(
  options: { businessHours?: (db: Database) => BusinessHours } = {},
): Promise<CrmFixture> {
  const dir = await Deno.makeTempDir({ prefix: "cc-crm-" });
  const db = new Database(`${dir}/test.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 2, 0, 0));
  const now = new Date(clock.now()).toISOString();
  const user = (username: string, name: string, role: string) =>
    db.run(
      `INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'x', ?, ?)`,
      username,
      name,
      role,
      now,
      now,
    ).lastInsertRowid;
  const users = {
    agent1: user("agent1", "Li Na", "agent"),
    agent2: user("agent2", "Wang Wei", "agent"),
    supervisor: user("super1", "Grace Ho", "supervisor"),
  };
  const crm = new Crm({ db, clock, dataDir: dir, businessHours: options.businessHours?.(db) });
  return {
    db,
    clock,
    crm,
    dir,
    users,
    async [Symbol.asyncDispose]() {
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
