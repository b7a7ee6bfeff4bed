import type { Database } from "../db/mod.ts";
import type { CustomerRepository, CustomerSummary } from "./customers.ts";
import { InvalidPhoneError, normalisePhone } from "./phone.ts";

/** What a search matched on, so the desktop can say why a customer is listed. */
export type CustomerMatchKind = "phone" | "email" | "account" | "name" | "field";

export interface CustomerHit extends CustomerSummary {
  matched: CustomerMatchKind;
}

/**
 * One search box for customers: an e-mail, a phone number (any way it is written), an
 * account number, the start of a name, or `field:value` for a custom field. Exact keys
 * are looked up through their unique indexes before the name prefix is walked, so the
 * answer stays quick on a million customers; a custom field is read from the JSON of
 * at most a bounded number of rows.
 */
export function searchCustomers(
  db: Database,
  customers: CustomerRepository,
  query: string,
  options: { country: string; limit?: number },
): CustomerHit[] {
  const q = query.trim();
  if (q === "") return [];
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const hits = new Map<number, CustomerMatchKind>();
  const field = /^([a-z][a-z0-9_]{0,40}):(.+)$/i.exec(q);
  if (field) {
    for (
      const r of db.all<{ id: number }>(
        `SELECT id FROM customers WHERE json_extract(custom_fields, ?) = ? LIMIT ?`,
        `$.${field[1]}`,
        field[2].trim(),
        limit,
      )
    ) hits.set(r.id, "field");
  } else if (q.includes("@")) {
    const r = db.get<{ customer_id: number }>(
      "SELECT customer_id FROM customer_emails WHERE email = ? COLLATE NOCASE",
      q,
    );
    if (r) hits.set(r.customer_id, "email");
  } else {
    if (/^[+\d][\d\s\-().]{3,}$/.test(q)) {
      try {
        const id = customers.idByPhone(normalisePhone(q, options.country));
        if (id !== undefined) hits.set(id, "phone");
      } catch (error) {
        if (!(error instanceof InvalidPhoneError)) throw error;
      }
    }
    const account = customers.byExternalId(q);
    if (account && !hits.has(account.id)) hits.set(account.id, "account");
    for (const s of customers.searchByName(q, { limit })) {
      if (!hits.has(s.id)) hits.set(s.id, "name");
    }
  }
  const ids = [...hits.keys()].slice(0, limit);
  return ids.map((id) => {
    const row = db.get<Omit<CustomerSummary, "phones">>(
      "SELECT id, name, company, vip_level, external_id FROM customers WHERE id = ?",
      id,
    )!;
    const phones = db.all<{ e164: string }>(
      "SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY id",
      id,
    ).map((p) => p.e164);
    return { ...row, phones, matched: hits.get(id)! };
  });
}
