/**
 * Hands the C heap's free pages back to the system now and then. The runtime's own
 * allocations (module sources, socket and file buffers, each thread's isolate) go through
 * glibc's malloc, which gives memory back on its own only from the top of a heap: pages
 * freed below a chunk still in use stay resident for good. In the appliance that was some
 * 30 MB at idle and more after a burst of calls (decision 043). `malloc_trim(3)` releases
 * every free page of every arena; it runs on a runtime thread (a non-blocking FFI call),
 * so the event loop does not wait for it, and it takes each arena's lock only while it
 * walks that arena.
 *
 * Linux with glibc only: elsewhere, or where FFI is not permitted, it does nothing and
 * says why.
 *
 * @module
 */
import type { CancelTimer, Clock } from "../clock/mod.ts";

/** How often by default: often enough that a burst's garbage does not stay long. */
export const C_HEAP_TRIM_EVERY_MS = 10_000;

const SYMBOLS = {
  // int malloc_trim(size_t pad): 1 when memory was released, 0 when none could be.
  malloc_trim: { parameters: ["usize"], result: "i32", nonblocking: true },
} as const;

/** Releases free C heap pages; resolves whether any were. */
export type TrimCHeap = () => Promise<boolean>;

export interface CHeapTrimOptions {
  clock: Clock;
  /** Between trims (default {@link C_HEAP_TRIM_EVERY_MS}). */
  everyMs?: number;
  /** The trim itself; glibc's `malloc_trim(0)` by default. */
  trim?: TrimCHeap;
}

/** Whether trimming runs, and why not when it does not. */
export interface CHeapTrimming {
  running: boolean;
  reason?: string;
  stop(): void;
}

/**
 * glibc's `malloc_trim(0)` as a non-blocking call, or why it is not available (another
 * C library, another system, FFI not permitted).
 */
export function glibcTrim(): TrimCHeap | { reason: string } {
  if (Deno.build.os !== "linux") return { reason: "the C heap is only trimmed on Linux" };
  try {
    const { symbols } = Deno.dlopen("libc.so.6", SYMBOLS);
    return async () => (await symbols.malloc_trim(0n)) === 1;
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Trims the C heap every `everyMs` until stopped, counted from the end of the last trim so
 * that two never overlap; a failed trim ends trimming.
 */
export function trimCHeapEvery(options: CHeapTrimOptions): CHeapTrimming {
  const everyMs = options.everyMs ?? C_HEAP_TRIM_EVERY_MS;
  const trim = options.trim ?? glibcTrim();
  if (typeof trim !== "function") return { running: false, reason: trim.reason, stop: () => {} };
  let cancel: CancelTimer | undefined;
  let stopped = false;
  const state: CHeapTrimming = {
    running: true,
    stop: () => {
      stopped = true;
      state.running = false;
      cancel?.();
      cancel = undefined;
    },
  };
  const next = () => {
    if (!stopped) cancel = options.clock.setTimer(everyMs, run);
  };
  const run = () => {
    cancel = undefined;
    trim().then(next, (error) => {
      state.stop();
      state.reason = error instanceof Error ? error.message : String(error);
    });
  };
  next();
  return state;
}
