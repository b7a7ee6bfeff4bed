import type { Crm, CustomerMatch } from "../crm/mod.ts";
import type { IvrLanguage } from "./call_port.ts";
import type { CustomerDirectory, IvrCaseSummary, IvrCustomer } from "./services.ts";

/** The CRM look-ups the IVR makes; the CRM owns the tables and the phone-number rules. */
export type CrmCustomerLookups = Pick<Crm, "lookupByPhone" | "lookupByAccount"> & {
  cases: Pick<Crm["cases"], "list">;
};

/** The IVR's customer directory, answered by the CRM through its public surface. */
export class CrmCustomerDirectory implements CustomerDirectory {
  constructor(private readonly crm: CrmCustomerLookups) {}

  /** The caller's number is normalised by the CRM, with its default country. */
  byPhone(raw: string): IvrCustomer | undefined {
    const { match } = this.crm.lookupByPhone(raw);
    return match ? ivrCustomer(match) : undefined;
  }

  byAccount(account: string): IvrCustomer | undefined {
    const match = this.crm.lookupByAccount(account);
    return match ? ivrCustomer(match) : undefined;
  }

  latestCase(customerId: number): IvrCaseSummary | undefined {
    const [latest] = this.crm.cases.list({ customerId, limit: 1 });
    return latest &&
      {
        id: latest.id,
        subject: latest.subject,
        status: latest.status,
        updatedAt: latest.updated_at,
      };
  }
}

function ivrCustomer(match: CustomerMatch): IvrCustomer {
  const { customer } = match;
  return {
    id: customer.id,
    account: customer.external_id,
    name: customer.name,
    vip: match.vip,
    // Prompts exist in two languages; anyone else hears the default one.
    language: (customer.language === "en" ? "en" : "zh-CN") as IvrLanguage,
    lastAgentId: customer.last_agent_id,
    lastAgentExtension: match.last_agent?.extension ?? null,
    openCases: match.open_cases.length,
  };
}
