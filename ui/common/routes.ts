/**
 * Client-side routes and which roles may open which area.
 *
 * The server answers every non-API path with the page shell; this module
 * decides what the shell shows for a path and where each role lands after
 * signing in.
 *
 * @module
 */

import type { Role } from "./api_client.ts";
import type { MessageKey } from "./i18n.ts";

/** The work areas of the UI, each at `/<area>`. */
export const AREAS = [
  "agent",
  "voicemail",
  "recordings",
  "supervisor",
  "reports",
  "admin",
] as const;

/** One of {@linkcode AREAS}. */
export type Area = typeof AREAS[number];

/** Roles allowed into each area. */
export const AREA_ROLES: Readonly<Record<Area, readonly Role[]>> = {
  agent: ["agent", "team_lead", "supervisor", "admin"],
  voicemail: ["agent", "team_lead", "supervisor", "qa", "admin"],
  recordings: ["agent", "team_lead", "supervisor", "qa", "admin"],
  supervisor: ["team_lead", "supervisor", "qa", "admin"],
  // Supervisors, managers (team leads) and admins; the API allows the same roles.
  reports: ["team_lead", "supervisor", "admin"],
  admin: ["admin"],
};

/** The message key naming each area, as the navigation shows it. */
export const AREA_LABELS: Readonly<Record<Area, MessageKey>> = {
  agent: "nav.agent",
  voicemail: "nav.voicemail",
  recordings: "nav.recordings",
  supervisor: "nav.supervisor",
  reports: "nav.reports",
  admin: "nav.admin",
};

const HOME_AREA: Readonly<Record<Role, Area>> = {
  agent: "agent",
  team_lead: "supervisor",
  supervisor: "supervisor",
  qa: "supervisor",
  admin: "admin",
};

/** What the shell shows for a path. */
export type Route =
  | { kind: "login" }
  | { kind: "home" }
  /** `rest` is what follows the area's path, for areas with pages of their own (`flows/3`). */
  | { kind: "area"; area: Area; rest?: string }
  /** A wall screen's read-only wallboard: no sign-in, the token is the key. */
  | { kind: "tv"; token: string }
  | { kind: "not_found"; path: string };

/** Whether `role` may open `area`. */
export function canOpen(role: Role, area: Area): boolean {
  return AREA_ROLES[area].includes(role);
}

/** The area a role lands on after signing in. */
export function homeArea(role: Role): Area {
  return HOME_AREA[role];
}

/** The areas a role may open, in navigation order. */
export function areasFor(role: Role): Area[] {
  return AREAS.filter((area) => canOpen(role, area));
}

/** The path of an area. */
export function areaPath(area: Area): string {
  return `/${area}`;
}

/** Maps a location path to a route; trailing slashes and case of the area are forgiven. */
export function resolveRoute(path: string): Route {
  // Tokens are case-sensitive, so this is matched before the path is lowered.
  const tv = /^\/tv\/([\w-]{20,100})\/*$/.exec(path);
  if (tv) return { kind: "tv", token: tv[1] };
  const clean = path.replace(/\/+$/, "").toLowerCase() || "/";
  if (clean === "/") return { kind: "home" };
  if (clean === "/login") return { kind: "login" };
  const area = AREAS.find((candidate) => clean === areaPath(candidate));
  if (area) return { kind: "area", area };
  // The administration's call flows have addresses of their own, to link and reload.
  const flows = /^\/admin\/(flows(?:\/\d{1,12})?)$/.exec(clean);
  if (flows) return { kind: "area", area: "admin", rest: flows[1] };
  // Where an admin signed in to a standby lands: how it follows the primary.
  if (clean === "/admin/replication") return { kind: "area", area: "admin", rest: "replication" };
  // The desk's work outside a call: customers, cases and the work lists, to link and reload.
  const desk = /^\/agent\/((?:customers|cases)\/\d{1,12}|work|search)$/.exec(clean);
  if (desk) return { kind: "area", area: "agent", rest: desk[1] };
  return { kind: "not_found", path };
}
