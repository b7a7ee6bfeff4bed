import type { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import {
  type Mailbox,
  type MailboxInput,
  MailboxSchema,
  type MailboxUpdate,
  MailboxUpdateSchema,
} from "./mailbox_schema.ts";
import { EmailError } from "./email_error.ts";

interface Row {
  id: number;
  name: string;
  address: string;
  options: string;
  enabled: number;
  uid_validity: number | null;
  last_uid: number;
  last_fetch_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  failures: number;
}

/** The configured mailboxes, and how far each has been read. */
export class MailboxStore {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  list(): Mailbox[] {
    return this.db.all<Row>("SELECT * FROM mailboxes ORDER BY name").map(fromRow);
  }

  get(id: number): Mailbox | undefined {
    const row = this.db.get<Row>("SELECT * FROM mailboxes WHERE id = ?", id);
    return row && fromRow(row);
  }

  require(id: number): Mailbox {
    const found = this.get(id);
    if (!found) throw new EmailError("not_found", `Mailbox ${id} does not exist`);
    return found;
  }

  create(input: MailboxInput): Mailbox {
    const data = parseOr(MailboxSchema, input);
    this.#assertNameFree(data.name, 0);
    const now = isoTime(this.clock.now());
    const { name, address, enabled, ...options } = data;
    const id = this.db.run(
      `INSERT INTO mailboxes (name, address, options, enabled, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      name,
      address.toLowerCase(),
      JSON.stringify(options),
      enabled ? 1 : 0,
      now,
      now,
    ).lastInsertRowid;
    return this.require(Number(id));
  }

  /** Changes settings; a new server or user starts reading afresh (its UIDs are others). */
  update(id: number, change: MailboxUpdate): Mailbox {
    const current = this.require(id);
    const data = parseOr(MailboxUpdateSchema, change);
    const imap = { ...current.imap, ...data.imap };
    if (data.imap?.password === "") imap.password = current.imap.password;
    const smtp = { ...current.smtp, ...data.smtp };
    if (data.smtp?.password === "") smtp.password = current.smtp.password;
    const next = parseOr(MailboxSchema, { ...current, ...data, imap, smtp });
    this.#assertNameFree(next.name, id);
    const moved = imap.host !== current.imap.host || imap.user !== current.imap.user ||
      imap.folder !== current.imap.folder;
    const { name, address, enabled, ...options } = next;
    this.db.run(
      `UPDATE mailboxes SET name = ?, address = ?, options = ?, enabled = ?, updated_at = ?,
         uid_validity = CASE WHEN ? THEN NULL ELSE uid_validity END,
         last_uid = CASE WHEN ? THEN 0 ELSE last_uid END
       WHERE id = ?`,
      name,
      address.toLowerCase(),
      JSON.stringify(options),
      enabled ? 1 : 0,
      isoTime(this.clock.now()),
      moved ? 1 : 0,
      moved ? 1 : 0,
      id,
    );
    return this.require(id);
  }

  remove(id: number): void {
    this.require(id);
    this.db.run("DELETE FROM mailboxes WHERE id = ?", id);
  }

  /** Where reading got to: the folder's UIDVALIDITY and the last UID stored. */
  markRead(id: number, uidValidity: number, lastUid: number): void {
    this.db.run(
      "UPDATE mailboxes SET uid_validity = ?, last_uid = max(last_uid, ?) WHERE id = ?",
      uidValidity,
      lastUid,
      id,
    );
  }

  /** The folder was recreated (a new UIDVALIDITY): its UIDs start over. */
  restart(id: number, uidValidity: number): void {
    this.db.run(
      "UPDATE mailboxes SET uid_validity = ?, last_uid = 0 WHERE id = ?",
      uidValidity,
      id,
    );
  }

  fetched(id: number): void {
    this.db.run(
      "UPDATE mailboxes SET last_fetch_at = ?, failures = 0 WHERE id = ?",
      isoTime(this.clock.now()),
      id,
    );
  }

  failed(id: number, message: string): number {
    this.db.run(
      `UPDATE mailboxes SET last_error = ?, last_error_at = ?, failures = failures + 1
       WHERE id = ?`,
      message.slice(0, 500),
      isoTime(this.clock.now()),
      id,
    );
    return this.get(id)?.failures ?? 0;
  }

  /** Every address of ours, so mail from one of them is never answered automatically. */
  ownAddresses(): string[] {
    return this.db.all<{ address: string }>("SELECT address FROM mailboxes").map((r) => r.address);
  }

  #assertNameFree(name: string, self: number) {
    const other = this.db.get<{ id: number }>(
      "SELECT id FROM mailboxes WHERE name = ? AND id != ?",
      name,
      self,
    );
    if (other) throw new EmailError("invalid", `A mailbox named ${name} exists already`);
  }
}

function fromRow(row: Row): Mailbox {
  const options = MailboxSchema.omit({ name: true, address: true, enabled: true }).parse(
    JSON.parse(row.options),
  );
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    enabled: row.enabled === 1,
    ...options,
    uid_validity: row.uid_validity,
    last_uid: row.last_uid,
    last_fetch_at: row.last_fetch_at,
    last_error: row.last_error,
    last_error_at: row.last_error_at,
    failures: row.failures,
  };
}

function parseOr<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EmailError("invalid", `${issue.path.join(".") || "mailbox"}: ${issue.message}`);
  }
  return result.data;
}
