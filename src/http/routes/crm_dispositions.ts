import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { DispositionSchema, DispositionUpdateSchema } from "../../crm/mod.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { crmRoute, type CrmRouteDeps } from "./crm_common.ts";

const ListQuery = z.object({ queue_id: z.coerce.number().int().positive().optional() });

/** Wrap-up codes per queue, and which of them resolve the caller's issue. */
export function mountCrmDispositionRoutes(target: RouteTarget, { crm }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "get",
    path: "/dispositions",
    summary: "Wrap-up codes (with ?queue_id= the active codes that queue offers)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: ListQuery,
  }, (c) => {
    const { queue_id } = readQuery(c, ListQuery);
    return c.json({ dispositions: crm.dispositions.list({ queueId: queue_id }) });
  });

  crmRoute(target, {
    method: "post",
    path: "/dispositions",
    summary: "Create a wrap-up code, say whether it resolves, and which queues offer it",
    tag: "crm",
    access: ROLE_GROUPS.admins,
    body: DispositionSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, DispositionSchema);
    const disposition = crm.dispositions.create(input);
    c.set("audit", { entity: "dispositions", entityId: disposition.id, details: input });
    return c.json({ disposition }, 201);
  });

  crmRoute(target, {
    method: "patch",
    path: "/dispositions/:id",
    summary: "Change a wrap-up code's label, resolves flag, active flag or queues",
    tag: "crm",
    access: ROLE_GROUPS.admins,
    body: DispositionUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Disposition");
    const change = await readJson(c, DispositionUpdateSchema);
    const disposition = crm.dispositions.update(id, change);
    c.set("audit", { entity: "dispositions", details: change });
    return c.json({ disposition });
  });
}
