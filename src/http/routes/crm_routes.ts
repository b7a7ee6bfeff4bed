import type { AuditLog } from "../../auth/mod.ts";
import type { Crm } from "../../crm/mod.ts";
import type { RouteTarget } from "../route.ts";
import { mountCrmCaseRoutes } from "./crm_cases.ts";
import { mountCrmCsvRoutes } from "./crm_csv.ts";
import { mountCrmCustomerRoutes } from "./crm_customers.ts";
import { mountCrmDispositionRoutes } from "./crm_dispositions.ts";
import { mountCrmFollowUpRoutes } from "./crm_follow_ups.ts";
import { mountCrmInteractionRoutes } from "./crm_interactions.ts";
import { mountCrmKbRoutes } from "./crm_kb.ts";
import { mountCrmScriptRoutes } from "./crm_scripts.ts";
import { mountCrmSettingsRoutes } from "./crm_settings.ts";
import { mountCrmWorkRoutes } from "./crm_work.ts";

/** Mounts every CRM route; fixed paths (export, import, lookup) before the `:id` ones. */
export function mountCrmRoutes(target: RouteTarget, crm: Crm, audit: AuditLog): void {
  const deps = { crm, audit };
  mountCrmCsvRoutes(target, deps);
  mountCrmWorkRoutes(target, deps);
  mountCrmCustomerRoutes(target, deps);
  mountCrmCaseRoutes(target, deps);
  mountCrmInteractionRoutes(target, deps);
  mountCrmDispositionRoutes(target, deps);
  mountCrmKbRoutes(target, deps);
  mountCrmScriptRoutes(target, deps);
  mountCrmFollowUpRoutes(target, deps);
  mountCrmSettingsRoutes(target, deps);
}
