import type { Clock } from "../clock/mod.ts";
import { assertFresh, type Database, isoTime } from "../db/mod.ts";
import { NumberDirectory } from "../numbers/mod.ts";
import { type QueueDefinition, type QueueInput, readAcdSetup, readQueues } from "./queue_config.ts";

/** A queue change refused before anything was written; `status` is the HTTP answer. */
export class QueueChangeError extends Error {
  override name = "QueueChangeError";
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    message: string,
    readonly problems: string[] = [],
    /**
     * What the refusal is about, for clients that word it themselves: the refused field
     * and why (`already_exists`, `unknown_skill`, `duplicate`), or what still uses the
     * record.
     */
    readonly about: {
      field?: string;
      code?: string;
      inUse?: { kind: "numbers" | "agents" | "queues"; names: string[] };
    } = {},
  ) {
    super(message);
  }
}

/**
 * Queues as the admin edits them: every save is checked as part of the whole ACD
 * configuration (the engine's own validation: skills nobody has, overflow loops,
 * absurd timers) before it is written, so a saved configuration always works.
 */
export class QueueStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly numbers: Pick<NumberDirectory, "numbersFor"> = new NumberDirectory(db, clock),
  ) {}

  list(): QueueDefinition[] {
    return readQueues(this.db);
  }

  get(id: number): QueueDefinition | undefined {
    return this.list().find((q) => q.id === id);
  }

  /**
   * Creates a queue, or replaces queue `id`. `actor` is kept as the last editor; with
   * `expectedVersion` (the version the editor read) a save over someone else's change is
   * refused with {@link StaleEditError}.
   */
  save(input: QueueInput, id?: number, actor?: string, expectedVersion?: number): QueueDefinition {
    const { db } = this;
    const current = id === undefined ? undefined : this.get(id);
    if (id !== undefined && !current) {
      throw new QueueChangeError(404, `Queue ${id} was not found`);
    }
    if (current) {
      assertFresh(`Queue "${current.name}"`, {
        version: current.version ?? 1,
        updated_at: current.updated_at ?? null,
        updated_by: current.updated_by ?? null,
      }, expectedVersion);
    }
    const clash = db.get<{ id: number }>(
      "SELECT id FROM queues WHERE name = ? COLLATE NOCASE AND id <> ?",
      input.name,
      id ?? 0,
    );
    if (clash) {
      throw new QueueChangeError(409, `A queue named "${input.name}" already exists`, [], {
        field: "name",
        code: "already_exists",
      });
    }
    const skillIds = this.#skillIds(input.skills.map((s) => s.skill));
    this.#check({ kind: "save", queue: input, id });
    const now = isoTime(this.clock.now());
    const saved = db.transaction(() => {
      const fields = [
        input.name,
        input.strategy,
        JSON.stringify(input.options),
        input.service_level_s,
        input.short_abandon_s,
      ];
      let queueId = id;
      if (queueId === undefined) {
        queueId = db.run(
          `INSERT INTO queues (name, strategy, options, service_level_s, short_abandon_s, created_at,
             updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          ...fields,
          now,
          now,
          actor ?? null,
        ).lastInsertRowid;
      } else {
        db.run(
          `UPDATE queues SET name = ?, strategy = ?, options = ?, service_level_s = ?,
             short_abandon_s = ?, updated_at = ?, version = version + 1, updated_by = ?
           WHERE id = ?`,
          ...fields,
          now,
          actor ?? null,
          queueId,
        );
        db.run("DELETE FROM queue_skills WHERE queue_id = ?", queueId);
        db.run("DELETE FROM queue_members WHERE queue_id = ?", queueId);
      }
      for (const s of input.skills) {
        db.run(
          "INSERT INTO queue_skills (queue_id, skill_id, min_level) VALUES (?, ?, ?)",
          queueId,
          skillIds.get(s.skill)!,
          s.min_level,
        );
      }
      for (const m of input.members) {
        db.run(
          "INSERT INTO queue_members (queue_id, user_id, penalty) VALUES (?, ?, ?)",
          queueId,
          m.user_id,
          m.penalty,
        );
      }
      return queueId;
    });
    return this.get(saved)!;
  }

  remove(id: number): void {
    if (!this.get(id)) throw new QueueChangeError(404, `Queue ${id} was not found`);
    const numbers = this.numbers.numbersFor("queue", id);
    if (numbers.length > 0) {
      throw new QueueChangeError(
        409,
        `Number${numbers.length > 1 ? "s" : ""} ${numbers.join(", ")} route${
          numbers.length > 1 ? "" : "s"
        } to this queue; point ${numbers.length > 1 ? "them" : "it"} elsewhere first`,
        [],
        { inUse: { kind: "numbers", names: numbers } },
      );
    }
    this.#check({ kind: "remove", id });
    this.db.run("DELETE FROM queues WHERE id = ?", id);
  }

  #skillIds(names: string[]): Map<string, number> {
    const rows = this.db.all<{ id: number; name: string }>("SELECT id, name FROM skills");
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length > 0) {
      throw new QueueChangeError(
        400,
        `Unknown skill${unknown.length > 1 ? "s" : ""} ${
          unknown.map((n) => `"${n}"`).join(", ")
        }; ` +
          `known skills are ${rows.map((r) => r.name).join(", ") || "none yet"}`,
        [],
        { field: "skills", code: "unknown_skill" },
      );
    }
    return byName;
  }

  #check(change: Parameters<typeof readAcdSetup>[1]): void {
    try {
      readAcdSetup(this.db, change, this.clock.now());
    } catch (error) {
      if (error instanceof Error && "problems" in error) {
        const problems = (error as { problems: string[] }).problems;
        throw new QueueChangeError(
          422,
          `This queue configuration cannot work: ${problems.join("; ")}`,
          problems,
        );
      }
      throw error;
    }
  }
}
