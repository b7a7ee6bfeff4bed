import { canAccess, type Role, ROLE_GROUPS } from "./roles.ts";

/** The part of a user the team rule reads. */
export interface TeamMember {
  role: Role;
  team_id: number | null;
}

/**
 * Whether `user` may supervise people of team `teamId` (null: no team). Supervisors and
 * admins supervise everyone; a team lead only the team they are in, so a lead without a
 * team supervises nobody; agents and QA supervise nobody.
 */
export function supervisesTeam(user: TeamMember, teamId: number | null): boolean {
  if (user.role === "team_lead") return user.team_id !== null && user.team_id === teamId;
  return canAccess(user.role, ROLE_GROUPS.supervisors);
}

/** The one team a user's supervision is limited to; undefined when it is not limited. */
export function supervisedTeam(user: TeamMember): number | null | undefined {
  return user.role === "team_lead" ? user.team_id : undefined;
}
