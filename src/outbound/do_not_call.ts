import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

export const DNC_REASONS = ["request", "opt_out", "regulator", "complaint", "other"] as const;

/** An entry as the API adds it; the number is normalised to E.164 by the caller. */
export const DncInputSchema = z.object({
  number: z.string().trim().min(3).max(40),
  reason: z.enum(DNC_REASONS).default("request"),
  source: z.string().trim().max(200).nullable().optional(),
}).strict();
export type DncInput = z.infer<typeof DncInputSchema>;

export interface DncEntry {
  number: string;
  reason: string;
  source: string | null;
  added_by: number | null;
  added_at: string;
}

/**
 * The center-wide do-not-call list: numbers (E.164) that no campaign, callback or agent
 * may dial. The owner of `dnc`; every dial asks {@link has} at the moment it dials, so a
 * number added while a campaign runs is never called after that.
 */
export class DoNotCallList {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  has(e164: string): boolean {
    return this.db.get("SELECT 1 AS hit FROM dnc WHERE number = ?", e164) !== undefined;
  }

  /** Adds a number (again: its reason and source are replaced); returns the entry. */
  add(e164: string, entry: { reason?: string; source?: string | null; by?: number | null }) {
    this.db.run(
      `INSERT INTO dnc (number, reason, source, added_by, added_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (number) DO UPDATE SET reason = excluded.reason, source = excluded.source`,
      e164,
      entry.reason ?? "request",
      entry.source ?? null,
      entry.by ?? null,
      isoTime(this.clock.now()),
    );
    return this.get(e164)!;
  }

  get(e164: string): DncEntry | undefined {
    return this.db.get<DncEntry>(
      "SELECT number, reason, source, added_by, added_at FROM dnc WHERE number = ?",
      e164,
    );
  }

  /** Takes a number off the list; false when it was not on it. */
  remove(e164: string): boolean {
    return this.db.run("DELETE FROM dnc WHERE number = ?", e164).changes > 0;
  }

  /** Entries newest first, optionally those whose number starts with `prefix`. */
  list(options: { prefix?: string; limit?: number; offset?: number } = {}): DncEntry[] {
    return this.db.all<DncEntry>(
      `SELECT number, reason, source, added_by, added_at FROM dnc
       WHERE substr(number, 1, length(?)) = ? ORDER BY added_at DESC, number LIMIT ? OFFSET ?`,
      options.prefix ?? "",
      options.prefix ?? "",
      options.limit ?? 100,
      options.offset ?? 0,
    );
  }

  count(): number {
    return this.db.get<{ n: number }>("SELECT count(*) AS n FROM dnc")!.n;
  }
}
