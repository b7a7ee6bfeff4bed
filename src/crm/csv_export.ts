import { stringify } from "csv-stringify/sync";
import type { Database } from "../db/mod.ts";
import type { CustomFields } from "./custom_fields.ts";

const BATCH = 2000;
const encoder = new TextEncoder();

/**
 * Exports as CSV streams: keyset pages of {@link BATCH} rows, so a million customers
 * never sit in memory at once. Files start with a UTF-8 BOM because that is how
 * Excel recognises UTF-8 (Chinese text opens garbled without it).
 */
export class CsvExports {
  constructor(private readonly db: Database, private readonly customFields: CustomFields) {}

  customers(): ReadableStream<Uint8Array> {
    const custom = this.customFields.list().map((d) => d.key);
    const header = [
      "id",
      "external_id",
      "name",
      "company",
      "phones",
      "emails",
      "vip_level",
      "language",
      "tags",
      "notes",
      "consent_recording",
      "consent_marketing",
      "birthday",
      "renewal_at",
      ...custom.map((k) => `custom.${k}`),
      "created_at",
      "updated_at",
    ];
    return this.#stream(header, (after) =>
      this.db.all<Record<string, string | number | null>>(
        `SELECT c.*,
           (SELECT group_concat(e164, ';') FROM customer_phones p WHERE p.customer_id = c.id) AS phones,
           (SELECT group_concat(email, ';') FROM customer_emails e WHERE e.customer_id = c.id) AS emails
         FROM customers c WHERE c.id > ? ORDER BY c.id LIMIT ?`,
        after,
        BATCH,
      ).map((r) => {
        const fields = JSON.parse(String(r.custom_fields)) as Record<string, unknown>;
        return [
          r.id,
          r.external_id,
          r.name,
          r.company,
          r.phones,
          r.emails,
          r.vip_level,
          r.language,
          (JSON.parse(String(r.tags)) as string[]).join(";"),
          r.notes,
          r.consent_recording ? "yes" : "no",
          r.consent_marketing ? "yes" : "no",
          r.birthday,
          r.renewal_at,
          ...custom.map((k) => fields[k] ?? ""),
          r.created_at,
          r.updated_at,
        ];
      }));
  }

  cases(): ReadableStream<Uint8Array> {
    const header = [
      "id",
      "customer_id",
      "customer",
      "subject",
      "category",
      "priority",
      "status",
      "tier",
      "assignee",
      "due_at",
      "created_at",
      "updated_at",
      "escalated_at",
      "resolved_at",
    ];
    return this.#stream(header, (after) =>
      this.db.all<Record<string, string | number | null>>(
        `SELECT k.id, k.customer_id, c.name AS customer, k.subject, k.category, k.priority, k.status,
           k.tier, u.username AS assignee, k.due_at, k.created_at, k.updated_at, k.escalated_at,
           k.resolved_at
         FROM cases k JOIN customers c ON c.id = k.customer_id
         LEFT JOIN users u ON u.id = k.assignee_id
         WHERE k.id > ? ORDER BY k.id LIMIT ?`,
        after,
        BATCH,
      ).map((r) => header.map((h) => r[h])));
  }

  interactions(period: { from?: string; to?: string } = {}): ReadableStream<Uint8Array> {
    const header = [
      "id",
      "customer_id",
      "channel",
      "direction",
      "started_at",
      "answered_at",
      "ended_at",
      "queue",
      "agent",
      "case_id",
      "category",
      "disposition",
      "call_id",
      "notes",
    ];
    return this.#stream(header, (after) =>
      this.db.all<Record<string, string | number | null>>(
        `SELECT i.id, i.customer_id, i.channel, i.direction, i.started_at, i.answered_at, i.ended_at,
           q.name AS queue, u.username AS agent, i.case_id, i.category, d.code AS disposition,
           i.call_id, i.notes
         FROM interactions i LEFT JOIN queues q ON q.id = i.queue_id
         LEFT JOIN users u ON u.id = i.agent_id LEFT JOIN dispositions d ON d.id = i.disposition_id
         WHERE i.id > ? AND (? IS NULL OR i.started_at >= ?) AND (? IS NULL OR i.started_at < ?)
         ORDER BY i.id LIMIT ?`,
        after,
        period.from ?? null,
        period.from ?? null,
        period.to ?? null,
        period.to ?? null,
        BATCH,
      ).map((r) => header.map((h) => r[h])));
  }

  #stream(header: string[], page: (afterId: number) => unknown[][]): ReadableStream<Uint8Array> {
    let after = 0;
    let started = false;
    return new ReadableStream({
      pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode("\ufeff" + stringify([header])));
        }
        const rows = page(after);
        if (rows.length === 0) return controller.close();
        after = Number(rows.at(-1)![0]);
        controller.enqueue(encoder.encode(stringify(rows.map((r) => r.map(safeCell)))));
      },
    });
  }
}

/**
 * Spreadsheets run cells that start with =, +, - or @ as formulas, so such text is
 * prefixed with ' — except plain numbers and E.164 phone numbers, which are harmless.
 */
export function safeCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d.;+]*$/.test(text)) return `'${text}`;
  return text;
}
