import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { assertFresh, type Database, isoTime } from "../db/mod.ts";

export const TeamInputSchema = z.object({
  name: z.string().trim().min(1, "a team needs a name").max(80),
}).strict();
export type TeamInput = z.infer<typeof TeamInputSchema>;

/** A team with how many users are in it. */
export interface Team {
  id: number;
  name: string;
  members: number;
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

/** Raised when a change would break a rule; `status` is how HTTP answers it. */
export class TeamChangeError extends Error {
  override name = "TeamChangeError";
  constructor(
    readonly status: 404 | 409,
    message: string,
    /** For clients that word the refusal themselves: a name taken, or the users still in it. */
    readonly about: { field?: string; code?: string; users?: string[] } = {},
  ) {
    super(message);
  }
}

const SELECT = `SELECT t.id, t.name, t.version, coalesce(t.updated_at, t.created_at) AS updated_at,
  t.updated_by, (SELECT count(*) FROM users u WHERE u.team_id = t.id) AS members FROM teams t`;

/** Teams of users, which supervisors and reports group agents by. */
export class TeamRepository {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  list(): Team[] {
    return this.db.all<Team>(`${SELECT} ORDER BY t.name COLLATE NOCASE`);
  }

  get(id: number): Team | undefined {
    return this.db.get<Team>(`${SELECT} WHERE t.id = ?`, id);
  }

  create(input: TeamInput, actor: string): Team {
    const { name } = TeamInputSchema.parse(input);
    this.#assertNameFree(name, 0);
    const now = isoTime(this.clock.now());
    const { lastInsertRowid } = this.db.run(
      "INSERT INTO teams (name, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?)",
      name,
      now,
      now,
      actor,
    );
    return this.get(lastInsertRowid)!;
  }

  /** Renames a team; `expectedVersion` is the version the editor read. */
  update(id: number, input: TeamInput, actor: string, expectedVersion?: number): Team {
    const { name } = TeamInputSchema.parse(input);
    const current = this.get(id);
    if (!current) throw new TeamChangeError(404, `Team ${id} was not found`);
    assertFresh(`Team "${current.name}"`, current, expectedVersion);
    this.#assertNameFree(name, id);
    this.db.run(
      "UPDATE teams SET name = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
      name,
      isoTime(this.clock.now()),
      actor,
      id,
    );
    return this.get(id)!;
  }

  /** Removes an empty team; one with users is refused, naming them. */
  remove(id: number): void {
    const current = this.get(id);
    if (!current) throw new TeamChangeError(404, `Team ${id} was not found`);
    const users = this.db.all<{ username: string }>(
      "SELECT username FROM users WHERE team_id = ? ORDER BY username",
      id,
    ).map((u) => u.username);
    if (users.length > 0) {
      throw new TeamChangeError(
        409,
        `Team "${current.name}" still has ${users.length} user${users.length > 1 ? "s" : ""} (${
          users.join(", ")
        }); move them to another team first`,
        { users },
      );
    }
    this.db.run("DELETE FROM teams WHERE id = ?", id);
  }

  #assertNameFree(name: string, id: number): void {
    if (this.db.get("SELECT 1 FROM teams WHERE name = ? COLLATE NOCASE AND id <> ?", name, id)) {
      throw new TeamChangeError(409, `A team named "${name}" already exists`, {
        field: "name",
        code: "already_exists",
      });
    }
  }
}
