/**
 * Sealing closed recordings and voicemails on the storage thread (src/threads), beside the
 * recording writer and the WAL checkpoints. On the event loop a seal was a dozen
 * asynchronous file operations per call (open, stat, reads, writes, `fsync`, rename,
 * remove), each one a turn of the loop that answers INVITEs and each one a task on the
 * runtime's blocking pool: about a tenth of the loop's busy time at 200 calls/s
 * (decision 049). Here the whole seal is one message out and one answer back, and the
 * thread does the file work with plain blocking calls; only the encryption is awaited.
 *
 * Seals do not wait for each other. The job starts with the first seal and ends when none
 * is waiting, unless someone holds it ({@link holdSealingThread}).
 *
 * @module
 */
import { type JobPort, storageThread, ThreadHolds, type ThreadJob } from "../threads/mod.ts";

/** How a sealed file is laid out, as `sealed_file.ts` reads it back. */
export interface SealLayout {
  /** The first bytes of every sealed file. */
  magic: Uint8Array;
  /** Header length: magic, key id u32, chunk size u32, plain size u64, then zeros. */
  header: number;
  nonce: number;
  /** Plain bytes per chunk (every chunk but the last). */
  chunk: number;
}

interface SealRequest {
  seq: number;
  plain: string;
  sealed: string;
  keyId: number;
  key: CryptoKey;
  layout: SealLayout;
}

interface SealAnswer {
  seq: number;
  error: string | null;
}

/**
 * The job's whole program, sent as source text (see `SharedThread`): it imports nothing.
 * The sealed file is written beside its final name and renamed once it is on disk; the
 * plain file goes only after that.
 */
function sealingJob(port: JobPort): void {
  const writeAll = (file: Deno.FsFile, bytes: Uint8Array) => {
    for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
  };
  const seal = async ({ plain, sealed, keyId, key, layout }: SealRequest) => {
    const input = Deno.openSync(plain, { read: true });
    const temp = `${sealed}.partial`;
    let out: Deno.FsFile | undefined;
    try {
      const size = input.statSync().size;
      const header = new Uint8Array(layout.header);
      header.set(layout.magic, 0);
      const view = new DataView(header.buffer);
      view.setUint32(8, keyId);
      view.setUint32(12, layout.chunk);
      view.setBigUint64(16, BigInt(size));
      out = Deno.openSync(temp, { write: true, create: true, truncate: true, mode: 0o600 });
      writeAll(out, header);
      const buffer = new Uint8Array(layout.chunk);
      for (let index = 0, left = size; left > 0; index++) {
        const want = Math.min(layout.chunk, left);
        for (let got = 0; got < want;) {
          const n = input.readSync(buffer.subarray(got, want));
          if (n === null || n === 0) throw new Error(`${plain} ended early`);
          got += n;
        }
        // Each chunk is bound to the header and its index, so chunks cannot be moved.
        const additionalData = new Uint8Array(layout.header + 4);
        additionalData.set(header, 0);
        new DataView(additionalData.buffer).setUint32(layout.header, index);
        const iv = crypto.getRandomValues(new Uint8Array(layout.nonce));
        const encrypted = await crypto.subtle.encrypt(
          { name: "AES-GCM", iv, additionalData },
          key,
          buffer.subarray(0, want),
        );
        writeAll(out, iv);
        writeAll(out, new Uint8Array(encrypted));
        left -= want;
      }
      // Awaited, not blocking: an fsync takes milliseconds on a busy disk, and the recording
      // writer's next open (a new call) waits behind whatever blocks this thread.
      await out.sync();
    } finally {
      out?.close();
      input.close();
    }
    Deno.renameSync(temp, sealed);
    Deno.removeSync(plain);
  };
  // Seals overlap while they wait for the disk, as one call's does not wait for another's.
  port.onmessage = (request: SealRequest) => {
    seal(request).then(
      () => port.postMessage({ seq: request.seq, error: null } satisfies SealAnswer),
      (error) =>
        port.postMessage(
          {
            seq: request.seq,
            error: error instanceof Error ? error.message : String(error),
          } satisfies SealAnswer,
        ),
    );
  };
}

class SealingThread {
  #job: ThreadJob<SealRequest> | undefined;
  #seq = 0;
  readonly #waiting = new Map<number, PromiseWithResolvers<void>>();
  readonly #holds = new ThreadHolds();

  hold(): () => void {
    return this.#holds.take(() => this.#endWhenIdle());
  }

  seal(request: Omit<SealRequest, "seq">): Promise<void> {
    const seq = ++this.#seq;
    const waiter = Promise.withResolvers<void>();
    this.#waiting.set(seq, waiter);
    this.#job ??= storageThread().start<SealRequest, SealAnswer>(sealingJob, {
      onMessage: (answer) => this.#answered(answer),
      onFailure: (error) => this.#fail(error),
    });
    this.#job.postMessage({ ...request, seq });
    return waiter.promise;
  }

  #answered({ seq, error }: SealAnswer): void {
    const waiter = this.#waiting.get(seq);
    this.#waiting.delete(seq);
    if (error === null) waiter?.resolve();
    else waiter?.reject(new Error(error));
    this.#endWhenIdle();
  }

  #endWhenIdle(): void {
    if (this.#holds.held || this.#waiting.size > 0) return;
    this.#job?.end();
    this.#job = undefined;
  }

  #fail(error: Error): void {
    this.#job = undefined;
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }
}

let shared: SealingThread | undefined;

/** Seals `plain` into `sealed` on the storage thread with the key given. */
export function sealOnThread(
  plain: string,
  sealed: string,
  keyId: number,
  key: CryptoKey,
  layout: SealLayout,
): Promise<void> {
  shared ??= new SealingThread();
  return shared.seal({ plain, sealed, keyId, key, layout });
}

/**
 * Keeps the sealing job, once a seal has started it, until the returned function is
 * called. Without a hold it ends whenever no seal is waiting, which at tens of short calls
 * a second meant starting it again for nearly every call.
 */
export function holdSealingThread(): () => void {
  shared ??= new SealingThread();
  return shared.hold();
}
