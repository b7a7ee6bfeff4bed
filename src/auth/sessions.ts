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

/**
 * Browser sessions and integration tokens. Only SHA-256 digests of the secrets are
 * stored, so a copied database or backup does not hand out live sessions.
 */
export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  /** Opens a session; returns the cookie secret (shown once) and the session. */
  open(
    userId: number,
    meta: { ip?: string; userAgent?: string },
  ): { secret: string; session: Session } {
    const secret = token();
    const csrfToken = token();
    const now = this.clock.now();
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
    const row = this.db.get<
      { id: number; user_id: number; csrf_token: string; expires_at: string; last_seen_at: string }
    >(
      "SELECT id, user_id, csrf_token, expires_at, last_seen_at FROM sessions WHERE token_hash = ?",
      sha256(secret),
    );
    if (!row) return undefined;
    const now = this.clock.now();
    if (Date.parse(row.expires_at) <= now) {
      this.db.run("DELETE FROM sessions WHERE id = ?", row.id);
      return undefined;
    }
    const user = this.users.byId(row.user_id);
    if (!user?.active) return undefined;
    if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
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
    this.db.run("DELETE FROM sessions WHERE id = ?", sessionId);
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
    if (!row.last_used_at || now - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
      this.db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", isoTime(now), row.id);
    }
    return user;
  }
}
