import { Parser } from "csv-parse";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { type ImportField, mapColumns } from "./csv_columns.ts";
import { CsvDecoder, type CsvEncoding, CsvFileError } from "./csv_decode.ts";
import type { CustomFields } from "./custom_fields.ts";
import { CrmValidationError } from "./errors.ts";
import { readRow, type Row, RowError } from "./csv_row.ts";
import type { CrmSettings } from "./settings.ts";

export interface ImportOptions {
  /** strict: any bad row and nothing is imported; lenient: good rows in, bad rows reported. */
  mode: "strict" | "lenient";
  /** Check everything, report what would happen, write nothing. */
  dryRun?: boolean;
  /** How a row finds the customer it updates. */
  key?: "phone" | "external_id";
  /** CSV header → field ("" skips the column); unmapped headers are recognised by name. */
  mapping?: Record<string, string>;
}

export interface RejectedRow {
  /** Data row number (the header is row 0). */
  row: number;
  /** Line of the file the row starts on (1-based). */
  line: number;
  reason: string;
  column?: string;
  /** The row's cells as read, so the rejected rows can be handed back as a file to fix. */
  values?: string[];
}

export interface ImportReport {
  mode: "strict" | "lenient";
  dry_run: boolean;
  key: "phone" | "external_id";
  encoding: CsvEncoding | null;
  /** The file's header row as read. */
  headers: string[];
  columns: Record<string, string>;
  ignored_columns: string[];
  rows: number;
  created: number;
  updated: number;
  rejected_count: number;
  /** The first {@link MAX_REPORTED} rejected rows, in file order. */
  rejected: RejectedRow[];
  /** Whether the changes were written (false for a dry run or a failed strict import). */
  committed: boolean;
}

const MAX_REPORTED = 1000;
/** Page cache during an import, in KiB as PRAGMA cache_size takes it (negative). */
const IMPORT_CACHE_KIB = -262_144;
class Rollback extends Error {}

/**
 * CSV import of customers: decoded as it streams in, each row checked and upserted by
 * phone or external id, all inside one transaction. A strict import that meets a bad
 * row, or any dry run, rolls the whole transaction back; a lenient one keeps each good
 * row (each in its own savepoint) and lists the bad ones.
 */
export class CustomerImporter {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly settings: CrmSettings,
    private readonly customFields: CustomFields,
  ) {}

  run(chunks: Iterable<Uint8Array>, options: ImportOptions): ImportReport {
    const key = options.key ?? "phone";
    const report: ImportReport = {
      mode: options.mode,
      dry_run: options.dryRun ?? false,
      key,
      encoding: null,
      headers: [],
      columns: {},
      ignored_columns: [],
      rows: 0,
      created: 0,
      updated: 0,
      rejected_count: 0,
      rejected: [],
      committed: false,
    };
    const country = this.settings.get().default_country;
    const defs = this.customFields.list();
    const now = isoTime(this.clock.now());
    let headers: string[] | undefined;
    let fields: (ImportField | null)[] = [];
    const reject = (
      row: number,
      line: number,
      reason: string,
      column?: string,
      values?: string[],
    ) => {
      report.rejected_count++;
      if (report.rejected.length < MAX_REPORTED) {
        report.rejected.push({ row, line, reason, column, values });
      }
    };

    let parser: Parser | undefined;
    const parserFor = (text: string) => {
      const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
      const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
      return new Parser({
        delimiter,
        bom: true,
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (error) => {
          const line = Number((error as { lines?: number } | undefined)?.lines ?? 0);
          reject(report.rows + 1, line, csvReason(error?.message ?? "unreadable row"));
        },
      });
    };
    const handle = (record: string[], endLine: number) => {
      const line = endLine - record.reduce((n, cell) => n + countNewlines(cell), 0);
      if (!headers) {
        headers = record.map((h) => h.trim());
        report.headers = headers;
        const mapped = mapColumns(headers, options.mapping, defs);
        fields = mapped.fields;
        report.ignored_columns = mapped.ignored;
        headers.forEach((h, i) => fields[i] && (report.columns[h] = fields[i]!));
        const missing = ["name", key].filter((f) => !fields.includes(f as ImportField));
        const problems = [
          ...mapped.problems,
          ...missing.map((f) =>
            `The file has no column for ${f}; name a column "${f}" or map one to it (found: ${
              headers!.join(", ")
            })`
          ),
        ];
        if (problems.length > 0) throw new CsvFileError(problems.join("; "));
        return;
      }
      report.rows++;
      const rowNo = report.rows;
      try {
        if (record.length !== headers.length) {
          throw new RowError(
            `the row has ${record.length} column${
              record.length === 1 ? "" : "s"
            }, the header has ${headers.length}` +
              (record.length < headers.length ? " (missing columns)" : " (an unquoted comma?)"),
          );
        }
        const row = readRow(record, headers, fields, country);
        const write = () => this.#upsert(row, key, now, report);
        if (options.mode === "lenient") this.db.transaction(write);
        else write();
      } catch (error) {
        if (error instanceof RowError) reject(rowNo, line, error.message, error.column, record);
        else if (error instanceof CrmValidationError) {
          reject(rowNo, line, error.message, undefined, record);
        } else throw error;
      }
    };
    const drain = () => {
      let item: { record: string[]; info: { lines: number } } | null;
      while ((item = parser!.read()) !== null) handle(item.record, item.info.lines);
      if (parser!.errored) throw new CsvFileError(csvReason(parser!.errored.message));
    };
    const feed = (text: string) => {
      if (text === "") return;
      parser ??= parserFor(text);
      parser.write(text);
      drain();
    };

    // Phones and names arrive in random order, so each row touches index pages all over
    // the file; a larger page cache for the import keeps a million-row file from
    // thrashing. The connection's usual size comes back afterwards.
    const cacheSize = this.db.get<{ cache_size: number }>("PRAGMA cache_size")!.cache_size;
    this.db.exec(`PRAGMA cache_size = ${IMPORT_CACHE_KIB}`);
    try {
      this.db.transaction(() => {
        const decoder = new CsvDecoder();
        for (const chunk of chunks) feed(decoder.push(chunk));
        feed(decoder.end());
        report.encoding = decoder.encoding ?? null;
        if (!parser) {
          throw new CsvFileError("The file is empty; it needs a header row and data rows");
        }
        parser.end();
        drain();
        if (!headers) throw new CsvFileError("The file has no header row");
        report.rejected.sort((a, b) => a.line - b.line);
        if (report.dry_run || (options.mode === "strict" && report.rejected_count > 0)) {
          throw new Rollback();
        }
      });
      report.committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    } finally {
      this.db.exec(`PRAGMA cache_size = ${Math.trunc(cacheSize)}`);
    }
    return report;
  }

  #upsert(row: Row, key: "phone" | "external_id", now: string, report: ImportReport): void {
    let existing: number | undefined;
    if (key === "external_id") {
      if (!row.external_id) throw new RowError("the external id is empty; rows are matched on it");
      existing = this.db.get<{ id: number }>(
        "SELECT id FROM customers WHERE external_id = ?",
        row.external_id,
      )?.id;
    }
    for (const phone of row.phones) {
      const owner = this.db.get<{ id: number; name: string }>(
        "SELECT c.id, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id WHERE p.e164 = ?",
        phone.e164,
      );
      if (!owner) continue;
      if (key === "phone" && existing === undefined) existing = owner.id;
      else if (owner.id !== existing) {
        throw new RowError(
          `${phone.column}: ${phone.e164} already belongs to customer ${owner.id} (${owner.name})`,
          phone.column,
        );
      }
    }
    if (key === "phone" && row.phones.length === 0) {
      throw new RowError("the row has no phone number; rows are matched on it");
    }
    for (const email of row.emails) {
      const owner = this.db.get<{ id: number; name: string }>(
        "SELECT c.id, c.name FROM customer_emails e JOIN customers c ON c.id = e.customer_id WHERE e.email = ?",
        email,
      );
      if (owner && owner.id !== existing) {
        throw new RowError(`${email} already belongs to customer ${owner.id} (${owner.name})`);
      }
    }
    if (key === "phone" && row.external_id) {
      const owner = this.db.get<{ id: number; name: string }>(
        "SELECT id, name FROM customers WHERE external_id = ?",
        row.external_id,
      );
      if (owner && owner.id !== existing) {
        throw new RowError(
          `external id ${row.external_id} already belongs to customer ${owner.id} (${owner.name})`,
        );
      }
    }
    const custom = Object.keys(row.custom).length === 0 && existing !== undefined
      ? undefined
      : this.customFields.validate(row.custom, { fromText: true, partial: existing !== undefined });

    let id: number;
    if (existing === undefined) {
      if (!row.name) throw new RowError("the name is empty; a new customer needs one");
      id = this.db.run(
        `INSERT INTO customers (external_id, name, company, vip_level, language, tags, notes, custom_fields,
           consent_recording, consent_marketing, birthday, renewal_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        row.external_id ?? null,
        row.name,
        row.company ?? "",
        row.vip_level ?? 0,
        row.language ?? "zh-CN",
        JSON.stringify([...new Set(row.tags)]),
        row.notes ?? "",
        JSON.stringify(custom ?? {}),
        row.consent_recording ?? 1,
        row.consent_marketing ?? 0,
        row.birthday ?? null,
        row.renewal_at ?? null,
        now,
        now,
      ).lastInsertRowid;
      report.created++;
    } else {
      id = existing;
      const current = this.db.get<{ tags: string; custom_fields: string }>(
        "SELECT tags, custom_fields FROM customers WHERE id = ?",
        id,
      )!;
      const set: [string, string | number][] = [];
      for (
        const f of [
          "name",
          "company",
          "external_id",
          "vip_level",
          "language",
          "notes",
          "consent_recording",
          "consent_marketing",
          "birthday",
          "renewal_at",
        ] as const
      ) {
        if (row[f] !== undefined) set.push([f, row[f]!]);
      }
      if (row.tags.length > 0) {
        set.push([
          "tags",
          JSON.stringify([...new Set([...JSON.parse(current.tags), ...row.tags])]),
        ]);
      }
      if (custom) {
        set.push([
          "custom_fields",
          JSON.stringify({ ...JSON.parse(current.custom_fields), ...custom }),
        ]);
      }
      set.push(["updated_at", now]);
      this.db.run(
        `UPDATE customers SET ${set.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`,
        ...set.map(([, v]) => v),
        id,
      );
      report.updated++;
    }
    for (const phone of row.phones) {
      this.db.run(
        "INSERT OR IGNORE INTO customer_phones (customer_id, e164, label) VALUES (?, ?, 'mobile')",
        id,
        phone.e164,
      );
    }
    for (const email of row.emails) {
      this.db.run(
        "INSERT OR IGNORE INTO customer_emails (customer_id, email) VALUES (?, ?)",
        id,
        email,
      );
    }
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** csv-parse's messages, reworded for the person who saved the file. */
function csvReason(message: string): string {
  if (/Quote Not Closed/i.test(message)) {
    return 'a quoted value is never closed (a " is missing); the rest of the file could not be read';
  }
  if (/Invalid Closing Quote/i.test(message)) {
    return 'broken quoting: text follows a closing quote; put the whole value in quotes and double any " inside';
  }
  if (/Invalid Opening Quote/i.test(message)) {
    return 'broken quoting: a " appears inside an unquoted value; quote the value and double the "';
  }
  return message;
}
