import { z } from "zod";
import type { Database } from "../db/mod.ts";
import { parse } from "./customers.ts";
import { CrmValidationError, NotFoundError, unknownReferences } from "./errors.ts";

export const DispositionSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]{1,40}$/, "use lower-case letters, digits and _"),
  label: z.string().trim().min(1).max(100),
  /** Whether this outcome resolves the caller's issue (first-contact resolution counts it). */
  resolves: z.boolean().default(false),
  active: z.boolean().default(true),
  /** Queues that offer this code at wrap-up; none means every queue. */
  queue_ids: z.array(z.number().int().positive()).default([]),
}).strict();
export type DispositionInput = z.input<typeof DispositionSchema>;

export const DispositionUpdateSchema = z.object({
  label: z.string().trim().min(1).max(100),
  resolves: z.boolean(),
  active: z.boolean(),
  queue_ids: z.array(z.number().int().positive()),
}).partial().strict();

export interface Disposition {
  id: number;
  code: string;
  label: string;
  resolves: boolean;
  active: boolean;
  queue_ids: number[];
}

/** Wrap-up codes, per queue, each saying whether it resolves the issue. */
export class Dispositions {
  constructor(private readonly db: Database) {}

  /** Every code, or the active codes a queue offers (its own, else those bound to no queue). */
  list(filter: { queueId?: number } = {}): Disposition[] {
    const rows = this.db.all<{
      id: number;
      code: string;
      label: string;
      resolves: number;
      active: number;
      queue_ids: string | null;
    }>(
      `SELECT d.*, (SELECT group_concat(queue_id) FROM queue_dispositions qd
         WHERE qd.disposition_id = d.id) AS queue_ids
       FROM dispositions d ORDER BY d.code`,
    );
    const all = rows.map((r): Disposition => ({
      id: r.id,
      code: r.code,
      label: r.label,
      resolves: r.resolves === 1,
      active: r.active === 1,
      queue_ids: r.queue_ids ? r.queue_ids.split(",").map(Number).sort((a, b) => a - b) : [],
    }));
    if (filter.queueId === undefined) return all;
    return all.filter((d) =>
      d.active && (d.queue_ids.length === 0 || d.queue_ids.includes(filter.queueId!))
    );
  }

  get(id: number): Disposition | undefined {
    return this.list().find((d) => d.id === id);
  }

  create(input: DispositionInput): Disposition {
    const data = parse(DispositionSchema, input);
    return this.db.transaction(() => {
      if (this.db.get("SELECT 1 AS x FROM dispositions WHERE code = ?", data.code)) {
        throw new CrmValidationError(`Disposition code ${data.code} already exists`, [
          { path: "code", message: "already exists", code: "already_exists" },
        ]);
      }
      const id = this.db.run(
        "INSERT INTO dispositions (code, label, resolves, active) VALUES (?, ?, ?, ?)",
        data.code,
        data.label,
        data.resolves ? 1 : 0,
        data.active ? 1 : 0,
      ).lastInsertRowid;
      this.#setQueues(id, data.queue_ids);
      return this.get(id)!;
    });
  }

  update(id: number, change: z.infer<typeof DispositionUpdateSchema>): Disposition {
    const data = parse(DispositionUpdateSchema, change);
    return this.db.transaction(() => {
      if (!this.get(id)) throw new NotFoundError(`Disposition ${id}`);
      if (data.label !== undefined) {
        this.db.run("UPDATE dispositions SET label = ? WHERE id = ?", data.label, id);
      }
      for (const key of ["resolves", "active"] as const) {
        if (data[key] !== undefined) {
          this.db.run(`UPDATE dispositions SET ${key} = ? WHERE id = ?`, data[key] ? 1 : 0, id);
        }
      }
      if (data.queue_ids !== undefined) this.#setQueues(id, data.queue_ids);
      return this.get(id)!;
    });
  }

  #setQueues(id: number, queueIds: number[]) {
    this.db.run("DELETE FROM queue_dispositions WHERE disposition_id = ?", id);
    for (const queueId of new Set(queueIds)) {
      if (!this.db.get("SELECT 1 AS x FROM queues WHERE id = ?", queueId)) {
        throw unknownReferences([{ path: "queue_ids", what: "queue", id: queueId }]);
      }
      this.db.run(
        "INSERT INTO queue_dispositions (queue_id, disposition_id) VALUES (?, ?)",
        queueId,
        id,
      );
    }
  }
}
