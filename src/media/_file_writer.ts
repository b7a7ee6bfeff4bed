/**
 * Recording files written off the event loop, on the storage thread (src/threads) that the
 * WAL checkpoints share. Every recording appends a batch of
 * audio a few times a second; on the event loop each append cost an asynchronous write
 * (and used to cost a seek too), together the largest file cost per call under load and
 * all of it competing with media pacing. Here the writes of every open recording made in
 * a tenth of a second go to the thread in one message (copied into one buffer), the job
 * writes them with plain blocking calls, and answers once per message. Opening and
 * closing a file go at once. Calls are performed in the order they are made, so a
 * recording issues them without waiting for each answer.
 *
 * The job starts with the first open file and ends with the last one closed, so an idle
 * process (or a test) keeps no thread alive.
 *
 * @module
 */

import type { WavSink } from "./wav.ts";
import { type JobPort, storageThread, ThreadHolds, type ThreadJob } from "../threads/mod.ts";

/** Written bytes travel in the message's `audio` buffer: `length` bytes from `from`. */
type Op =
  | { seq: number; kind: "open"; file: number; path: string }
  | { seq: number; kind: "write"; file: number; from: number; length: number }
  | {
    seq: number;
    kind: "writeAt";
    file: number;
    offset: number;
    from: number;
    length: number;
  }
  | { seq: number; kind: "close"; file: number }
  | { seq: number; kind: "hash"; path: string };

/** One message to the writer thread. */
interface Batch {
  ops: Op[];
  audio: Uint8Array | null;
}

/** A file's length and hex SHA-256. */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

type Reply = [seq: number, error: string | null, digest?: FileDigest];

/**
 * The answer to one message: every op up to `through` is done, and `answers` lists the
 * ones with something to say (a failure, a digest). An answer per write was a small
 * array per batch of audio, made on one thread and read on the other.
 */
interface Done {
  through: number;
  answers: Reply[];
}

/**
 * The job's whole program. It is sent as source text (a function's text, run on the
 * thread) rather than as a module file, so a compiled executable needs no extra file.
 */
function writerThread(port: JobPort): void {
  const files = new Map<
    number,
    { handle: Deno.FsFile; position: number; end: number; failed?: string }
  >();
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
  // Hashing a closed recording (reading it back) is file work too, kept off the event loop.
  type Hash = { update(bytes: Uint8Array): void; digest(encoding: "hex"): string };
  let createHash: ((algorithm: "sha256") => Hash) | undefined;
  const ready = import("node:crypto").then((m) => {
    createHash = m.createHash as unknown as typeof createHash;
  }, () => {});
  const digest = (path: string) => {
    if (!createHash) throw new Error("SHA-256 is not available on the recording thread");
    const hash = createHash("sha256");
    const chunk = new Uint8Array(256 * 1024);
    const file = Deno.openSync(path, { read: true });
    let bytes = 0;
    try {
      for (;;) {
        const n = file.readSync(chunk);
        if (n === null || n === 0) break;
        hash.update(chunk.subarray(0, n));
        bytes += n;
      }
    } finally {
      file.close();
    }
    return { bytes, sha256: hash.digest("hex") };
  };
  // Messages wait for the hash module once, in order, so no write overtakes another.
  let queue: Promise<void> = ready;
  port.onmessage = (batch: Batch) => {
    queue = queue.then(() => handle(batch));
  };
  const handle = ({ ops, audio }: Batch) => {
    const answers: Reply[] = [];
    const bytesOf = (op: { from: number; length: number }) =>
      audio!.subarray(op.from, op.from + op.length);
    for (const op of ops) {
      try {
        if (op.kind === "hash") {
          answers.push([op.seq, null, digest(op.path)]);
          continue;
        }
        if (op.kind === "open") {
          // The folder too (a new day's, say): on the event loop that was an asynchronous
          // mkdir per call, a task on the runtime's blocking pool (decision 049).
          const folder = op.path.slice(0, op.path.lastIndexOf("/"));
          if (folder) Deno.mkdirSync(folder, { recursive: true });
          const handle = Deno.openSync(op.path, { write: true, create: true, truncate: true });
          files.set(op.file, { handle, position: 0, end: 0 });
        } else {
          const f = files.get(op.file);
          if (!f) throw new Error("The recording file is not open");
          // After a failed write every later one fails too, rather than leaving a hole.
          if (f.failed !== undefined && op.kind !== "close") throw new Error(f.failed);
          try {
            if (op.kind === "write") {
              seek(f, f.end);
              writeAll(f, bytesOf(op));
              f.end += op.length;
            } else if (op.kind === "writeAt") {
              seek(f, op.offset);
              writeAll(f, bytesOf(op));
              f.end = Math.max(f.end, op.offset + op.length);
            } else {
              files.delete(op.file);
              f.handle.close();
            }
          } catch (error) {
            f.failed ??= error instanceof Error ? error.message : String(error);
            throw error;
          }
        }
      } catch (error) {
        answers.push([op.seq, error instanceof Error ? error.message : String(error)]);
      }
    }
    port.postMessage({ through: ops.at(-1)?.seq ?? 0, answers } satisfies Done);
  };
}

/** An op as a sink asks for it: the bytes to write rather than where they travel. */
type OpInit =
  | { kind: "open"; file: number; path: string }
  | { kind: "write"; file: number; bytes: Uint8Array }
  | { kind: "writeAt"; file: number; offset: number; bytes: Uint8Array }
  | { kind: "close"; file: number }
  | { kind: "hash"; path: string };

/**
 * Written bytes wait here for the next message, copied as they are submitted so that
 * writers reuse their buffers. The message carries a copy of this buffer, which is then
 * filled again: fresh buffers per write were external memory that V8 counts towards its
 * next full collection, on the thread that paces media. A fuller buffer goes at once.
 */
const STAGING_BYTES = 128 * 1024;

/**
 * How long appended audio may wait to be sent to the writer thread, so that one message
 * carries the writes of many recordings (a crash can lose this much more audio).
 */
export const RECORDING_WRITE_DELAY_MS = 100;

class WriterThread {
  #job: ThreadJob<Batch> | undefined;
  #openFiles = 0;
  #nextFile = 1;
  #seq = 0;
  #outbox: Op[] = [];
  #staging = new Uint8Array(STAGING_BYTES);
  #staged = 0;
  #waiting = new Map<
    number,
    { resolve: (digest?: FileDigest) => void; reject: (e: Error) => void }
  >();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #flushSoon = false;
  readonly #holds = new ThreadHolds();

  /** Keeps the thread, once started, between recordings until the release is called. */
  hold(): () => void {
    return this.#holds.take(() => this.#stopWhenIdle());
  }

  newFileId(): number {
    return this.#nextFile++;
  }

  submit(op: OpInit): Promise<FileDigest | undefined> {
    const seq = ++this.#seq;
    if (op.kind === "open") this.#openFiles++;
    if (op.kind === "write") {
      // Staged first: a full staging buffer sends the outbox so far on its own.
      const { from, length } = this.#stage(op.bytes);
      this.#outbox.push({ seq, kind: op.kind, file: op.file, from, length });
    } else if (op.kind === "writeAt") {
      const { from, length } = this.#stage(op.bytes);
      this.#outbox.push({ seq, kind: op.kind, file: op.file, offset: op.offset, from, length });
    } else {
      this.#outbox.push({ ...op, seq });
    }
    // Opening and closing are waited on; appended audio is not, so it may wait for company.
    const soon = op.kind !== "write" && op.kind !== "writeAt";
    if (soon && !this.#flushSoon) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
    }
    this.#flushSoon ||= soon;
    this.#flushTimer ??= setTimeout(() => this.#flush(), soon ? 0 : RECORDING_WRITE_DELAY_MS);
    return new Promise((resolve, reject) => this.#waiting.set(seq, { resolve, reject }));
  }

  /** Copies `bytes` into the staging buffer; where they are in the next message. */
  #stage(bytes: Uint8Array): { from: number; length: number } {
    const length = bytes.length;
    if (this.#staged + length > this.#staging.length) {
      this.#flush();
      if (length > this.#staging.length) this.#staging = new Uint8Array(length);
    }
    const from = this.#staged;
    this.#staging.set(bytes, from);
    this.#staged += length;
    return { from, length };
  }

  #flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#flushSoon = false;
    if (this.#outbox.length === 0) return;
    const batch: Batch = {
      ops: this.#outbox,
      // Copied into the message whole (it is not transferred), so only when it holds audio.
      audio: this.#staged > 0 ? this.#staging.subarray(0, this.#staged) : null,
    };
    this.#outbox = [];
    this.#thread().postMessage(batch);
    this.#staged = 0;
  }

  #thread(): ThreadJob<Batch> {
    // On the storage thread beside the WAL checkpoints: one isolate fewer (decision 043).
    this.#job ??= storageThread().start<Batch, Done>(writerThread, {
      onMessage: (done) => this.#done(done),
      onFailure: (error) => this.#fail(error),
    });
    return this.#job;
  }

  #done({ through, answers }: Done): void {
    const said = new Map(answers.map(([seq, error, digest]) => [seq, { error, digest }]));
    // Waiters are kept in the order their ops were made, which is the order they are done.
    for (const [seq, waiter] of this.#waiting) {
      if (seq > through) break;
      this.#waiting.delete(seq);
      const answer = said.get(seq);
      if (answer && answer.error !== null) waiter.reject(new Error(answer.error));
      else waiter.resolve(answer?.digest);
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
    this.#job?.end();
    this.#job = undefined;
  }

  #fail(error: Error): void {
    this.#job?.end();
    this.#job = undefined;
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
 * Creates (or truncates) `path`, and its folder if need be, on the writer thread and
 * returns a sink for it. Rejects when the file cannot be created.
 */
export async function threadFileSink(
  path: string,
): Promise<WavSink & { digest(): Promise<FileDigest> }> {
  const thread = shared ??= new WriterThread();
  const file = thread.newFileId();
  try {
    await thread.submit({ kind: "open", file, path });
  } catch (error) {
    thread.closed();
    throw error;
  }
  let closing: Promise<void> | undefined;
  // Writes answer with nothing; only a digest request answers with a value.
  const done = (answer: Promise<FileDigest | undefined>) =>
    answer as Promise<unknown> as Promise<void>;
  return {
    write: (bytes) => done(thread.submit({ kind: "write", file, bytes })),
    writeAt: (offset, bytes) => done(thread.submit({ kind: "writeAt", file, offset, bytes })),
    close: () =>
      closing ??= done(thread.submit({ kind: "close", file }).finally(() => thread.closed())),
    /** The file's length and SHA-256 as it is after everything issued before. */
    digest: async () => (await thread.submit({ kind: "hash", path }))!,
  };
}
