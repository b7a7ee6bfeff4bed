import { ROLE_GROUPS } from "../../auth/mod.ts";
import type { BackupShelf } from "../../db/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";

/** Backups taken while the appliance runs, and their download. Restoring is the CLI's. */
export function mountBackupRoutes(target: RouteTarget, backups: BackupShelf): void {
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
    summary: "Take a backup now (checked as a restore would check it; the 14 newest are kept)",
    tag: "system",
    access: ROLE_GROUPS.admins,
    status: 201,
  }, (c) => {
    const backup = backups.takeNow();
    c.set("audit", { entity: "backups", entityId: backup.name });
    return c.json({ backup }, 201);
  });

  route(target, {
    method: "get",
    path: "/backups/:name",
    summary: "Download a backup; `callcenter restore FILE` puts it back",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, async (c) => {
    const name = c.req.param("name") ?? "";
    const path = backups.pathOf(name);
    if (!path) throw ApiError.notFound(`Backup ${name}`);
    const bytes = await Deno.readFile(path);
    return c.body(bytes, 200, {
      "Content-Type": "application/vnd.sqlite3",
      "Content-Disposition": `attachment; filename="${name}"`,
    });
  });
}
