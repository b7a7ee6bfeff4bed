import type { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import {
  type Customer,
  type CustomerPhone,
  type CustomerRow,
  type CustomerUpdate,
  CustomerUpdateSchema,
  type NewCustomer,
  NewCustomerSchema,
  type PhoneInputSchema,
} from "./customer_schema.ts";
import type { CustomFields } from "./custom_fields.ts";
import { CrmValidationError, DuplicateContactError, NotFoundError } from "./errors.ts";
import { InvalidPhoneError, normalisePhone } from "./phone.ts";
import type { CrmSettings } from "./settings.ts";

/** One line of a name search: enough to pick the right customer. */
export interface CustomerSummary {
  id: number;
  name: string;
  company: string;
  vip_level: number;
  external_id: string | null;
  phones: string[];
}

/** Decodes a customers row and attaches its phones and e-mails. */
export function decodeCustomer(db: Database, row: CustomerRow): Customer {
  return {
    ...row,
    tags: JSON.parse(row.tags),
    custom_fields: JSON.parse(row.custom_fields),
    consent_recording: row.consent_recording === 1,
    consent_marketing: row.consent_marketing === 1,
    phones: db.all<CustomerPhone>(
      "SELECT id, e164, label FROM customer_phones WHERE customer_id = ? ORDER BY id",
      row.id,
    ),
    emails: db.all<{ id: number; email: string }>(
      "SELECT id, email FROM customer_emails WHERE customer_id = ? ORDER BY id",
      row.id,
    ),
  };
}

/** The smallest string greater than every string that starts with `prefix` (NOCASE order). */
export function prefixUpperBound(prefix: string): string {
  const lower = prefix.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const points = [...lower];
  const last = points.pop()!.codePointAt(0)!;
  return points.join("") + String.fromCodePoint(last + 1);
}

/** Customers with their phones, e-mails, custom fields and consent flags. */
export class CustomerRepository {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly settings: CrmSettings,
    private readonly customFields: CustomFields,
  ) {}

  get(id: number): Customer | undefined {
    const row = this.db.get<CustomerRow>("SELECT * FROM customers WHERE id = ?", id);
    return row ? decodeCustomer(this.db, row) : undefined;
  }

  require(id: number): Customer {
    const customer = this.get(id);
    if (!customer) throw new NotFoundError(`Customer ${id}`);
    return customer;
  }

  byExternalId(externalId: string): Customer | undefined {
    const row = this.db.get<CustomerRow>(
      "SELECT * FROM customers WHERE external_id = ?",
      externalId,
    );
    return row ? decodeCustomer(this.db, row) : undefined;
  }

  /** The id of the customer that has `e164`, if any. */
  idByPhone(e164: string): number | undefined {
    return this.db.get<{ customer_id: number }>(
      "SELECT customer_id FROM customer_phones WHERE e164 = ?",
      e164,
    )?.customer_id;
  }

  create(input: NewCustomer): Customer {
    const data = parse(NewCustomerSchema, input);
    const custom = this.customFields.validate(data.custom_fields ?? {});
    const phones = this.#normalisePhones(data.phones ?? []);
    const now = isoTime(this.clock.now());
    return this.db.transaction(() => {
      this.#assertFree(phones.map((p) => p.e164), data.emails ?? [], data.external_id ?? null, 0);
      const id = this.db.run(
        `INSERT INTO customers (external_id, name, company, vip_level, language, tags, notes,
           custom_fields, consent_recording, consent_marketing, birthday, renewal_at,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        data.external_id ?? null,
        data.name,
        data.company ?? "",
        data.vip_level ?? 0,
        data.language ?? "zh-CN",
        JSON.stringify(uniq(data.tags ?? [])),
        data.notes ?? "",
        JSON.stringify(custom),
        data.consent_recording === false ? 0 : 1,
        data.consent_marketing ? 1 : 0,
        data.birthday ?? null,
        data.renewal_at ?? null,
        now,
        now,
      ).lastInsertRowid;
      this.#insertPhones(id, phones);
      this.#insertEmails(id, data.emails ?? []);
      return this.get(id)!;
    });
  }

  update(id: number, change: CustomerUpdate): Customer {
    const data = parse(CustomerUpdateSchema, change);
    const current = this.require(id);
    const custom = data.custom_fields === undefined
      ? undefined
      : this.customFields.validate({ ...current.custom_fields, ...data.custom_fields });
    const phones = data.phones === undefined ? undefined : this.#normalisePhones(data.phones);
    return this.db.transaction(() => {
      this.#assertFree(
        phones?.map((p) => p.e164) ?? [],
        data.emails ?? [],
        data.external_id ?? null,
        id,
      );
      const columns: [string, unknown][] = [];
      for (
        const key of [
          "name",
          "company",
          "external_id",
          "vip_level",
          "language",
          "notes",
          "birthday",
          "renewal_at",
        ] as const
      ) {
        if (data[key] !== undefined) columns.push([key, data[key]]);
      }
      if (data.tags !== undefined) columns.push(["tags", JSON.stringify(uniq(data.tags))]);
      if (custom !== undefined) columns.push(["custom_fields", JSON.stringify(custom)]);
      for (const key of ["consent_recording", "consent_marketing"] as const) {
        if (data[key] !== undefined) columns.push([key, data[key] ? 1 : 0]);
      }
      columns.push(["updated_at", isoTime(this.clock.now())]);
      this.db.run(
        `UPDATE customers SET ${columns.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`,
        ...columns.map(([, v]) => v as string | number | null),
        id,
      );
      if (phones !== undefined) {
        this.db.run("DELETE FROM customer_phones WHERE customer_id = ?", id);
        this.#insertPhones(id, phones);
      }
      if (data.emails !== undefined) {
        this.db.run("DELETE FROM customer_emails WHERE customer_id = ?", id);
        this.#insertEmails(id, data.emails);
      }
      return this.get(id)!;
    });
  }

  /** Adds one number (the screen pop's "this caller is that customer" action). */
  addPhone(id: number, raw: string, label = "mobile"): Customer {
    this.require(id);
    const [phone] = this.#normalisePhones([{ number: raw, label }]);
    return this.db.transaction(() => {
      this.#assertFree([phone.e164], [], null, id);
      if (this.idByPhone(phone.e164) === undefined) this.#insertPhones(id, [phone]);
      this.db.run(
        "UPDATE customers SET updated_at = ? WHERE id = ?",
        isoTime(this.clock.now()),
        id,
      );
      return this.get(id)!;
    });
  }

  /**
   * Customers whose name starts with `prefix`, case-insensitively. A range on the
   * NOCASE index rather than LIKE, which SQLite cannot run on an index here.
   */
  searchByName(prefix: string, options: { limit?: number; offset?: number } = {}) {
    const p = prefix.trim();
    if (p === "") return [];
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
    const rows = this.db.all<Omit<CustomerSummary, "phones">>(
      `SELECT id, name, company, vip_level, external_id FROM customers
       WHERE name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE
       ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?`,
      p,
      prefixUpperBound(p),
      limit,
      Math.max(options.offset ?? 0, 0),
    );
    return rows.map((r): CustomerSummary => ({
      ...r,
      phones: this.db.all<{ e164: string }>(
        "SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY id",
        r.id,
      ).map((x) => x.e164),
    }));
  }

  count(): number {
    return this.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
  }

  #normalisePhones(list: z.infer<typeof PhoneInputSchema>[]) {
    const country = this.settings.get().default_country;
    const out: { e164: string; label: string }[] = [];
    for (const [i, item] of list.entries()) {
      const raw = typeof item === "string" ? item : item.number;
      const label = typeof item === "string" ? "mobile" : item.label ?? "mobile";
      try {
        const e164 = normalisePhone(raw, country);
        if (!out.some((p) => p.e164 === e164)) out.push({ e164, label });
      } catch (error) {
        if (!(error instanceof InvalidPhoneError)) throw error;
        throw new CrmValidationError(error.message, [
          { path: `phones.${i}`, message: error.reason },
        ]);
      }
    }
    return out;
  }

  #assertFree(phones: string[], emails: string[], externalId: string | null, self: number) {
    for (const e164 of phones) {
      const owner = this.db.get<{ id: number; name: string }>(
        `SELECT c.id, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id
         WHERE p.e164 = ?`,
        e164,
      );
      if (owner && owner.id !== self) {
        throw new DuplicateContactError("phone", e164, owner.id, owner.name);
      }
    }
    for (const email of emails) {
      const owner = this.db.get<{ id: number; name: string }>(
        `SELECT c.id, c.name FROM customer_emails e JOIN customers c ON c.id = e.customer_id
         WHERE e.email = ?`,
        email,
      );
      if (owner && owner.id !== self) {
        throw new DuplicateContactError("email", email, owner.id, owner.name);
      }
    }
    if (externalId !== null) {
      const owner = this.db.get<{ id: number; name: string }>(
        "SELECT id, name FROM customers WHERE external_id = ?",
        externalId,
      );
      if (owner && owner.id !== self) {
        throw new DuplicateContactError("external_id", externalId, owner.id, owner.name);
      }
    }
  }

  #insertPhones(id: number, phones: { e164: string; label: string }[]) {
    for (const phone of phones) {
      this.db.run(
        "INSERT INTO customer_phones (customer_id, e164, label) VALUES (?, ?, ?)",
        id,
        phone.e164,
        phone.label,
      );
    }
  }

  #insertEmails(id: number, emails: string[]) {
    const seen = new Set<string>();
    for (const email of emails) {
      if (seen.has(email.toLowerCase())) continue;
      seen.add(email.toLowerCase());
      this.db.run("INSERT INTO customer_emails (customer_id, email) VALUES (?, ?)", id, email);
    }
  }
}

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

/** Validates with zod and reports every issue as one {@link CrmValidationError}. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.join("."),
      message: i.message,
    }));
    const first = issues[0];
    throw new CrmValidationError(
      `Invalid input: ${first.path ? `${first.path}: ` : ""}${first.message}`,
      issues,
    );
  }
  return result.data;
}
