import { type Database, isoTime } from "../db/mod.ts";
import { ManagerInputError } from "./manager_input_error.ts";

export interface CostEntry {
  id: number;
  startsMs: number;
  endsMs: number;
  amount: number;
  note: string;
}

/**
 * What only the manager knows and reports need: what the center cost over a stretch of
 * time (cost per call) and when agents joined and left (turnover).
 */
export class ManagerInputs {
  constructor(private readonly db: Database) {}

  addCost(cost: Omit<CostEntry, "id">): CostEntry {
    if (!(cost.endsMs > cost.startsMs)) {
      throw new ManagerInputError("A cost must end after it starts; set a later end", {
        field: "ends_at",
        code: "ends_before_start",
      });
    }
    if (!(cost.amount >= 0)) {
      throw new ManagerInputError("A cost cannot be negative", {
        field: "amount",
        code: "too_small",
        minimum: 0,
      });
    }
    const id = Number(
      this.db.run(
        "INSERT INTO report_costs (starts_at, ends_at, amount, note) VALUES (?, ?, ?, ?)",
        isoTime(cost.startsMs),
        isoTime(cost.endsMs),
        cost.amount,
        cost.note,
      ).lastInsertRowid,
    );
    return { id, ...cost };
  }

  costs(fromMs: number, toMs: number): CostEntry[] {
    return this.db.all<
      { id: number; starts_at: string; ends_at: string; amount: number; note: string }
    >(
      "SELECT id, starts_at, ends_at, amount, note FROM report_costs WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at",
      isoTime(toMs),
      isoTime(fromMs),
    ).map((r) => ({
      id: r.id,
      startsMs: Date.parse(r.starts_at),
      endsMs: Date.parse(r.ends_at),
      amount: r.amount,
      note: r.note,
    }));
  }

  /** Sets when an agent joined (and left, or null while still there); false: no such user. */
  setTenure(userId: number, startedMs: number, leftMs: number | null): boolean {
    if (!this.db.get("SELECT 1 FROM users WHERE id = ?", userId)) return false;
    if (leftMs !== null && !(leftMs >= startedMs)) {
      throw new ManagerInputError("An agent cannot leave before joining; set a later date", {
        field: "left_on",
        code: "left_before_joining",
      });
    }
    this.db.run(
      `INSERT INTO agent_tenure (user_id, started_on, left_on) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET started_on = excluded.started_on, left_on = excluded.left_on`,
      userId,
      isoTime(startedMs),
      leftMs === null ? null : isoTime(leftMs),
    );
    return true;
  }
}
