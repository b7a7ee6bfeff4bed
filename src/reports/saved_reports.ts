import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

/** A report a user saved under a name: what to show and how, as the page describes it. */
export interface SavedReport {
  id: number;
  userId: number;
  name: string;
  /** The filters and columns, already checked by whoever saves them. */
  definition: Record<string, unknown>;
  createdMs: number;
  updatedMs: number;
}

interface Row {
  id: number;
  user_id: number;
  name: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

function fromRow(r: Row): SavedReport {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    definition: JSON.parse(r.definition),
    createdMs: Date.parse(r.created_at),
    updatedMs: Date.parse(r.updated_at),
  };
}

/** Each user's saved reports; one user never sees or changes another's. */
export class SavedReports {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** The user's saved reports by name. */
  list(userId: number): SavedReport[] {
    return this.db.all<Row>(
      "SELECT * FROM saved_reports WHERE user_id = ? ORDER BY name COLLATE NOCASE, id",
      userId,
    ).map(fromRow);
  }

  get(userId: number, id: number): SavedReport | undefined {
    const row = this.db.get<Row>(
      "SELECT * FROM saved_reports WHERE user_id = ? AND id = ?",
      userId,
      id,
    );
    return row ? fromRow(row) : undefined;
  }

  /** Saves under a name; saving again under the same name replaces the definition. */
  save(userId: number, name: string, definition: Record<string, unknown>): SavedReport {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 80) {
      throw new RangeError("A saved report needs a name of 1 to 80 characters");
    }
    const now = isoTime(this.clock.now());
    this.db.run(
      `INSERT INTO saved_reports (user_id, name, definition, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, name) DO UPDATE SET definition = excluded.definition,
         updated_at = excluded.updated_at`,
      userId,
      trimmed,
      JSON.stringify(definition),
      now,
      now,
    );
    return fromRow(
      this.db.get<Row>(
        "SELECT * FROM saved_reports WHERE user_id = ? AND name = ?",
        userId,
        trimmed,
      )!,
    );
  }

  /** Deletes one of the user's saved reports; false when they have none with that id. */
  remove(userId: number, id: number): boolean {
    return this.db.run("DELETE FROM saved_reports WHERE user_id = ? AND id = ?", userId, id)
      .changes > 0;
  }
}
