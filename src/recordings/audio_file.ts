import type { RecordingKeys } from "./recording_keys.ts";
import { isSealed, openSealed, type SealedReader } from "./sealed_file.ts";

/**
 * A stored audio file as the API serves it, sealed or not (a recording still being
 * written, or one from before encryption): its plain size and any byte range of it.
 * Throws Deno.errors.NotFound for a missing file, RecordingKeyMissingError when its key
 * is gone, SealedFileError when it is damaged.
 */
export async function openAudio(
  path: string,
  keys: RecordingKeys | undefined,
): Promise<SealedReader> {
  if (await isSealed(path)) {
    if (!keys) throw new Error("A sealed recording cannot be read without the key directory");
    return await openSealed(path, keys);
  }
  const size = (await Deno.stat(path)).size;
  return {
    size,
    range: (start, end) => plainRange(path, start, end),
    readAll: () => Deno.readFile(path),
  };
}

function plainRange(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  let file: Deno.FsFile | undefined;
  let left = end - start + 1;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!file) {
        file = await Deno.open(path, { read: true });
        await file.seek(start, Deno.SeekMode.Start);
      }
      if (left <= 0) {
        file.close();
        controller.close();
        return;
      }
      const buffer = new Uint8Array(Math.min(64 * 1024, left));
      const n = await file.read(buffer);
      if (n === null || n === 0) {
        file.close();
        controller.close();
        return;
      }
      left -= n;
      controller.enqueue(buffer.subarray(0, n));
    },
    cancel() {
      file?.close();
    },
  });
}
