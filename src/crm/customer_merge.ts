import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { Customer, CustomerRow } from "./customer_schema.ts";
import type { CustomerRepository } from "./customers.ts";
import { CrmValidationError, NotFoundError } from "./errors.ts";

export interface MergeReport {
  customer: Customer;
  moved: {
    phones: number;
    emails: number;
    cases: number;
    interactions: number;
    follow_ups: number;
  };
}

/**
 * Folds a duplicate customer into the one that stays: phones, e-mails, cases,
 * contacts, follow-ups and calls move over; empty fields are filled from the
 * duplicate, tags are united, the higher VIP level wins; then the duplicate goes.
 */
export function mergeCustomers(
  db: Database,
  clock: Clock,
  customers: CustomerRepository,
  keepId: number,
  duplicateId: number,
): MergeReport {
  if (keepId === duplicateId) {
    throw new CrmValidationError("A customer cannot be merged into itself");
  }
  return db.transaction(() => {
    const keep = db.get<CustomerRow>("SELECT * FROM customers WHERE id = ?", keepId);
    const dup = db.get<CustomerRow>("SELECT * FROM customers WHERE id = ?", duplicateId);
    if (!keep) throw new NotFoundError(`Customer ${keepId}`);
    if (!dup) throw new NotFoundError(`Customer ${duplicateId}`);
    const move = (table: string) =>
      db.run(`UPDATE ${table} SET customer_id = ? WHERE customer_id = ?`, keepId, duplicateId)
        .changes;
    // Addresses the kept customer already has would collide on the unique index.
    db.run(
      `DELETE FROM customer_emails WHERE customer_id = ? AND email IN
         (SELECT email FROM customer_emails WHERE customer_id = ?)`,
      duplicateId,
      keepId,
    );
    const moved = {
      phones: move("customer_phones"),
      emails: move("customer_emails"),
      cases: move("cases"),
      interactions: move("interactions"),
      follow_ups: move("follow_ups"),
    };
    move("calls");
    // Tables of other domains that point at customers follow the kept record too.
    for (const table of ["voicemails", "callbacks", "surveys"]) {
      const exists = db.get(
        "SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = ?",
        table,
      );
      if (exists) move(table);
    }
    const tags = [...new Set([...JSON.parse(keep.tags), ...JSON.parse(dup.tags)])];
    const custom = { ...JSON.parse(dup.custom_fields), ...JSON.parse(keep.custom_fields) };
    const notes = [keep.notes, dup.notes].filter((n) => n.trim() !== "").join("\n\n");
    const externalId = keep.external_id ?? dup.external_id;
    db.run("UPDATE customers SET external_id = NULL WHERE id = ?", duplicateId);
    db.run(
      `UPDATE customers SET external_id = ?, company = ?, vip_level = ?, tags = ?, notes = ?,
         custom_fields = ?, birthday = ?, renewal_at = ?, last_agent_id = ?, updated_at = ?
       WHERE id = ?`,
      externalId,
      keep.company || dup.company,
      Math.max(keep.vip_level, dup.vip_level),
      JSON.stringify(tags),
      notes,
      JSON.stringify(custom),
      keep.birthday ?? dup.birthday,
      keep.renewal_at ?? dup.renewal_at,
      keep.last_agent_id ?? dup.last_agent_id,
      isoTime(clock.now()),
      keepId,
    );
    db.run("DELETE FROM customers WHERE id = ?", duplicateId);
    return { customer: customers.get(keepId)!, moved };
  });
}
