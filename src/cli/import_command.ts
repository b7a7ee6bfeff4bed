import { SystemClock } from "../clock/mod.ts";
import type { Config } from "../config/mod.ts";
import { Database, DATABASE_FILE } from "../db/mod.ts";
import { Crm, CsvFileError } from "../crm/mod.ts";

export const IMPORT_HELP =
  `Usage: callcenter import FILE [--mode strict|lenient] [--dry-run] [--key phone|external_id]
                          [--mapping JSON] [--data DIR]

Imports customers from a CSV file (UTF-8, UTF-8 with BOM, or GBK from Chinese Excel),
streaming it from disk, so files of any size work. Rows are matched to existing
customers by phone (default) or external id and updated; others are created.
  --mode strict    (default) one bad row and nothing is imported
  --mode lenient   good rows are imported, bad rows listed
  --dry-run        check every row and report, write nothing
  --mapping JSON   header → field, e.g. '{"手机":"phone","客户":"name"}'`;

const CHUNK = 1024 * 1024;

/** Reads a file in chunks without loading it whole. */
function* chunks(path: string): Generator<Uint8Array> {
  const file = Deno.openSync(path, { read: true });
  try {
    const buffer = new Uint8Array(CHUNK);
    for (;;) {
      const n = file.readSync(buffer);
      if (n === null) return;
      yield buffer.slice(0, n);
    }
  } finally {
    file.close();
  }
}

/** `callcenter import FILE`: returns the exit code (1 when rows were refused or nothing written). */
export function runImport(
  config: Config,
  file: string | undefined,
  values: Record<string, string | boolean | undefined>,
  out: (line: string) => void,
): number {
  if (!file) {
    out(IMPORT_HELP);
    return 2;
  }
  const mode = values.mode ?? "strict";
  const key = values.key ?? "phone";
  if (mode !== "strict" && mode !== "lenient") {
    out(`--mode must be strict or lenient, not "${mode}"`);
    return 2;
  }
  if (key !== "phone" && key !== "external_id") {
    out(`--key must be phone or external_id, not "${key}"`);
    return 2;
  }
  let mapping: Record<string, string> | undefined;
  if (typeof values.mapping === "string") {
    try {
      mapping = JSON.parse(values.mapping);
    } catch {
      out(`--mapping must be a JSON object such as '{"手机":"phone"}'`);
      return 2;
    }
  }
  Deno.mkdirSync(config.dataDir, { recursive: true });
  const db = new Database(`${config.dataDir}/${DATABASE_FILE}`);
  try {
    db.migrate();
    const crm = new Crm({ db, clock: new SystemClock(), dataDir: config.dataDir });
    const started = performance.now();
    const report = crm.importCustomers(chunks(file), {
      mode,
      key,
      dryRun: values["dry-run"] === true,
      mapping,
    });
    for (const r of report.rejected) out(`row ${r.row} (line ${r.line}): ${r.reason}`);
    if (report.rejected_count > report.rejected.length) {
      out(`… and ${report.rejected_count - report.rejected.length} more rejected rows`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out(
      `${report.rows} rows (${report.encoding}) in ${seconds} s: ${report.created} created, ` +
        `${report.updated} updated, ${report.rejected_count} rejected; ` +
        (report.committed
          ? "written"
          : report.dry_run
          ? "dry run, nothing written"
          : "nothing written"),
    );
    return report.committed && report.rejected_count === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof CsvFileError || error instanceof Deno.errors.NotFound) {
      out(error instanceof CsvFileError ? error.message : `No file ${file}`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}
