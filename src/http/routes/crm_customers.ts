import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  type Customer,
  CustomerUpdateSchema,
  maskCustomer,
  maskPhone,
  NewCustomerSchema,
  type ScreenPop,
} from "../../crm/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { auditRead, crmRoute, type CrmRouteDeps, masksPhones } from "./crm_common.ts";

const LookupQuery = z.object({
  phone: z.string().min(1, "give the caller's number as ?phone="),
  country: z.string().regex(/^[1-9]\d{0,2}$/).optional(),
});
const SearchQuery = z.object({
  q: z.string().trim().min(1, "give the start of a name as ?q="),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
});
const PhoneBody = z.object({ number: z.string().min(1), label: z.string().max(30).optional() });
const MergeBody = z.object({ duplicate_id: z.number().int().positive() });

/** Customers: screen pop, name search, the record itself, phones, merge and erasure. */
export function mountCrmCustomerRoutes(target: RouteTarget, { crm, audit }: CrmRouteDeps): void {
  const view = (c: Context<AppEnv>, customer: Customer) =>
    masksPhones(c, crm) ? maskCustomer(customer) : customer;

  crmRoute(target, {
    method: "get",
    path: "/customers/lookup",
    summary: "Screen pop: who is calling from this number (empty match for strangers)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: LookupQuery,
  }, (c) => {
    const { phone, country } = readQuery(c, LookupQuery);
    const pop = crm.lookupByPhone(phone, country);
    if (pop.phone === null) {
      throw ApiError.badRequest(`Phone number "${phone}" is not usable: ${pop.problem}`, {
        issues: [{ path: "phone", message: pop.problem }],
      });
    }
    if (pop.match) auditRead(c, audit, pop.match.customer.id);
    return c.json(masksPhones(c, crm) ? maskPop(pop) : pop);
  });

  crmRoute(target, {
    method: "get",
    path: "/customers",
    summary: "Find customers whose name starts with q (case-insensitive)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: SearchQuery,
  }, (c) => {
    const { q, limit, offset } = readQuery(c, SearchQuery);
    const mask = masksPhones(c, crm);
    const customers = crm.customers.searchByName(q, { limit, offset }).map((s) =>
      mask ? { ...s, phones: s.phones.map(maskPhone) } : s
    );
    return c.json({ customers });
  });

  crmRoute(target, {
    method: "post",
    path: "/customers",
    summary: "Create a customer (a lookup's new_customer body creates the caller in one step)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: NewCustomerSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, NewCustomerSchema);
    const customer = crm.customers.create(input);
    c.set("audit", {
      entity: "customers",
      entityId: customer.id,
      details: { name: customer.name },
    });
    return c.json({ customer: view(c, customer) }, 201);
  });

  crmRoute(target, {
    method: "get",
    path: "/customers/:id",
    summary: "One customer's full record (the read is written to the audit log)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Customer");
    const customer = crm.customers.require(id);
    auditRead(c, audit, id);
    return c.json({ customer: view(c, customer) });
  });

  crmRoute(target, {
    method: "patch",
    path: "/customers/:id",
    summary: "Change a customer; phones, emails and tags replace the lists they name",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: CustomerUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Customer");
    const change = await readJson(c, CustomerUpdateSchema);
    const customer = crm.customers.update(id, change);
    c.set("audit", { entity: "customers", details: { fields: Object.keys(change) } });
    return c.json({ customer: view(c, customer) });
  });

  crmRoute(target, {
    method: "post",
    path: "/customers/:id/phones",
    summary: "Add a phone number to a customer (409 names the customer who has it)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: PhoneBody,
  }, async (c) => {
    const id = idParam(c, "id", "Customer");
    const { number, label } = await readJson(c, PhoneBody);
    const customer = crm.customers.addPhone(id, number, label);
    c.set("audit", { entity: "customers" });
    return c.json({ customer: view(c, customer) });
  });

  crmRoute(target, {
    method: "post",
    path: "/customers/:id/merge",
    summary: "Merge a duplicate into this customer (phones, cases and contacts move over)",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    body: MergeBody,
  }, async (c) => {
    const id = idParam(c, "id", "Customer");
    const { duplicate_id } = await readJson(c, MergeBody);
    const result = crm.mergeCustomers(id, duplicate_id);
    c.set("audit", { entity: "customers", details: { duplicate_id, moved: result.moved } });
    return c.json({ customer: result.customer, moved: result.moved });
  });

  crmRoute(target, {
    method: "get",
    path: "/customers/:id/data",
    summary: "Everything held about one customer, as one JSON document (subject access)",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "Customer");
    const data = crm.privacy.exportCustomer(id);
    auditRead(c, audit, id, "export");
    c.header("Content-Disposition", `attachment; filename="customer-${id}.json"`);
    return c.json(data);
  });

  crmRoute(target, {
    method: "delete",
    path: "/customers/:id",
    summary: "Erase a customer: record, contacts, cases, notes, attachments and recordings",
    tag: "crm",
    access: ROLE_GROUPS.admins,
  }, (c) => {
    const id = idParam(c, "id", "Customer");
    const report = crm.privacy.erase(id);
    c.set("audit", { entity: "customers", details: { erased: report } });
    return c.json({ erased: report });
  });
}

/** Masks the numbers shown; the one-step create body keeps the real number to submit. */
function maskPop(pop: ScreenPop): ScreenPop {
  if (!pop.match) return { ...pop, phone: pop.phone && maskPhone(pop.phone) };
  return {
    ...pop,
    phone: pop.phone && maskPhone(pop.phone),
    match: { ...pop.match, customer: maskCustomer(pop.match.customer) },
  };
}
