/**
 * The posts of a call center's handbook, from least to most reach. What each may do is
 * decided per route with {@link canAccess}; the order is only used for display.
 */
export const ROLES = ["agent", "team_lead", "supervisor", "qa", "admin"] as const;
export type Role = typeof ROLES[number];

/** Named groups of roles that routes require, so route code reads as intent. */
export const ROLE_GROUPS = {
  anyone: ROLES,
  supervisors: ["team_lead", "supervisor", "admin"],
  quality: ["qa", "supervisor", "admin"],
  admins: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export function canAccess(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}
