/**
 * Recording files written on a thread of their own. Every recording appends a batch of
 * audio a few times a second; on the event loop each append cost an asynchronous write
 * (and used to cost a seek too), together the largest file cost per call under load and
 * all of it competing with media pacing. Here the writes of every open recording made in
 * one turn go to a worker in one message (buffers transferred, not copied), the worker
 * writes them with plain blocking calls, and answers once per message.
 *
 * The worker starts with the first open file and ends with the last one closed, so an idle
 * process (or a test) keeps no thread alive.
 *
 * @module
 */

import type { WavSink } from "./wav.ts";
import { threadFromSource, ThreadHolds } from "../threads/mod.ts";

type Op =
  | { seq: number; kind: "open"; file: number; path: string }
  | { seq: number; kind: "write"; file: number; bytes: Uint8Array }
  | { seq: number; kind: "writeAt"; file: number; offset: number; bytes: Uint8Array }
  | { seq: number; kind: "close"; file: number };

type Reply = [seq: number, error: string | null];

/**
 * The worker's whole program. It is sent as source text (a function's text, run in the
 * worker) rather than as a module file, so a compiled executable needs no extra file.
 */
function writerThread(): void {
  const files = new Map<number, { handle: Deno.FsFile; position: number; end: number }>();
  const writeAll = (f: { handle: Deno.FsFile; position: number }, bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) done += f.handle.writeSync(bytes.subarray(done));
    f.position += bytes.length;
  };
  const seek = (f: { handle: Deno.FsFile; position: number }, to: number) => {
    if (f.position === to) return;
    f.handle.seekSync(to, Deno.SeekMode.Start);
    f.position = to;
  };
  // deno-lint-ignore no-explicit-any
  const scope = self as any;
  scope.onmessage = (event: MessageEvent<Op[]>) => {
    const replies: Reply[] = [];
    for (const op of event.data) {
      try {
        if (op.kind === "open") {
          const handle = Deno.openSync(op.path, { write: true, create: true, truncate: true });
          files.set(op.file, { handle, position: 0, end: 0 });
        } else {
          const f = files.get(op.file);
          if (!f) throw new Error("The recording file is not open");
          if (op.kind === "write") {
            seek(f, f.end);
            writeAll(f, op.bytes);
            f.end += op.bytes.length;
          } else if (op.kind === "writeAt") {
            seek(f, op.offset);
            writeAll(f, op.bytes);
            f.end = Math.max(f.end, op.offset + op.bytes.length);
          } else {
            files.delete(op.file);
            f.handle.close();
          }
        }
        replies.push([op.seq, null]);
      } catch (error) {
        replies.push([op.seq, error instanceof Error ? error.message : String(error)]);
      }
    }
    scope.postMessage(replies);
  };
}

/** Distributive Omit, so each kind of op keeps its own fields. */
type OpInit = Op extends infer T ? T extends Op ? Omit<T, "seq"> : never : never;

class WriterThread {
  #worker: Worker | undefined;
  #openFiles = 0;
  #nextFile = 1;
  #seq = 0;
  #outbox: Op[] = [];
  #transfer: ArrayBuffer[] = [];
  #waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #holds = new ThreadHolds();

  /** Keeps the thread, once started, between recordings until the release is called. */
  hold(): () => void {
    return this.#holds.take(() => this.#stopWhenIdle());
  }

  newFileId(): number {
    return this.#nextFile++;
  }

  submit(op: OpInit): Promise<void> {
    const seq = ++this.#seq;
    if (op.kind === "open") this.#openFiles++;
    const full = { ...op, seq } as Op;
    if ("bytes" in full) {
      // Transferring moves the buffer to the worker without a copy; only whole buffers
      // that nobody else views can go, so copy the rest (the WAV header updates).
      const bytes = full.bytes;
      if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
        full.bytes = bytes.slice();
      }
      this.#transfer.push(full.bytes.buffer as ArrayBuffer);
    }
    this.#outbox.push(full);
    this.#flushTimer ??= setTimeout(() => this.#flush(), 0);
    return new Promise((resolve, reject) => this.#waiting.set(seq, { resolve, reject }));
  }

  #flush(): void {
    this.#flushTimer = undefined;
    const ops = this.#outbox;
    const transfer = this.#transfer;
    this.#outbox = [];
    this.#transfer = [];
    this.#thread().postMessage(ops, transfer);
  }

  #thread(): Worker {
    if (!this.#worker) {
      this.#worker = threadFromSource<Reply[]>(writerThread, "recording writer", {
        onMessage: (replies) => this.#replies(replies),
        onFailure: (error) => this.#fail(error),
      });
    }
    return this.#worker;
  }

  #replies(replies: Reply[]): void {
    for (const [seq, error] of replies) {
      const waiter = this.#waiting.get(seq);
      this.#waiting.delete(seq);
      if (error === null) waiter?.resolve();
      else waiter?.reject(new Error(error));
    }
    this.#stopWhenIdle();
  }

  /** A close op was answered: the thread ends once nothing is open or on its way. */
  closed(): void {
    this.#openFiles--;
    this.#stopWhenIdle();
  }

  #stopWhenIdle(): void {
    if (this.#holds.held) return;
    if (this.#openFiles > 0 || this.#waiting.size > 0 || this.#outbox.length > 0) return;
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #fail(error: Error): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }
}

let shared: WriterThread | undefined;

/**
 * Keeps the recording writer thread, once a recording has started it, until the returned
 * function is called. Without a hold it stops whenever no recording is open, which at
 * tens of short calls a second meant starting a thread for nearly every call.
 */
export function holdRecordingThread(): () => void {
  shared ??= new WriterThread();
  return shared.hold();
}

/**
 * Creates (or truncates) `path` on the writer thread and returns a sink for it. Rejects
 * when the file cannot be created.
 */
export async function threadFileSink(path: string): Promise<WavSink> {
  const thread = shared ??= new WriterThread();
  const file = thread.newFileId();
  try {
    await thread.submit({ kind: "open", file, path });
  } catch (error) {
    thread.closed();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    write: (bytes) => thread.submit({ kind: "write", file, bytes }),
    writeAt: (offset, bytes) => thread.submit({ kind: "writeAt", file, offset, bytes }),
    close: () => closing ??= thread.submit({ kind: "close", file }).finally(() => thread.closed()),
  };
}
