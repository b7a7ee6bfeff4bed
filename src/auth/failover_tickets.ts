import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { SESSION_TTL_MS } from "./sessions.ts";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Tickets a signed-in browser keeps so that, when its box dies and the standby takes
 * over, it can sign in on the new primary by itself. A ticket is not a session: it opens
 * one only on a box of a later epoch than the one that issued it (so one stolen from a
 * page is worth nothing while that box serves), once, before it expires. Only SHA-256
 * digests are stored; the table replicates to the standby with the rest.
 */
export class FailoverTickets {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** A new ticket for `userId`, issued in `epoch`; returns the secret (shown once). */
  issue(userId: number, epoch: number): { ticket: string; expiresAt: string } {
    const ticket = randomBytes(32).toString("base64url");
    const now = this.clock.now();
    const expiresAt = isoTime(now + SESSION_TTL_MS);
    this.db.transaction(() => {
      this.db.run("DELETE FROM failover_tickets WHERE expires_at <= ?", isoTime(now));
      this.db.run(
        `INSERT INTO failover_tickets (token_hash, user_id, epoch, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?)`,
        sha256(ticket),
        userId,
        epoch,
        isoTime(now),
        expiresAt,
      );
    });
    return { ticket, expiresAt };
  }

  /**
   * The user a ticket signs in on a box serving in `epoch`, using the ticket up; undefined
   * when it is unknown, used, expired, or from this epoch or a later one.
   */
  redeem(ticket: string, epoch: number): number | undefined {
    const hash = sha256(ticket);
    const row = this.db.get<{ user_id: number; epoch: number; expires_at: string }>(
      "SELECT user_id, epoch, expires_at FROM failover_tickets WHERE token_hash = ?",
      hash,
    );
    if (!row || row.epoch >= epoch || row.expires_at <= isoTime(this.clock.now())) {
      return undefined;
    }
    this.db.run("DELETE FROM failover_tickets WHERE token_hash = ?", hash);
    return row.user_id;
  }
}
