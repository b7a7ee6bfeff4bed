import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  maskCustomer,
  maskPhone,
  WORK_LISTS,
} from "../../crm/mod.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readQuery } from "../validate.ts";
import { actorId, auditRead, crmRoute, type CrmRouteDeps, masksPhones } from "./crm_common.ts";

const FindQuery = z.object({
  q: z.string().trim().min(1, "give a name, phone, e-mail, account or field:value as ?q="),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
const flag = z.enum(["1", "0"]).optional();
const CaseSearchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  open: flag,
  tier: z.coerce.number().int().min(1).max(3).optional(),
  assignee_id: z.coerce.number().int().positive().optional(),
  mine: flag,
  team_id: z.coerce.number().int().positive().optional(),
  customer_id: z.coerce.number().int().positive().optional(),
  category: z.string().trim().min(1).max(60).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  due_before: z.iso.datetime().optional(),
  breached: flag,
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
const WorkQuery = z.object({ list: z.enum(WORK_LISTS).optional() });
const QueueQuery = z.object({ team_id: z.coerce.number().int().positive().optional() });

/**
 * Work outside a call: customer search on every key, a customer's whole page in one
 * read, case search with filters, each agent's "my work" lists with their counts, and
 * the tier-2 queue. Mounted before the `:id` routes so its fixed paths win.
 */
export function mountCrmWorkRoutes(target: RouteTarget, { crm, audit }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "get",
    path: "/customers/find",
    summary: "Find customers by phone, e-mail, account number, name prefix or field:value",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: FindQuery,
  }, (c) => {
    const { q, limit } = readQuery(c, FindQuery);
    const mask = masksPhones(c, crm);
    const customers = crm.findCustomers(q, limit).map((h) =>
      mask ? { ...h, phones: h.phones.map(maskPhone) } : h
    );
    return c.json({ customers });
  });

  crmRoute(target, {
    method: "get",
    path: "/customers/:id/page",
    summary: "A customer's page: the record, every case and the timeline with case notes",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Customer");
    const customer = crm.customers.require(id);
    auditRead(c, audit, id);
    const cases = crm.caseSearch.search({ customer_id: id, limit: 200 });
    return c.json({
      customer: masksPhones(c, crm) ? maskCustomer(customer) : customer,
      cases,
      interactions: crm.interactions.timeline(id, { limit: 100 }),
      case_notes: crm.cases.customerNotes(id, 100),
    });
  });

  crmRoute(target, {
    method: "get",
    path: "/cases/search",
    summary:
      "Search cases by subject or number with filters (status, tier, owner, team, category, priority, due, breached)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: CaseSearchQuery,
  }, (c) => {
    const q = readQuery(c, CaseSearchQuery);
    const cases = crm.caseSearch.search({
      q: q.q,
      status: q.status,
      open: q.open === "1" || undefined,
      tier: q.tier,
      assignee_id: q.mine === "1" ? actorId(c) : q.assignee_id,
      team_id: q.team_id,
      customer_id: q.customer_id,
      category: q.category,
      priority: q.priority,
      due_before: q.due_before,
      breached: q.breached === "1" || undefined,
      limit: q.limit,
    });
    return c.json({ cases });
  });

  crmRoute(target, {
    method: "get",
    path: "/cases/work",
    summary:
      "My work: the counts of my lists, and one list (assigned, due_today, breached, waiting, tier2)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: WorkQuery,
  }, (c) => {
    const me = actorId(c);
    const { list } = readQuery(c, WorkQuery);
    return c.json({
      counts: crm.caseSearch.counts(me),
      cases: list ? crm.caseSearch.workList(list, me) : [],
    });
  });

  crmRoute(target, {
    method: "get",
    path: "/cases/escalation-teams",
    summary: "Teams a case may be escalated to, with the people in each",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ teams: crm.caseSearch.escalationTargets() }));

  crmRoute(target, {
    method: "get",
    path: "/cases/tier2-queue",
    summary: "A tier-2 team's escalated cases, most urgent and soonest due first",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: QueueQuery,
  }, (c) => {
    const { team_id } = readQuery(c, QueueQuery);
    const cases = team_id === undefined
      ? crm.caseSearch.workList("tier2", actorId(c))
      : crm.caseSearch.tier2Queue(team_id);
    return c.json({ cases });
  });
}
