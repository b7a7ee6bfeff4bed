import { z } from "zod";
import { type AuditLog, ROLE_GROUPS } from "../../auth/mod.ts";
import {
  type BackupSchedule,
  BackupScheduleSchema,
  type BackupShelf,
  type RestoreRequests,
} from "../../backups/mod.ts";
import { DatabaseFileError } from "../../db/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson, readQuery } from "../validate.ts";

/** What the backup routes serve from. */
export interface BackupRouteDeps {
  audit: AuditLog;
  backups: BackupShelf;
  backupSchedule: BackupSchedule;
  restores: RestoreRequests;
}

/** The path whose body may be larger than the API's usual limit: a backup upload. */
export const BACKUP_UPLOAD_PATH = "/backups/restore/upload";

const RestorePickSchema = z.object({
  name: z.string().min(1).describe("a backup on the appliance, as GET /backups lists it"),
}).strict();

const UploadQuerySchema = z.object({
  file_name: z.string().min(1).max(200).describe(
    "the uploaded file's name, shown back to the admin",
  ),
});

/** What happens next, said the same way to every client. */
const NEXT_STEP =
  "Restart the appliance to apply the restore: it is applied as the appliance starts, " +
  "before it takes calls; calls in progress end with the restart";

/**
 * Backups: taken now or on a daily schedule, listed, downloaded, and restored — checked
 * now, applied when the appliance next starts (see src/backups).
 */
export function mountBackupRoutes(target: RouteTarget, deps: BackupRouteDeps): void {
  const { backups, backupSchedule, restores } = deps;
  route(target, {
    method: "get",
    path: "/backups",
    summary: "Backups on the appliance, newest first",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, (c) => c.json({ backups: backups.list() }));

  route(target, {
    method: "post",
    path: "/backups",
    summary:
      "Take a backup now: database, recordings, voicemails, prompts, attachments and the recording keys (checked as a restore would check it; the 14 newest are kept)",
    tag: "system",
    access: ROLE_GROUPS.admins,
    status: 201,
  }, async (c) => {
    const backup = await backups.takeNow(backupSchedule.get().keep);
    c.set("audit", { entity: "backups", entityId: backup.name });
    return c.json({ backup }, 201);
  });

  route(target, {
    method: "get",
    path: "/backups/schedule",
    summary:
      "The daily backup: on or off, time of day in the center's zone, how many are kept, next and last run",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, (c) => c.json({ schedule: backupSchedule.get() }));

  route(target, {
    method: "put",
    path: "/backups/schedule",
    summary: "Set the daily backup",
    tag: "system",
    access: ROLE_GROUPS.admins,
    body: BackupScheduleSchema,
  }, async (c) => {
    const setting = await readJson(c, BackupScheduleSchema);
    const schedule = backupSchedule.set(setting);
    c.set("audit", { entity: "backups", entityId: "schedule", details: setting });
    return c.json({ schedule });
  });

  route(target, {
    method: "get",
    path: "/backups/restore",
    summary: "The restore waiting for the next start, and the last one applied",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, (c) => c.json({ pending: restores.pending(), last: restores.last(), next_step: NEXT_STEP }));

  route(target, {
    method: "post",
    path: "/backups/restore",
    summary:
      "Restore a backup on the appliance: checked now as `callcenter restore` checks it, applied at the next start",
    tag: "system",
    access: ROLE_GROUPS.admins,
    body: RestorePickSchema,
    status: 202,
  }, async (c) => {
    const { name } = await readJson(c, RestorePickSchema);
    const path = backups.pathOf(name);
    if (!path) throw ApiError.notFound(`Backup ${name}`);
    const pending = await stage(
      name,
      path,
      () => restores.stage(name, path, c.get("user")!.username),
    );
    c.set("audit", { entity: "backups", entityId: name, details: { restore: "staged" } });
    return c.json({ pending, next_step: NEXT_STEP }, 202);
  });

  route(target, {
    method: "post",
    path: BACKUP_UPLOAD_PATH,
    summary:
      "Restore an uploaded backup (the file as the body, application/octet-stream): checked now, applied at the next start",
    tag: "system",
    access: ROLE_GROUPS.admins,
    query: UploadQuerySchema,
    status: 202,
  }, async (c) => {
    const { file_name } = readQuery(c, UploadQuerySchema);
    const body = c.req.raw.body;
    if (!body) throw ApiError.badRequest("Send the backup file as the request body");
    const path = restores.uploadPath(file_name);
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true, mode: 0o700 });
    const out = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    try {
      await body.pipeTo(out.writable);
    } catch (error) {
      // An upload cut short (the browser closed, the disk filled) leaves nothing behind.
      await Deno.remove(path).catch(() => {});
      throw error;
    }
    try {
      const pending = await stage(
        file_name,
        path,
        () => restores.stage(file_name, path, c.get("user")!.username),
      );
      c.set("audit", { entity: "backups", entityId: file_name, details: { restore: "uploaded" } });
      return c.json({ pending, next_step: NEXT_STEP }, 202);
    } catch (error) {
      await Deno.remove(path).catch(() => {});
      throw error;
    }
  });

  route(target, {
    method: "delete",
    path: "/backups/restore",
    summary: "Cancel the restore waiting for the next start",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, async (c) => {
    if (!(await restores.cancel())) throw ApiError.notFound("A restore waiting for the next start");
    c.set("audit", { entity: "backups", entityId: "restore", details: { restore: "cancelled" } });
    return c.json({ pending: null });
  });

  route(target, {
    method: "get",
    path: "/backups/:name",
    summary:
      "Download a backup; `callcenter restore FILE` or the restore page puts it back. It holds the recording keys: keep it as safe as the recordings",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, async (c) => {
    const name = c.req.param("name") ?? "";
    const path = backups.pathOf(name);
    if (!path) throw ApiError.notFound(`Backup ${name}`);
    const file = await Deno.open(path, { read: true });
    const size = (await file.stat()).size;
    // A backup holds every recording and the keys to play them: each download is on record.
    const user = c.get("user")!;
    deps.audit.append({
      actorUserId: user.id,
      actor: user.username,
      action: "GET /backups/:name",
      entity: "backups",
      entityId: name,
      details: { size },
      ip: c.get("clientIp"),
    });
    return c.body(file.readable, 200, {
      "Content-Type": name.endsWith(".tar") ? "application/x-tar" : "application/vnd.sqlite3",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="${name}"`,
    });
  });
}

/** Runs a restore's checks; a refusal is a 422 naming the file as the admin knows it. */
async function stage<T>(name: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // BackupFileError is a DatabaseFileError: both say why the file cannot be restored.
    if (error instanceof DatabaseFileError) {
      throw new ApiError(422, "backup_refused", error.message.replaceAll(path, name), {
        file: name,
      });
    }
    throw error;
  }
}
