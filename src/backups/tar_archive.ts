/**
 * The POSIX ustar format (IEEE Std 1003.1, "pax" section, ustar interchange format): a
 * 512-byte header per file, the file's bytes padded to 512, and two zero blocks at the
 * end. Plain tar lets an admin open a backup with any tool; only regular files are
 * written or read, and names stay relative.
 *
 * @module
 */

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One regular file of an archive as the reader meets it. */
export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes, read in pieces; must be consumed or skipped before the next entry. */
  read(): AsyncIterable<Uint8Array>;
}

/** A name an archive may hold: relative, no `..`, no empty or `.` parts. */
export function safeArchiveName(name: string): boolean {
  if (!name || name.startsWith("/") || name.includes("\\") || name.includes("\0")) return false;
  return name.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

/** Writes regular files into a tar stream, one after another. */
export class TarWriter {
  constructor(private readonly out: Deno.FsFile) {}

  /** Appends the file at `path` under `name`. */
  async addFile(name: string, path: string, mtimeMs: number): Promise<void> {
    const file = await Deno.open(path, { read: true });
    try {
      const size = (await file.stat()).size;
      await writeAll(this.out, header(name, size, mtimeMs));
      let left = size;
      const buffer = new Uint8Array(64 * 1024);
      while (left > 0) {
        const n = await file.read(buffer.subarray(0, Math.min(buffer.length, left)));
        if (n === null) throw new Error(`${path} ended early while it was archived`);
        await writeAll(this.out, buffer.subarray(0, n));
        left -= n;
      }
      await writeAll(this.out, new Uint8Array(padding(size)));
    } finally {
      file.close();
    }
  }

  /** Ends the archive with its two zero blocks. */
  async finish(): Promise<void> {
    await writeAll(this.out, new Uint8Array(BLOCK * 2));
  }
}

/**
 * Reads the regular files of a tar file in order. Throws a TypeError on a header whose
 * checksum fails, a name that is not {@link safeArchiveName}, or an archive cut short.
 */
export async function* readTar(file: Deno.FsFile): AsyncGenerator<TarEntry> {
  const block = new Uint8Array(BLOCK);
  while (true) {
    if (!(await readFull(file, block))) {
      throw new TypeError("The archive ends without its end marker");
    }
    if (block.every((b) => b === 0)) return;
    const { name, size, type } = parseHeader(block);
    let consumed = false;
    const read = async function* (): AsyncIterable<Uint8Array> {
      consumed = true;
      let left = size;
      while (left > 0) {
        const piece = new Uint8Array(Math.min(64 * 1024, left));
        if (!(await readFull(file, piece))) {
          throw new TypeError(`The archive is cut short in ${name}`);
        }
        left -= piece.length;
        yield piece;
      }
      await file.seek(padding(size), Deno.SeekMode.Current);
    };
    if (type !== "0" && type !== "\0") {
      await file.seek(size + padding(size), Deno.SeekMode.Current);
      continue;
    }
    yield { name, size, read };
    if (!consumed) await file.seek(size + padding(size), Deno.SeekMode.Current);
  }
}

function header(name: string, size: number, mtimeMs: number): Uint8Array {
  if (!safeArchiveName(name)) throw new TypeError(`"${name}" cannot be stored in an archive`);
  const block = new Uint8Array(BLOCK);
  let stored = name;
  let prefix = "";
  if (encoder.encode(name).length > 100) {
    const cut = name.lastIndexOf("/", 155);
    prefix = name.slice(0, cut);
    stored = name.slice(cut + 1);
    if (cut <= 0 || encoder.encode(stored).length > 100) {
      throw new TypeError(`"${name}" is too long for an archive`);
    }
  }
  put(block, 0, 100, stored);
  put(block, 100, 8, octal(0o600, 8));
  put(block, 108, 8, octal(0, 8));
  put(block, 116, 8, octal(0, 8));
  put(block, 124, 12, octal(size, 12));
  put(block, 136, 12, octal(Math.floor(mtimeMs / 1000), 12));
  put(block, 148, 8, "        ");
  block[156] = "0".charCodeAt(0);
  put(block, 257, 6, "ustar\0");
  put(block, 263, 2, "00");
  put(block, 345, 155, prefix);
  const sum = block.reduce((a, b) => a + b, 0);
  put(block, 148, 8, octal(sum, 7) + " ");
  return block;
}

function parseHeader(block: Uint8Array): { name: string; size: number; type: string } {
  const stored = field(block, 148, 8).trim();
  const copy = block.slice();
  copy.fill(32, 148, 156);
  if (parseInt(stored, 8) !== copy.reduce((a, b) => a + b, 0)) {
    throw new TypeError("The archive has a damaged header");
  }
  const prefix = field(block, 345, 155);
  const base = field(block, 0, 100);
  const name = prefix ? `${prefix}/${base}` : base;
  const size = parseInt(field(block, 124, 12).trim() || "0", 8);
  const type = String.fromCharCode(block[156]);
  if ((type === "0" || type === "\0") && !safeArchiveName(name)) {
    throw new TypeError(`The archive holds a file outside its folder: ${name}`);
  }
  return { name, size, type };
}

function field(block: Uint8Array, at: number, length: number): string {
  const bytes = block.subarray(at, at + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function put(block: Uint8Array, at: number, length: number, text: string): void {
  block.set(encoder.encode(text).subarray(0, length), at);
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0");
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

async function readFull(file: Deno.FsFile, buffer: Uint8Array): Promise<boolean> {
  let got = 0;
  while (got < buffer.length) {
    const n = await file.read(buffer.subarray(got));
    if (n === null) return false;
    got += n;
  }
  return true;
}

async function writeAll(out: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) done += await out.write(bytes.subarray(done));
}
