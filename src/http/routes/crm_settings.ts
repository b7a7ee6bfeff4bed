import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { CrmSettingsSchema, CustomFieldDefSchema, SlaRuleSchema } from "../../crm/mod.ts";
import type { RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { crmRoute, type CrmRouteDeps } from "./crm_common.ts";

const SettingsChange = CrmSettingsSchema.partial().strict();
const SlaTable = z.object({ rules: z.array(SlaRuleSchema).max(500) });

/** What the admin tunes: CRM settings, custom fields and SLA rules. */
export function mountCrmSettingsRoutes(target: RouteTarget, { crm }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "get",
    path: "/crm/settings",
    summary:
      "CRM settings: default country, phone masking for agents, FCR window, the schedule of business hours SLA rules count",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ settings: crm.settings.get() }));

  crmRoute(target, {
    method: "patch",
    path: "/crm/settings",
    summary: "Change CRM settings",
    tag: "crm",
    access: ROLE_GROUPS.admins,
    body: SettingsChange,
  }, async (c) => {
    const change = await readJson(c, SettingsChange);
    const settings = crm.settings.update(change);
    c.set("audit", { entity: "settings", entityId: "crm", details: change });
    return c.json({ settings });
  });

  crmRoute(target, {
    method: "get",
    path: "/crm/custom-fields",
    summary: "Custom customer fields and their types",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ fields: crm.customFields.list() }));

  crmRoute(target, {
    method: "post",
    path: "/crm/custom-fields",
    summary: "Define (or redefine) a custom field: text, number, date, boolean or choice",
    tag: "crm",
    access: ROLE_GROUPS.admins,
    body: CustomFieldDefSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, CustomFieldDefSchema);
    const field = crm.customFields.define(input);
    c.set("audit", { entity: "custom_fields", entityId: field.key, details: input });
    return c.json({ field }, 201);
  });

  crmRoute(target, {
    method: "delete",
    path: "/crm/custom-fields/:key",
    summary: "Remove a custom field definition (stored values stay until the record changes)",
    tag: "crm",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    const key = c.req.param("key")!;
    crm.customFields.remove(key);
    c.set("audit", { entity: "custom_fields", entityId: key });
    return c.body(null, 204);
  });

  crmRoute(target, {
    method: "get",
    path: "/crm/sla-rules",
    summary: "Resolve-within times per category and priority (* matches every category)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ rules: crm.sla.list() }));

  crmRoute(target, {
    method: "put",
    path: "/crm/sla-rules",
    summary: "Replace the SLA rule table",
    tag: "crm",
    access: ROLE_GROUPS.admins,
    body: SlaTable,
  }, async (c) => {
    const { rules } = await readJson(c, SlaTable);
    const saved = crm.sla.replace(rules);
    c.set("audit", { entity: "sla_rules", details: { rules: saved.length } });
    return c.json({ rules: saved });
  });
}
