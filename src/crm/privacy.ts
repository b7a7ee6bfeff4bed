import type { Database } from "../db/mod.ts";
import type { Attachments } from "./attachments.ts";
import type { Callbacks } from "./callbacks.ts";
import type { CaseRepository } from "./cases.ts";
import type { Customer } from "./customer_schema.ts";
import type { CustomerRepository } from "./customers.ts";
import { TIMELINE_SELECT } from "./lookup.ts";
import { maskPhone } from "./phone.ts";

export interface ErasureReport {
  customer_id: number;
  phones: number;
  emails: number;
  cases: number;
  case_notes: number;
  attachments: number;
  interactions: number;
  follow_ups: number;
  recordings: number;
  voicemails: number;
  callbacks: number;
  /** Recording or voicemail files that were already gone from the disk. */
  recording_files_missing: number;
}

/**
 * A customer's right to see and to erase what the center holds about them: one export
 * with everything, and one erasure that removes the record, its contacts, cases,
 * notes, attachments and call recordings (rows and files).
 */
export class Privacy {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly customers: CustomerRepository,
    private readonly cases: CaseRepository,
    private readonly attachments: Attachments,
    private readonly callbacks: Callbacks,
  ) {}

  /** Everything held about one customer, as one JSON document. */
  exportCustomer(id: number) {
    const customer = this.customers.require(id);
    const cases = this.cases.list({ customerId: id, limit: 1000 }).map((c) => ({
      ...c,
      notes: this.cases.notes(c.id),
      history: this.cases.history(c.id),
      attachments: this.attachments.list(c.id),
    }));
    return {
      customer,
      cases,
      interactions: this.db.all(
        `${TIMELINE_SELECT} WHERE i.customer_id = ? ORDER BY i.started_at`,
        id,
      ),
      follow_ups: this.db.all("SELECT * FROM follow_ups WHERE customer_id = ? ORDER BY id", id),
      recordings: this.db.all(
        `SELECT id, call_id, started_at, duration_ms, size_bytes, sha256 FROM recordings
         WHERE call_id IN (${this.#callIds()})`,
        id,
        id,
      ),
    };
  }

  /**
   * Erases one customer. Rows go in one transaction; files are removed after it
   * commits, so a failure never leaves rows pointing at deleted files.
   */
  erase(id: number): ErasureReport {
    this.customers.require(id);
    const count = (sql: string) => this.db.get<{ n: number }>(sql, id)!.n;
    const { report, recordingFiles, attachmentHashes } = this.db.transaction(() => {
      const report: ErasureReport = {
        customer_id: id,
        phones: count("SELECT count(*) AS n FROM customer_phones WHERE customer_id = ?"),
        emails: count("SELECT count(*) AS n FROM customer_emails WHERE customer_id = ?"),
        cases: count("SELECT count(*) AS n FROM cases WHERE customer_id = ?"),
        case_notes: count(
          "SELECT count(*) AS n FROM case_notes WHERE case_id IN (SELECT id FROM cases WHERE customer_id = ?)",
        ),
        attachments: count(
          "SELECT count(*) AS n FROM case_attachments WHERE case_id IN (SELECT id FROM cases WHERE customer_id = ?)",
        ),
        interactions: count("SELECT count(*) AS n FROM interactions WHERE customer_id = ?"),
        follow_ups: count("SELECT count(*) AS n FROM follow_ups WHERE customer_id = ?"),
        recordings: 0,
        voicemails: 0,
        callbacks: 0,
        recording_files_missing: 0,
      };
      const attachmentHashes = this.db.all<{ sha256: string }>(
        "SELECT sha256 FROM case_attachments WHERE case_id IN (SELECT id FROM cases WHERE customer_id = ?)",
        id,
      ).map((r) => r.sha256);
      const recordings = this.db.all<{ id: number; path: string }>(
        `SELECT id, path FROM recordings WHERE call_id IN (${this.#callIds()})`,
        id,
        id,
      );
      report.recordings = recordings.length;
      for (const r of recordings) this.db.run("DELETE FROM recordings WHERE id = ?", r.id);
      // Voicemails hold the customer's voice and call-back requests their number; both
      // only point here (voicemails belong to the IVR), so they are cleared explicitly.
      const voicemails = this.#hasTable("voicemails")
        ? this.db.all<{ path: string | null }>(
          "SELECT path FROM voicemails WHERE customer_id = ?",
          id,
        )
        : [];
      if (voicemails.length > 0) this.db.run("DELETE FROM voicemails WHERE customer_id = ?", id);
      report.voicemails = voicemails.length;
      report.callbacks = this.callbacks.forgetCustomer(id);
      // Calls stay for the figures, but without the caller's number.
      this.db.run(
        `UPDATE calls SET caller = NULL, customer_id = NULL WHERE id IN (${this.#callIds()})`,
        id,
        id,
      );
      // Cascades remove phones, e-mails, cases (with notes, history, attachment rows),
      // interactions and follow-ups.
      this.db.run("DELETE FROM customers WHERE id = ?", id);
      const files = [...recordings.map((r) => r.path), ...voicemails.flatMap((v) => v.path ?? [])];
      return { report, recordingFiles: files, attachmentHashes };
    });
    for (const path of recordingFiles) {
      try {
        Deno.removeSync(path.startsWith("/") ? path : `${this.dataDir}/${path}`);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        report.recording_files_missing++;
      }
    }
    this.attachments.removeOrphans(attachmentHashes);
    return report;
  }

  #hasTable(name: string): boolean {
    return this.db.get(
      "SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = ?",
      name,
    ) !==
      undefined;
  }

  #callIds(): string {
    return `SELECT call_id FROM interactions WHERE customer_id = ? AND call_id IS NOT NULL
      UNION SELECT id FROM calls WHERE customer_id = ?`;
  }
}

/** The customer as someone who may not see whole phone numbers sees them. */
export function maskCustomer<T extends Pick<Customer, "phones">>(customer: T): T {
  return { ...customer, phones: customer.phones.map((p) => ({ ...p, e164: maskPhone(p.e164) })) };
}
