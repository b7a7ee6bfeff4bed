import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  type Crm,
  maskPhone,
  renderScript,
  SCRIPT_VARIABLES,
  type ScriptContext,
  ScriptSchema,
  ScriptUpdateSchema,
  unknownVariables,
} from "../../crm/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { crmRoute, type CrmRouteDeps, masksPhones } from "./crm_common.ts";

const ListQuery = z.object({ queue_id: z.coerce.number().int().positive().optional() });
const RenderQuery = z.object({
  customer_id: z.coerce.number().int().positive().optional(),
  case_id: z.coerce.number().int().positive().optional(),
  caller: z.string().max(40).optional(),
  did: z.string().max(40).optional(),
  queue: z.string().max(100).optional(),
  wait_s: z.coerce.number().int().min(0).optional(),
  call_id: z.string().max(100).optional(),
});
/**
 * The unsaved text of a script and the call and customer to fill it with: a stored
 * customer, or a made-up sample (the admin's screen offers one before any customer
 * exists).
 */
const PreviewBody = z.object({
  body: z.string().max(50_000),
  customer_id: z.number().int().positive().optional(),
  sample_customer: z.object({
    name: z.string().max(200),
    company: z.string().max(200),
    vip_level: z.number().int().min(0).max(9),
    language: z.string().max(20),
    phone: z.string().max(40),
    email: z.string().max(200),
    external_id: z.string().max(100),
    tags: z.array(z.string().max(50)).max(30),
    custom: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean()])),
  }).partial().strict().optional(),
  case_id: z.number().int().positive().optional(),
  caller: z.string().max(40).optional(),
  did: z.string().max(40).optional(),
  queue: z.string().max(100).optional(),
  wait_s: z.number().int().min(0).optional(),
  call_id: z.string().max(100).optional(),
}).strict();

/** Agent scripts, and each one filled in for the call and customer at hand. */
export function mountCrmScriptRoutes(target: RouteTarget, { crm }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "get",
    path: "/scripts",
    summary: "Scripts (with ?queue_id= those for that queue and for every queue)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: ListQuery,
  }, (c) => {
    const { queue_id } = readQuery(c, ListQuery);
    return c.json({
      scripts: crm.scripts.list({ queueId: queue_id }),
      variables: SCRIPT_VARIABLES,
    });
  });

  crmRoute(target, {
    method: "post",
    path: "/scripts",
    summary: "Write a script; unknown {{variables}} are refused when saved",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    body: ScriptSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, ScriptSchema);
    const script = crm.scripts.create(input);
    c.set("audit", { entity: "scripts", entityId: script.id, details: { name: script.name } });
    return c.json({ script }, 201);
  });

  crmRoute(target, {
    method: "get",
    path: "/scripts/:id",
    summary: "One script",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Script");
    const script = crm.scripts.get(id);
    if (!script) throw ApiError.notFound(`Script ${id}`);
    return c.json({ script });
  });

  crmRoute(target, {
    method: "patch",
    path: "/scripts/:id",
    summary: "Edit a script",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    body: ScriptUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Script");
    const change = await readJson(c, ScriptUpdateSchema);
    const script = crm.scripts.update(id, change);
    c.set("audit", { entity: "scripts", details: { fields: Object.keys(change) } });
    return c.json({ script });
  });

  crmRoute(target, {
    method: "delete",
    path: "/scripts/:id",
    summary: "Delete a script",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    status: 204,
  }, (c) => {
    crm.scripts.remove(idParam(c, "id", "Script"));
    c.set("audit", { entity: "scripts" });
    return c.body(null, 204);
  });

  crmRoute(target, {
    method: "get",
    path: "/scripts/:id/render",
    summary:
      "A script filled from the customer, case and call (text, escaped HTML, missing variables)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: RenderQuery,
  }, (c) => {
    const id = idParam(c, "id", "Script");
    const script = crm.scripts.get(id);
    if (!script) throw ApiError.notFound(`Script ${id}`);
    const context = scriptContext(c, crm, readQuery(c, RenderQuery));
    return c.json({ script_id: id, ...renderScript(script.body, context) });
  });

  crmRoute(target, {
    method: "post",
    path: "/scripts/preview",
    summary:
      "A script being written, filled in as /scripts/:id/render would (and its unknown variables)",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    body: PreviewBody,
  }, async (c) => {
    const { body, sample_customer, ...call } = await readJson(c, PreviewBody);
    const context = scriptContext(c, crm, call);
    if (call.customer_id === undefined && sample_customer) context.customer = sample_customer;
    return c.json({ ...renderScript(body, context), unknown: unknownVariables(body) });
  });
}

/** What a script is filled from: the signed-in agent, the call, the customer and the case. */
function scriptContext(
  c: Context<AppEnv>,
  crm: Crm,
  q: z.infer<typeof RenderQuery>,
): ScriptContext {
  const user = c.get("user")!;
  const context: ScriptContext = {
    agent: { name: user.display_name, extension: user.extension },
    call: { caller: q.caller, did: q.did, queue: q.queue, wait_s: q.wait_s, id: q.call_id },
  };
  if (q.customer_id !== undefined) {
    const customer = crm.customers.require(q.customer_id);
    const phone = customer.phones[0]?.e164;
    context.customer = {
      ...customer,
      phone: phone && masksPhones(c, crm) ? maskPhone(phone) : phone,
      email: customer.emails[0]?.email,
      custom: customer.custom_fields,
    };
  }
  if (q.case_id !== undefined) context.case = { ...crm.cases.require(q.case_id) };
  return context;
}
