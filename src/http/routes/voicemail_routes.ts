import type { Context } from "hono";
import { type AuditLog, canAccess, type Role, ROLE_GROUPS } from "../../auth/mod.ts";
import {
  VoicemailChangeSchema,
  VoicemailError,
  type VoicemailInbox,
  VoicemailListQuerySchema,
  type VoicemailReader,
} from "../../voicemail/mod.ts";
import { ApiError } from "../api_error.ts";
import { refusalDetails } from "../refusal_details.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { openAudio, type RecordingKeys } from "../../recordings/mod.ts";
import { audioResponse, openStoredAudio } from "./audio_response.ts";

/** Roles that see every box. */
const ALL_BOXES: readonly Role[] = [
  ...new Set([...ROLE_GROUPS.supervisors, ...ROLE_GROUPS.quality]),
];

export interface VoicemailRouteDeps {
  voicemails: VoicemailInbox;
  audit: AuditLog;
  /** The keys voicemails are sealed with; plain files are served without them. */
  recordingKeys?: RecordingKeys;
}

function reader(c: Context<AppEnv>): VoicemailReader {
  const user = c.get("user")!;
  return { userId: user.id, supervisor: canAccess(user.role, ALL_BOXES) };
}

function inboxError(error: unknown): never {
  if (!(error instanceof VoicemailError)) throw error;
  if (error.kind === "not_found") throw ApiError.notFound(error.message);
  const details = refusalDetails(error.message, error.about);
  if (error.kind === "forbidden") throw new ApiError(403, "forbidden", error.message, details);
  throw ApiError.badRequest(error.message, details);
}

/** The voicemail inbox: boxes, messages, their audio (with ranges), and handling them. */
export function mountVoicemailRoutes(target: RouteTarget, deps: VoicemailRouteDeps): void {
  const { voicemails, audit, recordingKeys: keys } = deps;

  route(target, {
    method: "get",
    path: "/voicemail-boxes",
    summary: "The voicemail boxes the user sees, with how many messages wait in each",
    tag: "voicemail",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ boxes: voicemails.boxes(reader(c)) }));

  route(
    target,
    {
      method: "get",
      path: "/voicemails",
      summary: "Voicemails, newest first: open ones by default, per box or assignee",
      tag: "voicemail",
      access: ROLE_GROUPS.anyone,
      query: VoicemailListQuerySchema,
    },
    (c) =>
      c.json({ voicemails: voicemails.list(reader(c), readQuery(c, VoicemailListQuerySchema)) }),
  );

  route(target, {
    method: "get",
    path: "/voicemails/:id",
    summary: "One voicemail",
    tag: "voicemail",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    try {
      return c.json({ voicemail: voicemails.get(reader(c), idParam(c, "id", "Voicemail")) });
    } catch (error) {
      inboxError(error);
    }
  });

  route(target, {
    method: "patch",
    path: "/voicemails/:id",
    summary: "Give a voicemail to an agent, link it to a case, mark it handled",
    tag: "voicemail",
    access: ROLE_GROUPS.anyone,
    body: VoicemailChangeSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Voicemail");
    const change = await readJson(c, VoicemailChangeSchema);
    try {
      return c.json({ voicemail: voicemails.change(reader(c), id, change) });
    } catch (error) {
      inboxError(error);
    }
  });

  route(target, {
    method: "get",
    path: "/voicemails/:id/audio",
    summary: "A voicemail's WAV file; supports Range requests (206, 416 past the end)",
    tag: "voicemail",
    access: ROLE_GROUPS.anyone,
  }, async (c) => {
    const id = idParam(c, "id", "Voicemail");
    let path: string | undefined;
    try {
      path = voicemails.audioFile(reader(c), id);
    } catch (error) {
      inboxError(error);
    }
    if (!path) throw ApiError.notFound(`The audio of voicemail ${id}: the caller left none`);
    const audio = await openStoredAudio(() => openAudio(path, keys), `voicemail ${id}`);
    const user = c.get("user")!;
    audit.append({
      actorUserId: user.id,
      actor: user.username,
      action: "GET /voicemails/:id/audio",
      entity: "voicemails",
      entityId: id,
      details: { range: c.req.header("range") ?? null },
      ip: c.get("clientIp"),
    });
    return await audioResponse(c, audio, `voicemail ${id}`);
  });
}
