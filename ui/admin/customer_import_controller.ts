import type { ReactiveController, ReactiveControllerHost } from "lit";
import { type ApiClient, ApiError } from "../common/api_client.ts";
import { rejectedCsv, type RejectedLine, splitCsv } from "./csv_pieces.ts";

/** How the admin asked for the file to be imported. */
export interface ImportChoice {
  /** strict: nothing is written if any row is refused; lenient: good rows go in. */
  mode: "strict" | "lenient";
  /** How a row finds the customer it updates. */
  key: "phone" | "external_id";
  /** Check every row and write nothing. */
  dryRun: boolean;
}

/** What `POST /customers/import` answers under `report`. */
interface ImportReport {
  headers?: string[];
  ignored_columns: string[];
  encoding: string | null;
  rows: number;
  created: number;
  updated: number;
  rejected_count: number;
  rejected: RejectedLine[];
  committed: boolean;
}

/** The whole file's outcome, added up over its pieces. */
export interface ImportSummary {
  dryRun: boolean;
  mode: "strict" | "lenient";
  headers: string[];
  ignoredColumns: string[];
  rows: number;
  created: number;
  updated: number;
  rejectedCount: number;
  /** Rejected rows with line and row numbers of the whole file. */
  rejected: RejectedLine[];
  /** Whether anything was written. */
  committed: boolean;
  /**
   * A strict import of a file sent in several pieces checks them all first; set when
   * that check found bad rows, so nothing was written.
   */
  stoppedAfterCheck: boolean;
}

/** The API reads at most 1 MiB a request; pieces stay well under it for a smooth bar. */
export const PIECE_BYTES = 256 * 1024;

/**
 * Imports a customer file through the API piece by piece, keeping the progress, the
 * added-up report and its rejected rows for the screen. A strict import of a file that
 * needs several requests is checked whole (a dry run of every piece) before any piece is
 * written, so "nothing if any row is bad" still holds.
 */
export class CustomerImportController implements ReactiveController {
  /** Bytes of records done out of all there are to do (a strict check counts twice). */
  progress: { done: number; total: number } | null = null;
  summary: ImportSummary | null = null;
  error: string | null = null;
  busy = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "upload">,
    private readonly pieceBytes = PIECE_BYTES,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /**
   * Imports (or dry-runs) `file`; the outcome is left in {@link summary} or {@link error}.
   * The last outcome is cleared before the file is read, so a result on screen always
   * belongs to the run the admin asked for last.
   */
  async run(file: Uint8Array | Blob, choice: ImportChoice): Promise<void> {
    this.busy = true;
    this.error = null;
    this.summary = null;
    this.progress = null;
    this.host.requestUpdate();
    try {
      const bytes = file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
      const pieces = splitCsv(bytes, this.pieceBytes);
      const recordBytes = pieces.reduce((n, p) => n + p.recordBytes, 0) || 1;
      const checkFirst = !choice.dryRun && choice.mode === "strict" && pieces.length > 1;
      this.progress = { done: 0, total: recordBytes * (checkFirst ? 2 : 1) };
      this.host.requestUpdate();
      if (checkFirst) {
        const check = await this.#pass(pieces, { ...choice, dryRun: true });
        if (check.rejectedCount > 0) {
          this.summary = { ...check, dryRun: false, stoppedAfterCheck: true };
          return;
        }
      }
      this.summary = await this.#pass(pieces, choice);
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : String(error);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** The rejected rows as a CSV file to fix, or null when there are none. */
  rejectedFile(labels: { line: string; reason: string }): string | null {
    const s = this.summary;
    if (!s || s.rejected.length === 0) return null;
    return rejectedCsv(s.headers, s.rejected, labels);
  }

  async #pass(
    pieces: ReturnType<typeof splitCsv>,
    choice: ImportChoice,
  ): Promise<ImportSummary> {
    const sum: ImportSummary = {
      dryRun: choice.dryRun,
      mode: choice.mode,
      headers: [],
      ignoredColumns: [],
      rows: 0,
      created: 0,
      updated: 0,
      rejectedCount: 0,
      rejected: [],
      committed: false,
      stoppedAfterCheck: false,
    };
    const query = new URLSearchParams({ mode: choice.mode, key: choice.key });
    if (choice.dryRun) query.set("dry_run", "1");
    const firstDataLine = pieces[0].firstLine;
    for (const piece of pieces) {
      const { report } = await this.api.upload<{ report: ImportReport }>(
        `/customers/import?${query}`,
        new Blob([piece.bytes], { type: "text/csv" }),
        "text/csv",
        { answerStatuses: [422] },
      );
      if (sum.headers.length === 0) {
        sum.headers = report.headers ?? [];
        sum.ignoredColumns = report.ignored_columns;
      }
      for (const r of report.rejected) {
        sum.rejected.push({
          ...r,
          row: r.row + sum.rows,
          line: r.line > 0 ? r.line - firstDataLine + piece.firstLine : r.line,
        });
      }
      sum.rows += report.rows;
      sum.created += report.created;
      sum.updated += report.updated;
      sum.rejectedCount += report.rejected_count;
      sum.committed ||= report.committed;
      this.progress!.done += piece.recordBytes;
      this.host.requestUpdate();
    }
    return sum;
  }
}
