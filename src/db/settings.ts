import { randomBytes } from "node:crypto";
import type { Clock } from "../clock/mod.ts";
import type { Database } from "./database.ts";
import { isoTime } from "./iso_time.ts";

/** One row of the `settings` table. */
export interface Setting {
  key: string;
  value: string;
}

/**
 * The `settings` table, the one place that reads and writes it: text values under dotted
 * keys (`crm.default_country`) and secrets made once per database.
 */
export class Settings {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  get(key: string): string | undefined {
    return this.db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", key)?.value;
  }

  /** Every setting whose key starts with `prefix`, in key order. */
  withPrefix(prefix: string): Setting[] {
    return this.db.all<Setting>(
      "SELECT key, value FROM settings WHERE substr(key, 1, length(?)) = ? ORDER BY key",
      prefix,
      prefix,
    ).map(({ key, value }) => ({ key, value }));
  }

  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: string): void {
    this.db.run(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      key,
      value,
      isoTime(this.clock.now()),
    );
  }

  /**
   * A random secret (64 hex digits) made the first time it is asked for and kept in the
   * database, so it survives restarts and fails over to the standby with the data.
   */
  secret(key: string): string {
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = randomBytes(32).toString("hex");
    this.db.run(
      "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
      key,
      value,
      isoTime(this.clock.now()),
    );
    return value;
  }
}
