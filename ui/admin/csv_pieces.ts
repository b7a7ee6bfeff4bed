/**
 * A customer file cut into pieces the API takes one at a time (it reads at most 1 MiB a
 * request), so a large file can be sent with a progress bar. Each piece repeats the
 * header row, and cuts fall only between records: a line break inside quotes stays. The
 * bytes are never decoded here; in UTF-8 and GBK alike `"` and a line feed never occur
 * inside a multi-byte character, so the scan works on either encoding.
 *
 * @module
 */

const QUOTE = 0x22;
const LF = 0x0a;

/** One request's worth of a file. */
export interface CsvPiece {
  /** The header row followed by whole records. */
  bytes: Uint8Array<ArrayBuffer>;
  /** The line of the whole file this piece's first record starts on (1-based). */
  firstLine: number;
  /** How many bytes of the file's records this piece carries, for the progress bar. */
  recordBytes: number;
}

/** Cuts `file` into pieces of about `maxBytes` (a record longer than that is one piece). */
export function splitCsv(file: Uint8Array, maxBytes: number): CsvPiece[] {
  const headerEnd = nextRecordEnd(file, 0);
  const header = file.subarray(0, headerEnd);
  const headerLines = countLines(header);
  const pieces: CsvPiece[] = [];
  let start = headerEnd;
  let line = headerLines + 1;
  if (start >= file.length) return [{ bytes: copy(header), firstLine: line, recordBytes: 0 }];
  while (start < file.length) {
    let end = nextRecordEnd(file, start);
    while (end < file.length && end - start + header.length < maxBytes) {
      const next = nextRecordEnd(file, end);
      if (next - start + header.length > maxBytes) break;
      end = next;
    }
    const bytes = new Uint8Array(header.length + end - start);
    bytes.set(header);
    bytes.set(file.subarray(start, end), header.length);
    pieces.push({ bytes, firstLine: line, recordBytes: end - start });
    line += countLines(file.subarray(start, end));
    start = end;
  }
  return pieces;
}

/** The index just past the line feed that ends the record starting at `from`. */
function nextRecordEnd(file: Uint8Array, from: number): number {
  let quoted = false;
  for (let i = from; i < file.length; i++) {
    const b = file[i];
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF && !quoted) return i + 1;
  }
  return file.length;
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === LF) n++;
  return n;
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** A rejected row as the import screen keeps it: where it was in the file, and why. */
export interface RejectedLine {
  row: number;
  line: number;
  reason: string;
  column?: string;
  values?: string[];
}

/**
 * The rejected rows as a CSV file to fix and import again: the file's own columns, then
 * the line the row was on and why it was refused (the importer ignores those two
 * columns). UTF-8 with a BOM, so Excel opens Chinese text correctly.
 */
export function rejectedCsv(
  headers: string[],
  rows: RejectedLine[],
  labels: { line: string; reason: string },
): string {
  const lines = [[...headers, labels.line, labels.reason]];
  for (const r of rows) {
    const values = r.values ?? [];
    const cells = headers.map((_, i) => values[i] ?? "");
    lines.push([...cells, String(r.line), r.reason]);
  }
  return "\ufeff" + lines.map((l) => l.map(cell).join(",")).join("\r\n") + "\r\n";
}

/**
 * One CSV cell, quoted when it must be. A leading =, +, - or @ is prefixed with ' so a
 * spreadsheet shows the text instead of running it as a formula, as the server's exports
 * do; numbers and phone numbers such as +86 138… stay as they are.
 */
function cell(value: string): string {
  const formula = /^[=+\-@\t\r]/.test(value) && !/^[+-]?[\d(][\d\s().;+-]*$/.test(value);
  const safe = formula ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
