import { z } from "zod";
import { CASE_STATUSES } from "../../crm/mod.ts";
import type { PlayItem } from "../call_port.ts";
import { TemplateSchema } from "../flow_schema.ts";
import { localTime } from "../local_time.ts";
import type { IvrCustomer } from "../services.ts";
import { defineVerb, nodeSchema, type VerbContext } from "../verb.ts";
import { setCustomerVariables } from "./crm_lookup.ts";

/** A prompt per case status the CRM knows, so validation can check they all exist. */
const STATUS_PROMPTS = CASE_STATUSES.map((s) => `status_${s}`);

const schema = nodeSchema("self_service", {
  /**
   * `case_status`: the status and last update of the customer's latest case;
   * `open_cases`: how many cases are still open.
   */
  query: z.enum(["case_status", "open_cases"]),
  /** An account number template; without it the customer already found, else the caller's number. */
  account: TemplateSchema.optional(),
});
type SelfServiceNode = z.infer<typeof schema>;

function findCustomer(ctx: VerbContext<SelfServiceNode>): IvrCustomer | undefined {
  const { directory } = ctx.services;
  if (ctx.node.account !== undefined) {
    const account = ctx.vars.render(ctx.node.account).trim();
    return account ? directory.byAccount(account) : undefined;
  }
  const known = ctx.vars.get("customer.account");
  if (typeof known === "string" && known) return directory.byAccount(known);
  return directory.byPhone(ctx.call.caller);
}

/**
 * Answers a question from the CRM without an agent and speaks the result, e.g. "your
 * case is open, last updated on 1 May". Leaves through `missing` when no customer
 * matches, so the flow can offer another try or an agent.
 */
export const selfServiceVerb = defineVerb<SelfServiceNode>({
  name: "self_service",
  summary: "Look up case status or open cases and speak the result",
  schema,
  exits: () => ({ required: ["found", "missing"], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({
    prompts: node.query === "case_status"
      ? ["case_status_intro", ...STATUS_PROMPTS, "last_updated", "no_cases"]
      : ["open_cases_count"],
  }),
  async exec(ctx) {
    const customer = findCustomer(ctx);
    if (!customer) {
      ctx.emit("ivr.self_service", { query: ctx.node.query, found: false });
      return { exit: "missing" };
    }
    setCustomerVariables(ctx.vars, customer);
    const language = ctx.vars.language;
    const items: PlayItem[] = [];
    if (ctx.node.query === "open_cases") {
      items.push({ kind: "prompt", name: "open_cases_count", language });
      items.push({ kind: "number", value: customer.openCases, language });
      ctx.emit("ivr.self_service", {
        query: "open_cases",
        found: true,
        open_cases: customer.openCases,
      });
    } else {
      const latest = ctx.services.directory.latestCase(customer.id);
      if (!latest) {
        items.push({ kind: "prompt", name: "no_cases", language });
      } else {
        const updated = localTime(Date.parse(latest.updatedAt), ctx.flow.timezone).date;
        ctx.vars.set("case.id", latest.id);
        ctx.vars.set("case.status", latest.status);
        ctx.vars.set("case.subject", latest.subject);
        ctx.vars.set("case.updated", updated);
        items.push({ kind: "prompt", name: "case_status_intro", language });
        items.push({ kind: "prompt", name: `status_${latest.status}`, language });
        items.push({ kind: "prompt", name: "last_updated", language });
        items.push({ kind: "date", value: updated, language });
      }
      ctx.emit("ivr.self_service", {
        query: "case_status",
        found: true,
        case_id: latest?.id ?? null,
        status: latest?.status ?? null,
      });
    }
    await ctx.playItems(items);
    return { exit: "found" };
  },
});
