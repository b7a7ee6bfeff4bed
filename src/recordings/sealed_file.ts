import { RecordingKeyMissingError, type RecordingKeys } from "./recording_keys.ts";
import { type SealLayout, sealOnThread } from "./_sealing_thread.ts";

/**
 * Audio files sealed at rest with AES-256-GCM in independent chunks, so any byte range
 * of the plain file can be read by opening only the chunks it touches (HTTP Range keeps
 * working). Layout:
 *
 *   header, 32 bytes: "CCSEAL01" | key id u32 | chunk size u32 | plain size u64 | 8 × 0
 *   chunk i: nonce (12 random bytes) | ciphertext | tag (16 bytes)
 *
 * Every chunk but the last holds `chunk size` plain bytes. Each chunk's additional
 * authenticated data is the header and the chunk's index, so chunks cannot be swapped,
 * dropped from the middle or moved to another file, and the size cannot be altered.
 */
const MAGIC = new TextEncoder().encode("CCSEAL01");
const HEADER = 32;
const NONCE = 12;
const TAG = 16;
export const SEAL_CHUNK = 64 * 1024;
const LAYOUT: SealLayout = { magic: MAGIC, header: HEADER, nonce: NONCE, chunk: SEAL_CHUNK };

/** A sealed file that fails authentication: damaged, truncated or not ours. */
export class SealedFileError extends Error {
  override name = "SealedFileError";
}

/** True when the file starts like a sealed file. */
export async function isSealed(path: string): Promise<boolean> {
  const file = await Deno.open(path, { read: true });
  try {
    const head = new Uint8Array(MAGIC.length);
    const n = await file.read(head);
    return n === MAGIC.length && head.every((b, i) => b === MAGIC[i]);
  } finally {
    file.close();
  }
}

/**
 * The key number a sealed file names, from its first 32 bytes (or more); undefined when
 * the bytes do not start a sealed file. Lets a backup check that it holds every key its
 * recordings need without decrypting them.
 */
export function sealedKeyId(head: Uint8Array): number | undefined {
  if (head.length < HEADER || !MAGIC.every((b, i) => head[i] === b)) return undefined;
  return new DataView(head.buffer, head.byteOffset, HEADER).getUint32(8);
}

/**
 * Seals `plainPath` into `sealedPath` with the keys' current key, chunk by chunk, and
 * removes the plain file once the sealed one is on disk. The file work happens on the
 * storage thread (`_sealing_thread.ts`).
 */
export async function sealFile(
  plainPath: string,
  sealedPath: string,
  keys: RecordingKeys,
): Promise<void> {
  const { id, key } = await keys.current();
  await sealOnThread(plainPath, sealedPath, id, key, LAYOUT);
}

/** A sealed file opened for reading plain byte ranges. */
export interface SealedReader {
  /** Size of the plain file. */
  size: number;
  /** The plain bytes `start`..`end` (inclusive), streamed chunk by chunk. */
  range(start: number, end: number): ReadableStream<Uint8Array>;
  /** The whole plain file in memory. */
  readAll(): Promise<Uint8Array>;
}

/**
 * Opens a sealed file. Throws {@link RecordingKeyMissingError} when its key is gone and
 * {@link SealedFileError} when it is not a sealed file; a chunk that fails its tag fails
 * the stream with {@link SealedFileError}.
 */
export async function openSealed(path: string, keys: RecordingKeys): Promise<SealedReader> {
  const file = await Deno.open(path, { read: true });
  let header: Uint8Array<ArrayBuffer>;
  try {
    header = new Uint8Array(HEADER) as Uint8Array<ArrayBuffer>;
    const n = await readFull(file, header, 0);
    if (n < HEADER || !MAGIC.every((b, i) => header[i] === b)) {
      throw new SealedFileError(`${path} is not a sealed audio file`);
    }
  } finally {
    file.close();
  }
  const view = new DataView(header.buffer);
  const keyId = view.getUint32(8);
  const chunk = view.getUint32(12);
  const size = Number(view.getBigUint64(16));
  const key = await keys.get(keyId);
  if (!key) throw new RecordingKeyMissingError(keyId);
  const stride = NONCE + chunk + TAG;
  const readChunk = async (f: Deno.FsFile, index: number): Promise<Uint8Array> => {
    const plainLength = Math.min(chunk, size - index * chunk);
    const sealed = new Uint8Array(NONCE + plainLength + TAG);
    const n = await readFull(f, sealed, HEADER + index * stride);
    if (n < sealed.length) throw new SealedFileError(`${path} is truncated at chunk ${index}`);
    try {
      return new Uint8Array(
        await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: sealed.subarray(0, NONCE), additionalData: aad(header, index) },
          key,
          sealed.subarray(NONCE),
        ),
      );
    } catch {
      throw new SealedFileError(`${path} fails authentication at chunk ${index}`);
    }
  };
  return {
    size,
    range(start, end) {
      let f: Deno.FsFile | undefined;
      let index = Math.floor(start / chunk);
      const last = Math.floor(end / chunk);
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            f ??= await Deno.open(path, { read: true });
            if (index > last) {
              f.close();
              controller.close();
              return;
            }
            const plain = await readChunk(f, index);
            const from = index === Math.floor(start / chunk) ? start - index * chunk : 0;
            const to = index === last ? end - index * chunk + 1 : plain.length;
            index++;
            controller.enqueue(plain.subarray(from, to));
          } catch (error) {
            f?.close();
            controller.error(error);
          }
        },
        cancel() {
          f?.close();
        },
      });
    },
    async readAll() {
      const out = new Uint8Array(size);
      const f = await Deno.open(path, { read: true });
      try {
        for (let i = 0; i * chunk < size; i++) out.set(await readChunk(f, i), i * chunk);
      } finally {
        f.close();
      }
      return out;
    },
  };
}

function aad(header: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(HEADER + 4);
  data.set(header, 0);
  new DataView(data.buffer).setUint32(HEADER, index);
  return data;
}

async function readFull(file: Deno.FsFile, into: Uint8Array, at: number): Promise<number> {
  await file.seek(at, Deno.SeekMode.Start);
  let got = 0;
  while (got < into.length) {
    const n = await file.read(into.subarray(got));
    if (n === null) break;
    got += n;
  }
  return got;
}
