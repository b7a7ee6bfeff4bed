import type { Database } from "../db/mod.ts";
import type { IvrLanguage } from "./call_port.ts";
import type { CustomerDirectory, IvrCaseSummary, IvrCustomer } from "./services.ts";

const OPEN_STATUSES = "('new','open','pending_customer','escalated','reopened')";

/**
 * Turns a caller number as a trunk delivers it into E.164: `+…` stays, `00…` is
 * international, a leading `0` or a bare national number gets the default country.
 * Returns undefined for what cannot be a phone number (anonymous callers).
 */
export function toE164(raw: string, defaultCountry = "86"): string | undefined {
  const trimmed = raw.trim().replace(/^sip:/, "").replace(/@.*$/, "");
  const digits = trimmed.replace(/[\s\-().]/g, "");
  if (!/^\+?\d{3,17}$/.test(digits)) return undefined;
  if (digits.startsWith("+")) return digits;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("0")) return `+${defaultCountry}${digits.slice(1)}`;
  if (digits.length <= 6) return undefined; // an extension, not a customer's number
  return `+${defaultCountry}${digits}`;
}

interface CustomerRow {
  id: number;
  external_id: string | null;
  name: string;
  vip_level: number;
  language: string;
  last_agent_id: number | null;
  extension: string | null;
  open_cases: number;
}

const SELECT = `
  SELECT c.id, c.external_id, c.name, c.vip_level, c.language, c.last_agent_id, u.extension,
         (SELECT count(*) FROM cases k WHERE k.customer_id = c.id AND k.status IN ${OPEN_STATUSES})
           AS open_cases
  FROM customers c LEFT JOIN users u ON u.id = c.last_agent_id`;

/** The IVR's read-only view of the CRM tables. */
export class SqliteCustomerDirectory implements CustomerDirectory {
  constructor(private readonly db: Database, private readonly defaultCountry = "86") {}

  byPhone(raw: string): IvrCustomer | undefined {
    const e164 = toE164(raw, this.defaultCountry);
    if (!e164) return undefined;
    const row = this.db.get<CustomerRow>(
      `${SELECT} JOIN customer_phones p ON p.customer_id = c.id WHERE p.e164 = ?`,
      e164,
    );
    return row && this.#customer(row);
  }

  byAccount(account: string): IvrCustomer | undefined {
    const row = this.db.get<CustomerRow>(`${SELECT} WHERE c.external_id = ?`, account);
    return row && this.#customer(row);
  }

  latestCase(customerId: number): IvrCaseSummary | undefined {
    const row = this.db.get<{ id: number; subject: string; status: string; updated_at: string }>(
      `SELECT id, subject, status, updated_at FROM cases WHERE customer_id = ?
       ORDER BY updated_at DESC, id DESC LIMIT 1`,
      customerId,
    );
    return row &&
      { id: row.id, subject: row.subject, status: row.status, updatedAt: row.updated_at };
  }

  #customer(row: CustomerRow): IvrCustomer {
    return {
      id: row.id,
      account: row.external_id,
      name: row.name,
      vip: row.vip_level,
      language: (row.language === "en" ? "en" : "zh-CN") as IvrLanguage,
      lastAgentId: row.last_agent_id,
      lastAgentExtension: row.extension,
      openCases: row.open_cases,
    };
  }
}
