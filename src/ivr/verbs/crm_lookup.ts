import { z } from "zod";
import type { IvrCustomer } from "../services.ts";
import type { FlowVariables } from "../flow_variables.ts";
import { TemplateSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema } from "../verb.ts";

const schema = nodeSchema("crm_lookup", {
  by: z.enum(["caller", "account"]),
  /** With `by: "account"`: the account number, usually what a collect node stored. */
  account: TemplateSchema.default("{digits}"),
  /** Switch the prompts to the customer's language when found. */
  set_language: z.boolean().default(false),
});

/** Copies what the IVR knows of a customer into `customer.*` variables. */
export function setCustomerVariables(vars: FlowVariables, customer: IvrCustomer): void {
  vars.set("customer.id", customer.id);
  vars.set("customer.account", customer.account);
  vars.set("customer.name", customer.name);
  vars.set("customer.vip", customer.vip);
  vars.set("customer.language", customer.language);
  vars.set("customer.last_agent_id", customer.lastAgentId);
  vars.set("customer.last_agent_extension", customer.lastAgentExtension);
  vars.set("customer.open_cases", customer.openCases);
}

/**
 * Finds the caller in the CRM by their number or by an account number they keyed in,
 * and sets `customer.id`, `.account`, `.name`, `.vip`, `.language`, `.last_agent_id`,
 * `.last_agent_extension` and `.open_cases`.
 */
export const crmLookupVerb = defineVerb<z.infer<typeof schema>>({
  name: "crm_lookup",
  summary: "Find the customer by caller number or account number",
  schema,
  exits: () => ({ required: ["found", "missing"], optional: [] }),
  waitsForInput: () => false,
  references: () => ({}),
  exec(ctx) {
    const { node, services, vars } = ctx;
    const key = node.by === "caller" ? ctx.call.caller : vars.render(node.account).trim();
    const customer = key === ""
      ? undefined
      : node.by === "caller"
      ? services.directory.byPhone(key)
      : services.directory.byAccount(key);
    ctx.emit("ivr.lookup", {
      by: node.by,
      found: customer !== undefined,
      customer_id: customer?.id ?? null,
    });
    if (!customer) return Promise.resolve({ exit: "missing" });
    setCustomerVariables(vars, customer);
    if (node.set_language) vars.language = customer.language;
    return Promise.resolve({ exit: "found" });
  },
});
