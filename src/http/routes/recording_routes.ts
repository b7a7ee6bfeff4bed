import type { Context } from "hono";
import { z } from "zod";
import { type AuditLog, canAccess, type Role, ROLE_GROUPS, type User } from "../../auth/mod.ts";
import {
  type RecordingRow,
  RecordingSearchSchema,
  type RecordingStore,
  searchRecordings,
  timelineOf,
  wavePeaks,
} from "../../recordings/mod.ts";
import type { Database } from "../../db/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { audioProblem, audioResponse, openStoredAudio } from "./audio_response.ts";
import { parseRange } from "./byte_range.ts";

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
  db: Database;
}

const LegalHoldSchema = z.object({
  hold: z.boolean().describe("true keeps the recording past its queue's retention"),
}).strict();

const ReviewQuerySchema = z.object({
  points: z.coerce.number().int().min(50).max(4000).default(1000),
}).strict();

/** Call recordings: the index and the audio, role-checked, every listen audit-logged. */
export function mountRecordingRoutes(target: RouteTarget, deps: RecordingRouteDeps): void {
  const { recordings, audit, db } = deps;
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
    path: "/recordings/search",
    summary:
      "Find recordings by period, agent, team, queue, caller, customer, case, disposition, direction and length (agents: their own calls)",
    tag: "recordings",
    access: ROLE_GROUPS.anyone,
    query: RecordingSearchSchema,
  }, (c) => {
    const user = c.get("user")!;
    const query = readQuery(c, RecordingSearchSchema);
    if (!canAccess(user.role, LISTENERS)) {
      if (query.agent_id !== undefined && query.agent_id !== user.id) {
        throw ApiError.forbidden("Agents find only recordings of their own calls");
      }
      query.agent_id = user.id;
    }
    return c.json({ recordings: searchRecordings(db, query) });
  });

  route(target, {
    method: "put",
    path: "/recordings/:id/legal-hold",
    summary: "Put a recording under legal hold (kept past its queue's retention) or lift it",
    tag: "recordings",
    access: LISTENERS,
    body: LegalHoldSchema,
  }, async (c) => {
    // Written to the audit log by the audit middleware, as every change is.
    const id = idParam(c, "id", "Recording");
    const { hold } = await readJson(c, LegalHoldSchema);
    const row = recordings.setLegalHold(id, hold);
    if (!row) throw ApiError.notFound(`Recording ${id}`);
    return c.json({ recording: row });
  });

  route(target, {
    method: "get",
    path: "/recordings/:id/review",
    summary:
      "What the player draws: each channel's peaks (caller, then agent) and the call's events and pauses on the recording's timeline",
    tag: "recordings",
    access: ROLE_GROUPS.anyone,
    query: ReviewQuerySchema,
  }, async (c) => {
    const user = c.get("user")!;
    const id = idParam(c, "id", "Recording");
    const { points } = readQuery(c, ReviewQuerySchema);
    const row = recordings.get(id);
    if (!row) throw ApiError.notFound(`Recording ${id}`);
    if (!mayHear(user, row.call_id)) {
      throw ApiError.forbidden("Only supervisors, QA, admins and the call's agent hear recordings");
    }
    const audio = await openStoredAudio(() => recordings.audio(row), `recording ${id}`);
    let bytes: Uint8Array;
    try {
      bytes = await audio.readAll();
    } catch (error) {
      throw audioProblem(error, `recording ${id}`);
    }
    let peaks;
    try {
      peaks = wavePeaks(bytes, points);
    } catch {
      throw new ApiError(
        422,
        "audio_damaged",
        `The audio file of recording ${id} is not a WAV file`,
      );
    }
    return c.json({
      recording: row,
      duration_ms: row.duration_ms ?? peaks.ms,
      lanes: peaks.lanes,
      marks: timelineOf(db, row),
    });
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
