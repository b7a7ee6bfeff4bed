import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { parse } from "./customers.ts";
import { CrmValidationError, NotFoundError, unknownReferences } from "./errors.ts";
import { unknownVariables } from "./template.ts";

export const ScriptSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** The queue whose calls show this script; null for every queue. */
  queue_id: z.number().int().positive().nullable().optional(),
  body: z.string().min(1).max(50_000),
}).strict();
export const ScriptUpdateSchema = ScriptSchema.partial().strict();

export interface AgentScript {
  id: number;
  name: string;
  queue_id: number | null;
  body: string;
  created_at: string;
  updated_at: string;
}

/** What agents read beside the call; variables are checked when a script is saved. */
export class AgentScripts {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  list(filter: { queueId?: number } = {}): AgentScript[] {
    return this.db.all<AgentScript>(
      `SELECT * FROM scripts WHERE (? IS NULL OR queue_id = ? OR queue_id IS NULL)
       ORDER BY queue_id IS NULL, name`,
      filter.queueId ?? null,
      filter.queueId ?? null,
    );
  }

  get(id: number): AgentScript | undefined {
    return this.db.get<AgentScript>("SELECT * FROM scripts WHERE id = ?", id);
  }

  create(input: z.infer<typeof ScriptSchema>): AgentScript {
    const data = parse(ScriptSchema, input);
    this.#check(data.body);
    const now = isoTime(this.clock.now());
    return this.db.transaction(() => {
      this.#checkName(data.name, 0);
      this.#checkQueue(data.queue_id ?? null);
      const id = this.db.run(
        "INSERT INTO scripts (name, queue_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        data.name,
        data.queue_id ?? null,
        data.body,
        now,
        now,
      ).lastInsertRowid;
      return this.get(id)!;
    });
  }

  update(id: number, change: z.infer<typeof ScriptUpdateSchema>): AgentScript {
    const data = parse(ScriptUpdateSchema, change);
    if (data.body !== undefined) this.#check(data.body);
    return this.db.transaction(() => {
      const current = this.get(id);
      if (!current) throw new NotFoundError(`Script ${id}`);
      if (data.name !== undefined) this.#checkName(data.name, id);
      this.#checkQueue(data.queue_id ?? null);
      this.db.run(
        "UPDATE scripts SET name = ?, queue_id = ?, body = ?, updated_at = ? WHERE id = ?",
        data.name ?? current.name,
        data.queue_id === undefined ? current.queue_id : data.queue_id,
        data.body ?? current.body,
        isoTime(this.clock.now()),
        id,
      );
      return this.get(id)!;
    });
  }

  remove(id: number): void {
    if (this.db.run("DELETE FROM scripts WHERE id = ?", id).changes === 0) {
      throw new NotFoundError(`Script ${id}`);
    }
  }

  #check(body: string) {
    const unknown = unknownVariables(body);
    if (unknown.length > 0) {
      throw new CrmValidationError(
        `Unknown script variable${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
        unknown.map((name) => ({ path: "body", message: `unknown variable ${name}` })),
      );
    }
  }

  /** A script shown on a queue that is not there is refused at that field. */
  #checkQueue(queueId: number | null) {
    if (queueId === null || this.db.get("SELECT 1 AS x FROM queues WHERE id = ?", queueId)) return;
    throw unknownReferences([{ path: "queue_id", what: "queue", id: queueId }]);
  }

  #checkName(name: string, self: number) {
    const other = this.db.get<{ id: number }>("SELECT id FROM scripts WHERE name = ?", name);
    if (other && other.id !== self) {
      throw new CrmValidationError(`A script named ${name} already exists`, [
        { path: "name", message: "already exists", code: "already_exists" },
      ]);
    }
  }
}
