import { createHash, randomBytes } from "node:crypto";
import { type Clock } from "../clock/mod.ts";
import { isoTime, type Settings } from "../db/mod.ts";

const PREFIX = "supervision.tv_link.";

/** A read-only wallboard link as supervisors see it (never with its token). */
export interface TvLink {
  id: string;
  label: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

/** A link just made: the only time its token is known. */
export interface NewTvLink extends TvLink {
  token: string;
}

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Read-only wallboard links for wall screens. The token is 32 random bytes shown once;
 * only its SHA-256 is stored (as the settings key), so a copy of the database does not
 * open the wallboard. Revoked links stay listed with the time they were revoked.
 */
export class TvLinks {
  constructor(private readonly settings: Settings, private readonly clock: Clock) {}

  create(label: string, createdBy: string): NewTvLink {
    const token = randomBytes(32).toString("base64url");
    const link: TvLink = {
      id: randomBytes(6).toString("hex"),
      label,
      created_by: createdBy,
      created_at: isoTime(this.clock.now()),
      revoked_at: null,
    };
    this.settings.set(PREFIX + hashOf(token), JSON.stringify(link));
    return { ...link, token };
  }

  list(): TvLink[] {
    return this.settings.withPrefix(PREFIX).map((s) => JSON.parse(s.value) as TvLink)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** Revokes link `id`; false when there is no such link or it was revoked already. */
  revoke(id: string): boolean {
    for (const s of this.settings.withPrefix(PREFIX)) {
      const link = JSON.parse(s.value) as TvLink;
      if (link.id !== id || link.revoked_at) continue;
      link.revoked_at = isoTime(this.clock.now());
      this.settings.set(s.key, JSON.stringify(link));
      return true;
    }
    return false;
  }

  /** The live link `token` opens, or undefined for an unknown or revoked one. */
  resolve(token: string): TvLink | undefined {
    if (!/^[\w-]{20,100}$/.test(token)) return undefined;
    const raw = this.settings.get(PREFIX + hashOf(token));
    if (raw === undefined) return undefined;
    const link = JSON.parse(raw) as TvLink;
    return link.revoked_at ? undefined : link;
  }
}
