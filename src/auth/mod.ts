/**
 * Accounts: users in the handbook's roles, scrypt password hashes, browser sessions
 * with CSRF tokens, Bearer API tokens for integrations, sign-in throttling that slows
 * guessing without locking the real user out, and the append-only audit log. HTTP
 * wiring lives in `src/http`; this domain holds the rules.
 *
 * @module
 */
export { AuditLog } from "./audit.ts";
export { BrowserSipPasswords } from "./browser_sip.ts";
export type { SipSecret } from "./browser_sip.ts";
export type { AuditEntry, AuditRow, ReadOnlyAudit } from "./audit.ts";
export { ensureFirstAdmin } from "./first_admin.ts";
export type { FirstAdmin } from "./first_admin.ts";
export { DEFAULT_THROTTLE, LoginThrottle } from "./login_throttle.ts";
export type { ThrottleEntry, ThrottleLimits } from "./login_throttle.ts";
export { hashPassword, randomPassword, verifyPassword } from "./password.ts";
export { canAccess, ROLE_GROUPS, ROLES } from "./roles.ts";
export type { Role } from "./roles.ts";
export { supervisedTeam, supervisesTeam } from "./team_scope.ts";
export type { TeamMember } from "./team_scope.ts";
export { SESSION_TTL_MS, SessionStore } from "./sessions.ts";
export { FailoverTickets } from "./failover_tickets.ts";
export type { Session } from "./sessions.ts";
export {
  DuplicateUserError,
  ExtensionSchema,
  NewUserSchema,
  PasswordSchema,
  SIP_REALM,
  sipHa1,
  UsernameSchema,
  UserRepository,
  UserUpdateSchema,
} from "./users.ts";
export type { NewUser, User, UserUpdate } from "./users.ts";
export { TeamChangeError, TeamInputSchema, TeamRepository } from "./teams.ts";
export type { Team, TeamInput } from "./teams.ts";
export { parseUserCsv, USER_CSV_COLUMNS, UserCsvError } from "./user_import.ts";
export type { UserCsvRejection, UserCsvRow } from "./user_import.ts";
