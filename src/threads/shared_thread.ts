/**
 * One worker thread that runs the bodies of several jobs, each given as a function's own
 * source text like {@link threadFromSource}'s. A worker is a whole isolate (some 9 MB
 * resident before it does anything); jobs that block on the disk (WAL checkpoints, the
 * recording files) and never on the clock can share one without the event loop waiting
 * on either (decision 043).
 *
 * The thread starts with the first job and stops when the last one ends. A job's body
 * gets a port: `postMessage` answers its owner, `onmessage` hears it. When the thread
 * fails, every job on it fails; a later job starts a new thread.
 *
 * @module
 */
import type { ThreadHandlers } from "./mod.ts";

/** A job's end of its channel, inside the thread. */
export interface JobPort {
  postMessage(message: unknown): void;
  onmessage: ((message: never) => void) | null;
}

/** A job as its owner holds it. */
export interface ThreadJob<ToJob> {
  postMessage(message: ToJob): void;
  /** Ends the job: its owner hears nothing more, and the thread stops if it was the last. */
  end(): void;
}

type Envelope =
  | { job: number; body: string }
  | { job: number; message: unknown }
  | { job: number; end: true };

/** Runs on the thread: starts each job's body with its port and routes messages to it. */
function host(): void {
  const ports = new Map<number, { onmessage: ((message: unknown) => void) | null }>();
  // deno-lint-ignore no-explicit-any
  const scope = self as any;
  scope.onmessage = (event: MessageEvent<Envelope>) => {
    const envelope = event.data;
    if ("body" in envelope) {
      const port = {
        onmessage: null,
        postMessage: (message: unknown) => scope.postMessage({ job: envelope.job, message }),
      };
      ports.set(envelope.job, port);
      // The body is a function's source text from this program, not outside input.
      (0, eval)(`(${envelope.body})`)(port);
    } else if ("end" in envelope) {
      ports.delete(envelope.job);
    } else {
      ports.get(envelope.job)?.onmessage?.(envelope.message);
    }
  };
}

/** Jobs sharing one thread; `name` says which thread in error messages. */
export class SharedThread {
  readonly #name: string;
  #worker: Worker | undefined;
  #nextJob = 1;
  readonly #jobs = new Map<number, ThreadHandlers<unknown>>();

  constructor(name: string) {
    this.#name = name;
  }

  /** Whether the thread is up (some job is running on it). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /** Starts `body` on the thread (starting the thread if need be). */
  start<ToJob, FromJob>(
    body: (port: JobPort) => void,
    handlers: ThreadHandlers<FromJob>,
  ): ThreadJob<ToJob> {
    const worker = this.#thread();
    const job = this.#nextJob++;
    this.#jobs.set(job, handlers as ThreadHandlers<unknown>);
    worker.postMessage({ job, body: body.toString() } satisfies Envelope);
    let ended = false;
    return {
      postMessage: (message) => {
        if (!ended && this.#worker === worker) {
          worker.postMessage({ job, message } satisfies Envelope);
        }
      },
      end: () => {
        if (ended) return;
        ended = true;
        if (!this.#jobs.delete(job) || this.#worker !== worker) return;
        if (this.#jobs.size === 0) this.#stop();
        else worker.postMessage({ job, end: true } satisfies Envelope);
      },
    };
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const url = URL.createObjectURL(
      new Blob([`(${host.toString()})();`], { type: "text/javascript" }),
    );
    const worker = new Worker(url, { type: "module" });
    URL.revokeObjectURL(url);
    worker.onmessage = (event: MessageEvent<{ job: number; message: unknown }>) => {
      this.#jobs.get(event.data.job)?.onMessage(event.data.message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(`The ${this.#name} thread failed: ${event.message}`);
      const jobs = [...this.#jobs.values()];
      this.#jobs.clear();
      this.#stop();
      for (const handlers of jobs) handlers.onFailure(error);
    };
    this.#worker = worker;
    return worker;
  }

  #stop(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}

let storage: SharedThread | undefined;

/**
 * The thread for work that blocks on the disk: WAL checkpoints and the recording files.
 * Nothing on it keeps time, so it runs at normal priority.
 */
export function storageThread(): SharedThread {
  storage ??= new SharedThread("storage");
  return storage;
}
