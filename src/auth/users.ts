import { createHash } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { assertFresh, type Database, isoTime } from "../db/mod.ts";
import { hashPassword } from "./password.ts";
import { type Role, ROLES } from "./roles.ts";

/** The realm agents' phones authenticate against (RFC 3261 §22.1); fixed per appliance. */
export const SIP_REALM = "callcenter";

export const UsernameSchema = z.string().trim().min(2).max(64).regex(
  /^[a-zA-Z0-9._-]+$/,
  "use letters, digits, dot, dash or underscore",
);
export const PasswordSchema = z.string().min(8, "must be at least 8 characters").max(256);
export const ExtensionSchema = z.string().regex(/^\d{2,8}$/, "must be 2 to 8 digits");

export const NewUserSchema = z.object({
  username: UsernameSchema,
  display_name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(ROLES),
  password: PasswordSchema,
  extension: ExtensionSchema.nullable().optional(),
  sip_password: z.string().min(4).max(128).optional(),
  language: z.enum(["en", "zh-CN"]).optional(),
  team_id: z.number().int().positive().nullable().optional(),
});
export type NewUser = z.infer<typeof NewUserSchema>;

export const UserUpdateSchema = z.object({
  display_name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(ROLES).optional(),
  extension: ExtensionSchema.nullable().optional(),
  language: z.enum(["en", "zh-CN"]).optional(),
  active: z.boolean().optional(),
  team_id: z.number().int().positive().nullable().optional(),
}).strict();
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

/** A user as the API shows it: never a hash. */
export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  extension: string | null;
  language: string;
  active: boolean;
  team_id: number | null;
  created_at: string;
  /** Goes up with every change; a save based on an older one is refused. */
  version: number;
  updated_at: string;
  updated_by: string | null;
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  extension: string | null;
  language: string;
  active: number;
  team_id: number | null;
  created_at: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
  password_hash: string;
}

const COLUMNS = "id, username, display_name, role, extension, language, active, team_id, " +
  "created_at, version, updated_at, updated_by";

function toUser(row: Omit<UserRow, "password_hash">): User {
  return { ...row, active: row.active === 1 };
}

/** Digest HA1 = H(username:realm:password), RFC 7616 §3.4.2. */
export function sipHa1(algorithm: "md5" | "sha256", username: string, password: string): string {
  return createHash(algorithm).update(`${username}:${SIP_REALM}:${password}`).digest("hex");
}

/** Raised when a username or extension is already taken. */
/** A username or extension someone else has; `field` says which. */
export class DuplicateUserError extends Error {
  override name = "DuplicateUserError";
  constructor(message: string, readonly field: "username" | "extension") {
    super(message);
  }
}

/** Users and their credentials in the database. */
export class UserRepository {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  async create(input: NewUser): Promise<User> {
    const data = NewUserSchema.parse(input);
    const passwordHash = await hashPassword(data.password);
    const sipPassword = data.sip_password ?? data.password;
    const extension = data.extension ?? null;
    const now = isoTime(this.clock.now());
    this.#assertFree(data.username, extension);
    const { lastInsertRowid } = this.db.run(
      `INSERT INTO users (username, display_name, role, password_hash, extension, sip_ha1_md5,
         sip_ha1_sha256, language, team_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      data.username,
      data.display_name ?? data.username,
      data.role,
      passwordHash,
      extension,
      extension ? sipHa1("md5", extension, sipPassword) : null,
      extension ? sipHa1("sha256", extension, sipPassword) : null,
      data.language ?? "en",
      data.team_id ?? null,
      now,
      now,
    );
    return this.byId(lastInsertRowid)!;
  }

  byId(id: number): User | undefined {
    const row = this.db.get<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`, id);
    return row ? toUser(row) : undefined;
  }

  byUsername(username: string): (User & { password_hash: string }) | undefined {
    const row = this.db.get<UserRow>(
      `SELECT ${COLUMNS}, password_hash FROM users WHERE username = ?`,
      username,
    );
    return row ? { ...toUser(row), password_hash: row.password_hash } : undefined;
  }

  list(): User[] {
    return this.db.all<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`).map(toUser);
  }

  count(): number {
    return this.db.get<{ n: number }>("SELECT count(*) AS n FROM users")!.n;
  }

  /** Whether team `id` exists, so that a user is never put in a team that is not there. */
  hasTeam(id: number): boolean {
    return this.db.get("SELECT 1 AS x FROM teams WHERE id = ?", id) !== undefined;
  }

  /**
   * Changes a user. `actor` is kept as the last editor; with `expectedVersion` (the
   * version the editor read) a change made meanwhile by someone else is refused with
   * {@link StaleEditError}.
   */
  update(
    id: number,
    change: UserUpdate,
    actor?: string,
    expectedVersion?: number,
  ): User | undefined {
    const data = UserUpdateSchema.parse(change);
    const current = this.byId(id);
    if (!current) return undefined;
    assertFresh(`User "${current.username}"`, current, expectedVersion);
    if (data.extension && data.extension !== current.extension) {
      this.#assertFree(undefined, data.extension);
    }
    const sets: string[] = [];
    const params: (string | number | null)[] = [];
    for (const [key, value] of Object.entries(data)) {
      if (value === undefined) continue;
      sets.push(`${key} = ?`);
      params.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
    }
    if (sets.length === 0) return current;
    sets.push("updated_at = ?", "version = version + 1", "updated_by = ?");
    params.push(isoTime(this.clock.now()), actor ?? null, id);
    this.db.run(`UPDATE users SET ${sets.join(", ")} WHERE id = ?`, ...params);
    return this.byId(id);
  }

  async setPassword(id: number, password: string, sipPassword?: string): Promise<boolean> {
    PasswordSchema.parse(password);
    const user = this.byId(id);
    if (!user) return false;
    const hash = await hashPassword(password);
    const sip = sipPassword ?? password;
    this.db.run(
      `UPDATE users SET password_hash = ?, sip_ha1_md5 = ?, sip_ha1_sha256 = ?, updated_at = ?
       WHERE id = ?`,
      hash,
      user.extension ? sipHa1("md5", user.extension, sip) : null,
      user.extension ? sipHa1("sha256", user.extension, sip) : null,
      isoTime(this.clock.now()),
      id,
    );
    // A new password ends every open session of that user.
    this.db.run("DELETE FROM sessions WHERE user_id = ?", id);
    return true;
  }

  /** HA1 values for a phone registering as `extension`, or undefined when unknown or inactive. */
  sipCredentials(extension: string): { userId: number; md5: string; sha256: string } | undefined {
    const row = this.db.get<{ id: number; sip_ha1_md5: string; sip_ha1_sha256: string }>(
      "SELECT id, sip_ha1_md5, sip_ha1_sha256 FROM users WHERE extension = ? AND active = 1",
      extension,
    );
    return row?.sip_ha1_md5
      ? { userId: row.id, md5: row.sip_ha1_md5, sha256: row.sip_ha1_sha256 }
      : undefined;
  }

  #assertFree(username: string | undefined, extension: string | null): void {
    if (username && this.db.get("SELECT 1 FROM users WHERE username = ?", username)) {
      throw new DuplicateUserError(`Username "${username}" is already taken`, "username");
    }
    if (extension && this.db.get("SELECT 1 FROM users WHERE extension = ?", extension)) {
      throw new DuplicateUserError(
        `Extension ${extension} is already assigned to another user`,
        "extension",
      );
    }
  }
}
