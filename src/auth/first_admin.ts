import type { AuditLog } from "./audit.ts";
import { randomPassword } from "./password.ts";
import type { UserRepository } from "./users.ts";

/** What {@link ensureFirstAdmin} did. */
export interface FirstAdmin {
  /** True when the database had no user and "admin" was created. */
  created: boolean;
  /** The password made for the new admin when none was given; shown once, never stored. */
  generatedPassword?: string;
}

/**
 * Creates the user "admin" (role admin) on a database without users, so a new appliance
 * can be signed in to, and audits it; does nothing when any user exists. Without
 * `password` a random one is made and returned.
 */
export async function ensureFirstAdmin(
  users: UserRepository,
  audit: AuditLog,
  password?: string,
): Promise<FirstAdmin> {
  if (users.count() > 0) return { created: false };
  const chosen = password ?? randomPassword();
  const admin = await users.create({
    username: "admin",
    display_name: "Administrator",
    role: "admin",
    password: chosen,
  });
  audit.append({
    actorUserId: null,
    actor: "system",
    action: "create_first_admin",
    entity: "users",
    entityId: admin.id,
  });
  return password === undefined ? { created: true, generatedPassword: chosen } : { created: true };
}
