import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { User } from "./users.ts";
import type { UserRepository } from "./users.ts";

/** A shift plus overtime; agents log in once per shift. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function token(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

export interface Session {
  id: number;
  user: User;
  csrfToken: string;
}

/** A session opened while the database was read-only, kept in memory alone. */
interface HeldSession {
  id: number;
  userId: number;
  csrfToken: string;
  expiresAt: number;
}

/**
 * Browser sessions and integration tokens. Only SHA-256 digests of the secrets are
 * stored, so a copied database or backup does not hand out live sessions.
 *
 * On a standby the database is a read-only copy of the primary's, so sessions opened
 * there live in this process's memory (negative ids, so they never meet a stored one)
 * and stored sessions are read without sliding their expiry. A held session keeps
 * working after a promotion until it expires or is closed; a restart forgets it.
 */
export class SessionStore {
  readonly #held = new Map<string, HeldSession>();
  #nextHeldId = -1;

  constructor(
    private readonly db: Database,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    /** False while the database takes no writes (a standby). */
    private readonly writable: () => boolean = () => true,
  ) {}

  /** Opens a session; returns the cookie secret (shown once) and the session. */
  open(
    userId: number,
    meta: { ip?: string; userAgent?: string },
  ): { secret: string; session: Session } {
    const secret = token();
    const csrfToken = token();
    const now = this.clock.now();
    if (!this.writable()) {
      const held = { id: this.#nextHeldId--, userId, csrfToken, expiresAt: now + SESSION_TTL_MS };
      this.#held.set(sha256(secret), held);
      return { secret, session: { id: held.id, user: this.users.byId(userId)!, csrfToken } };
    }
    const { lastInsertRowid } = this.db.run(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, ip, user_agent, created_at, expires_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      sha256(secret),
      userId,
      csrfToken,
      meta.ip ?? null,
      meta.userAgent?.slice(0, 300) ?? null,
      isoTime(now),
      isoTime(now + SESSION_TTL_MS),
      isoTime(now),
    );
    return { secret, session: { id: lastInsertRowid, user: this.users.byId(userId)!, csrfToken } };
  }

  /** The live session for a cookie secret, sliding its expiry; undefined when unknown or expired. */
  resolve(secret: string): Session | undefined {
    const held = this.#resolveHeld(secret);
    if (held !== undefined) return held || undefined;
    const row = this.db.get<
      { id: number; user_id: number; csrf_token: string; expires_at: string; last_seen_at: string }
    >(
      "SELECT id, user_id, csrf_token, expires_at, last_seen_at FROM sessions WHERE token_hash = ?",
      sha256(secret),
    );
    if (!row) return undefined;
    const now = this.clock.now();
    const writable = this.writable();
    if (Date.parse(row.expires_at) <= now) {
      if (writable) this.db.run("DELETE FROM sessions WHERE id = ?", row.id);
      return undefined;
    }
    const user = this.users.byId(row.user_id);
    if (!user?.active) return undefined;
    if (writable && now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
      this.db.run(
        "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?",
        isoTime(now),
        isoTime(now + SESSION_TTL_MS),
        row.id,
      );
    }
    return { id: row.id, user, csrfToken: row.csrf_token };
  }

  close(sessionId: number): void {
    if (sessionId < 0) {
      for (const [hash, held] of this.#held) if (held.id === sessionId) this.#held.delete(hash);
      return;
    }
    if (this.writable()) this.db.run("DELETE FROM sessions WHERE id = ?", sessionId);
  }

  /** A held session for `secret` (false: held but over), or undefined when none is held. */
  #resolveHeld(secret: string): Session | false | undefined {
    const hash = sha256(secret);
    const held = this.#held.get(hash);
    if (!held) return undefined;
    const now = this.clock.now();
    const user = this.users.byId(held.userId);
    if (held.expiresAt <= now || !user?.active) {
      this.#held.delete(hash);
      return false;
    }
    held.expiresAt = now + SESSION_TTL_MS;
    return { id: held.id, user, csrfToken: held.csrfToken };
  }

  /** Creates an API token for integrations; the secret is returned once and never again. */
  createApiToken(userId: number, name: string): { id: number; secret: string } {
    const secret = token("cc_");
    const { lastInsertRowid } = this.db.run(
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
      userId,
      name,
      sha256(secret),
      isoTime(this.clock.now()),
    );
    return { id: lastInsertRowid, secret };
  }

  revokeApiToken(id: number, userId: number): boolean {
    return this.db.run(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
      isoTime(this.clock.now()),
      id,
      userId,
    ).changes === 1;
  }

  listApiTokens(
    userId: number,
  ): { id: number; name: string; created_at: string; last_used_at: string | null }[] {
    return this.db.all(
      `SELECT id, name, created_at, last_used_at FROM api_tokens
       WHERE user_id = ? AND revoked_at IS NULL ORDER BY id`,
      userId,
    );
  }

  /** The user behind a Bearer token, or undefined when unknown, revoked or inactive. */
  resolveApiToken(secret: string): User | undefined {
    const row = this.db.get<{ id: number; user_id: number; last_used_at: string | null }>(
      "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
      sha256(secret),
    );
    if (!row) return undefined;
    const user = this.users.byId(row.user_id);
    if (!user?.active) return undefined;
    const now = this.clock.now();
    const stale = !row.last_used_at || now - Date.parse(row.last_used_at) > TOUCH_EVERY_MS;
    if (stale && this.writable()) {
      this.db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", isoTime(now), row.id);
    }
    return user;
  }
}
