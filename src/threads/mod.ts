/**
 * Worker threads started from a function's own source text, so the compiled program
 * needs no separate worker file: the function must import nothing and use only what the
 * runtime gives every worker.
 *
 * @module
 */
import { raiseTimekeeper } from "./priority.ts";

export {
  C_HEAP_TRIM_EVERY_MS,
  type CHeapTrimming,
  type CHeapTrimOptions,
  glibcTrim,
  type TrimCHeap,
  trimCHeapEvery,
} from "./c_heap_trim.ts";
export {
  CPU_LATENCY_DEVICE,
  CpuWakeLatency,
  type CpuWakeLatencyOptions,
  cpuWakeLatencyState,
  holdCpuWakeLatency,
  type LatencyFile,
  requestWakeLatencyAt,
  useCpuWakeLatency,
  WakeWhileActive,
  type WakeWhileActiveOptions,
} from "./cpu_wake_latency.ts";
export { type JobPort, SharedThread, storageThread, type ThreadJob } from "./shared_thread.ts";
export {
  grantedThreadPriority,
  type PriorityOutcome,
  priorityShortfall,
  raiseThreadPriority,
  resetThreadPriority,
  THREAD_PRIORITIES,
  type ThreadPriority,
} from "./priority.ts";

/** What a thread's owner hears from it. */
export interface ThreadHandlers<Message> {
  onMessage(message: Message): void;
  /** The thread failed; it is no use any more and should be replaced. */
  onFailure(error: Error): void;
}

/** How a thread is scheduled against the appliance's other threads. */
export interface ThreadOptions {
  /**
   * The thread's work is due at set times (paced sends): it runs at the main thread's
   * raised priority. Other threads run at normal priority.
   */
  timekeeper?: boolean;
  /**
   * Named functions the body calls, defined beside it in the thread's source; like the
   * body, each must import nothing.
   */
  using?: ((...args: never[]) => unknown)[];
}

/** Starts `body` on a new module worker; `name` says which thread in error messages. */
export function threadFromSource<Message>(
  body: () => void,
  name: string,
  handlers: ThreadHandlers<Message>,
  options: ThreadOptions = {},
): Worker {
  // A timekeeper's first message names its OS thread, which does not inherit a raised
  // priority (see priority.ts); the body's own messages follow it.
  const prelude = options.timekeeper ? `postMessage((${threadSelfLink.toString()})());\n` : "";
  const helpers = (options.using ?? []).map((helper) => `${helper.toString()}\n`).join("");
  const source = `${prelude}${helpers}(${body.toString()})();`;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  URL.revokeObjectURL(url);
  const deliver = (event: MessageEvent<Message>) => handlers.onMessage(event.data);
  worker.onmessage = options.timekeeper
    ? (event: MessageEvent<string | null>) => {
      worker.onmessage = deliver;
      if (event.data) raiseTimekeeper(event.data);
    }
    : deliver;
  worker.onerror = (event) => {
    event.preventDefault();
    handlers.onFailure(new Error(`The ${name} thread failed: ${event.message}`));
  };
  return worker;
}

/** Runs on the new thread: where `/proc` names it, or null where there is no `/proc`. */
function threadSelfLink(): string | null {
  try {
    return Deno.readLinkSync("/proc/thread-self");
  } catch {
    return null;
  }
}

/** Who wants a lazily started thread kept between uses: it may stop only when nobody does. */
export class ThreadHolds {
  #count = 0;

  get held(): boolean {
    return this.#count > 0;
  }

  /** Takes a hold; the returned function lets go of it once (later calls do nothing). */
  take(onRelease: () => void): () => void {
    this.#count++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#count--;
      onRelease();
    };
  }
}
