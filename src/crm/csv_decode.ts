/**
 * Turns the bytes of a CSV file into text. Excel writes UTF-8 with a BOM when asked
 * for "CSV UTF-8", UTF-16 for "Unicode text", and the system code page otherwise —
 * GBK (read as its superset GB18030) on Chinese Windows. Without a BOM, text that is
 * not valid UTF-8 is taken to be GBK.
 */

export type CsvEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "gbk";

/** A file whose bytes cannot be read as text; nothing was imported. */
export class CsvFileError extends Error {
  override name = "CsvFileError";
}

/** How much of the start of a file decides its encoding. */
const SNIFF_BYTES = 1024 * 1024;

/** Decodes a stream of byte chunks to text chunks, choosing the encoding from the start. */
export class CsvDecoder {
  #decoder: TextDecoder | undefined;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #offset = 0;
  encoding: CsvEncoding | undefined;

  /** Feeds bytes; returns the text decoded so far (may be empty while sniffing). */
  push(chunk: Uint8Array): string {
    if (this.#decoder) return this.#decode(chunk, true);
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes < SNIFF_BYTES) return "";
    return this.#start();
  }

  /** Ends the input; returns the remaining text. */
  end(): string {
    const text = this.#decoder ? "" : this.#start();
    return text + this.#decode(new Uint8Array(), false);
  }

  #start(): string {
    const head = concat(this.#pending);
    this.#pending = [];
    this.encoding = detect(head);
    const label = this.encoding === "gbk"
      ? "gb18030"
      : this.encoding === "utf-16le"
      ? "utf-16le"
      : "utf-8";
    // The decoders drop a BOM themselves (ignoreBOM is false by default).
    this.#decoder = new TextDecoder(label, { fatal: true });
    return this.#decode(head, true);
  }

  #decode(chunk: Uint8Array, stream: boolean): string {
    try {
      const text = this.#decoder!.decode(chunk, { stream });
      this.#offset += chunk.length;
      return text;
    } catch {
      throw new CsvFileError(
        `The file is not valid ${this.encoding} text after byte ${this.#offset}; ` +
          "save it again as CSV UTF-8 (or CSV from Chinese Excel, GBK) and retry",
      );
    }
  }
}

/** Decodes a whole file at once. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const decoder = new CsvDecoder();
  const text = decoder.push(bytes) + decoder.end();
  return { text, encoding: decoder.encoding! };
}

function detect(head: Uint8Array): CsvEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8-bom";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "gbk";
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
