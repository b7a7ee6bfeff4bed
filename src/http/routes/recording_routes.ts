import type { Context } from "hono";
import { z } from "zod";
import { type AuditLog, canAccess, type Role, ROLE_GROUPS, type User } from "../../auth/mod.ts";
import type { RecordingRow, RecordingStore } from "../../recordings/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readQuery } from "../validate.ts";
import { audioResponse, openStoredAudio } from "./audio_response.ts";

/** Roles that may hear any recording; agents only hear calls they handled. */
const LISTENERS: readonly Role[] = [
  ...new Set([...ROLE_GROUPS.supervisors, ...ROLE_GROUPS.quality]),
];

const ListQuerySchema = z.object({
  call_id: z.string().min(1).max(64).optional().describe(
    "The call's recordings; without it the newest (not for agents)",
  ),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export interface RecordingRouteDeps {
  recordings: RecordingStore;
  audit: AuditLog;
}

/** Call recordings: the index and the audio, role-checked, every listen audit-logged. */
export function mountRecordingRoutes(target: RouteTarget, deps: RecordingRouteDeps): void {
  const { recordings, audit } = deps;
  const mayHear = (user: User, callId: string) =>
    canAccess(user.role, LISTENERS) || recordings.handledBy(callId, user.id);

  route(target, {
    method: "get",
    path: "/recordings",
    summary: "Recordings of a call (call_id), or the newest ones for supervisors and QA",
    tag: "recordings",
    access: ROLE_GROUPS.anyone,
    query: ListQuerySchema,
  }, (c) => {
    const user = c.get("user")!;
    const query = readQuery(c, ListQuerySchema);
    if (query.call_id === undefined) {
      if (!canAccess(user.role, LISTENERS)) {
        throw ApiError.forbidden(
          "Agents list recordings per call: pass call_id of a call you handled",
        );
      }
      return c.json({ recordings: recordings.recent(query.limit) });
    }
    if (!mayHear(user, query.call_id)) {
      throw ApiError.forbidden("Only supervisors, QA, admins and the call's agent hear recordings");
    }
    return c.json({ recordings: recordings.forCall(query.call_id) });
  });

  route(target, {
    method: "get",
    path: "/recordings/:id/audio",
    summary: "A recording's WAV file; supports Range requests (206) for browser players",
    tag: "recordings",
    access: ROLE_GROUPS.anyone,
  }, async (c) => {
    const user = c.get("user")!;
    const id = idParam(c, "id", "Recording");
    const row = recordings.get(id);
    if (!row) throw ApiError.notFound(`Recording ${id}`);
    if (!mayHear(user, row.call_id)) {
      throw ApiError.forbidden("Only supervisors, QA, admins and the call's agent hear recordings");
    }
    const audio = await openStoredAudio(() => recordings.audio(row), `recording ${id}`);
    const rangeHeader = c.req.header("range");
    const range = rangeHeader ? parseRange(rangeHeader, audio.size) : undefined;
    logListen(c, audit, row, range === "unsatisfiable" ? 416 : range ? 206 : 200, rangeHeader);
    return await audioResponse(c, audio, `recording ${id}`);
  });
}

function logListen(
  c: Context<AppEnv>,
  audit: AuditLog,
  row: RecordingRow,
  status: number,
  range: string | undefined,
): void {
  const user = c.get("user")!;
  audit.append({
    actorUserId: user.id,
    actor: user.username,
    action: "GET /recordings/:id/audio",
    entity: "recordings",
    entityId: row.id,
    details: { call_id: row.call_id, range: range ?? null, status },
    ip: c.get("clientIp"),
  });
}

/**
 * One byte range of `Range: bytes=…` (RFC 9110 §14.1.2): `a-b`, `a-` or `-n` (suffix).
 * Several ranges are answered with the first only, which players never notice.
 * Undefined means "ignore the header" (not a bytes range): the whole file is sent.
 */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*(?:,.*)?$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
