import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { assertFresh, type Database, isoTime } from "../db/mod.ts";
import { QueueChangeError } from "./queue_store.ts";

/** Codes the engine sets itself; an admin cannot take them over. */
const RESERVED = new Set(["login", "rona", "supervisor", "ready", "wrap_up"]);

export const ReasonCodeInputSchema = z.object({
  code: z.string().trim().regex(
    /^[a-z][a-z0-9_]{0,31}$/,
    "use lower-case letters, digits and _ (starting with a letter, at most 32)",
  ).refine((c) => !RESERVED.has(c), "this code is used by the system"),
  label: z.string().trim().min(1, "a reason needs a name").max(60),
  paid: z.boolean().default(false),
  limit_s: z.number().int().min(60, "a time limit is at least 60 s").max(
    86_400,
    "a time limit is at most 24 hours",
  ).nullable().default(null),
}).strict();
export type ReasonCodeInput = z.infer<typeof ReasonCodeInputSchema>;

/** A reason agents give when not ready: whether the time is paid and how long it may last. */
export interface ReasonCode {
  id: number;
  code: string;
  label: string;
  paid: boolean;
  limit_s: number | null;
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

type Row = Omit<ReasonCode, "paid"> & { paid: number };
const COLUMNS = "id, code, label, paid, limit_s, version, updated_at, updated_by";
const toCode = (r: Row): ReasonCode => ({ ...r, paid: r.paid === 1 });

/** Not-ready reason codes as the admin edits them; callers reload the desk after a change. */
export class ReasonCodeStore {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  list(): ReasonCode[] {
    return this.db.all<Row>(`SELECT ${COLUMNS} FROM not_ready_reasons ORDER BY id`).map(toCode);
  }

  get(id: number): ReasonCode | undefined {
    const row = this.db.get<Row>(`SELECT ${COLUMNS} FROM not_ready_reasons WHERE id = ?`, id);
    return row && toCode(row);
  }

  create(input: ReasonCodeInput, actor: string): ReasonCode {
    const data = ReasonCodeInputSchema.parse(input);
    this.#assertFree(data.code, 0);
    const { lastInsertRowid } = this.db.run(
      `INSERT INTO not_ready_reasons (code, label, paid, limit_s, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?)`,
      data.code,
      data.label,
      data.paid ? 1 : 0,
      data.limit_s,
      isoTime(this.clock.now()),
      actor,
    );
    return this.get(lastInsertRowid)!;
  }

  /**
   * Changes a reason. Its code may change only while no agent is in it (`inUse` names
   * them), since the running engine knows agents' states by code.
   */
  update(
    id: number,
    input: ReasonCodeInput,
    actor: string,
    expectedVersion?: number,
    inUse: (code: string) => string[] = () => [],
  ): ReasonCode {
    const data = ReasonCodeInputSchema.parse(input);
    const current = this.get(id);
    if (!current) throw new QueueChangeError(404, `Reason code ${id} was not found`);
    assertFresh(`Reason "${current.label}"`, current, expectedVersion);
    this.#assertFree(data.code, id);
    if (data.code !== current.code) this.#assertUnused(current, inUse);
    this.db.run(
      `UPDATE not_ready_reasons SET code = ?, label = ?, paid = ?, limit_s = ?,
         version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
      data.code,
      data.label,
      data.paid ? 1 : 0,
      data.limit_s,
      isoTime(this.clock.now()),
      actor,
      id,
    );
    return this.get(id)!;
  }

  /** Removes a reason no agent is in now; the last one stays so agents can take a break. */
  remove(id: number, inUse: (code: string) => string[] = () => []): void {
    const current = this.get(id);
    if (!current) throw new QueueChangeError(404, `Reason code ${id} was not found`);
    this.#assertUnused(current, inUse);
    const count = this.db.get<{ n: number }>("SELECT count(*) AS n FROM not_ready_reasons")!.n;
    if (count <= 1) {
      throw new QueueChangeError(
        409,
        "Agents need at least one not-ready reason; add another first",
      );
    }
    this.db.run("DELETE FROM not_ready_reasons WHERE id = ?", id);
  }

  #assertUnused(current: ReasonCode, inUse: (code: string) => string[]): void {
    const agents = inUse(current.code);
    if (agents.length > 0) {
      throw new QueueChangeError(
        409,
        `${agents.join(", ")} ${
          agents.length > 1 ? "are" : "is"
        } not ready for "${current.label}" now; ` +
          "change it when nobody is",
        [],
        { inUse: { kind: "agents", names: agents } },
      );
    }
  }

  #assertFree(code: string, id: number): void {
    if (this.db.get("SELECT 1 FROM not_ready_reasons WHERE code = ? AND id <> ?", code, id)) {
      throw new QueueChangeError(409, `A reason with code "${code}" already exists`, [], {
        field: "code",
        code: "already_exists",
      });
    }
  }
}
