/**
 * How the media socket thread spreads a tick's packets over the tick, and how it sleeps to
 * the microsecond. These functions' source text runs inside the thread beside its body
 * (`_udp_host_thread.ts`), so they import nothing and use only what every worker has.
 *
 * @module
 */

/**
 * Which of `phases` a socket's packets leave in. Consecutive ids land far apart
 * (multiples of the golden ratio, modulo one), so however many calls there are, each
 * phase gets about as many, and a call keeps its phase for as long as it lasts: its
 * packets stay 20 ms apart while the whole load no longer leaves in one burst.
 */
export function phaseOf(id: number, phases: number): number {
  return Math.floor(((id * 0.6180339887498949) % 1) * phases);
}

/** The records of `bytes` regrouped by their socket's phase (undefined: none in it). */
export function byPhase(bytes: Uint8Array, phases: number): (Uint8Array | undefined)[] {
  // A record: 4-byte socket id, 2-byte address index, 2-byte length, then the bytes.
  const HEADER = 8;
  const sizes = new Array<number>(phases).fill(0);
  const order: number[] = [];
  for (let at = 0; at + HEADER <= bytes.length;) {
    const id = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) |
      bytes[at + 3]) >>> 0;
    const size = HEADER + ((bytes[at + 6] << 8) | bytes[at + 7]);
    const phase = phaseOf(id, phases);
    order.push(phase);
    sizes[phase] += size;
    at += size;
  }
  const parts = sizes.map((size) => (size > 0 ? new Uint8Array(size) : undefined));
  const filled = new Array<number>(phases).fill(0);
  let at = 0;
  for (const phase of order) {
    const size = HEADER + ((bytes[at + 6] << 8) | bytes[at + 7]);
    parts[phase]!.set(bytes.subarray(at, at + size), filled[phase]);
    filled[phase] += size;
    at += size;
  }
  return parts;
}

/**
 * `clock_nanosleep(2)` through FFI, or undefined where the library or the permission is
 * missing (the timers alone then pace, a millisecond coarser).
 */
export function preciseSleep(): ((ms: number) => void) | undefined {
  const CLOCK_MONOTONIC = 1;
  // The C libraries priority.ts knows (glibc, then musl).
  for (const name of ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"]) {
    try {
      const libc = Deno.dlopen(name, {
        clock_nanosleep: { parameters: ["i32", "i32", "buffer", "pointer"], result: "i32" },
      }).symbols;
      const span = new BigInt64Array(2);
      return (ms: number) => {
        const ns = Math.round(ms * 1e6);
        span[0] = BigInt(Math.floor(ns / 1e9));
        span[1] = BigInt(ns % 1e9);
        libc.clock_nanosleep(CLOCK_MONOTONIC, 0, span, null);
      };
    } catch {
      // Not this library, or FFI not permitted: try the next, else pace on timers alone.
    }
  }
  return undefined;
}

/** How far from its time a paced batch left, as the socket thread reports it. */
export interface PhasePacing {
  /** Paced batches (media ticks) sent so far. */
  ticks: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * The socket thread's own pacing figure: per phase, |time its packets had all been handed
 * to the kernel − their due time| (ms), early counting as well as late, over a window of
 * the latest phases, reported every second while anything is paced.
 */
export function pacingWindow(
  now: () => number,
  report: (stats: PhasePacing) => void,
): { paced(at: number): void; reset(): void } {
  const lateness = new Float64Array(3000);
  let count = 0;
  let lastPacedAt = 0;
  let ticks = 0;
  let reported = 0;
  setInterval(() => {
    if (ticks === reported) return;
    reported = ticks;
    const n = Math.min(count, lateness.length);
    const sorted = lateness.slice(0, n).sort();
    const pick = (q: number) => sorted[Math.min(n - 1, Math.ceil(q * n) - 1)];
    report({ ticks, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: sorted[n - 1] });
  }, 1000);
  return {
    paced(at) {
      if (at !== lastPacedAt) {
        lastPacedAt = at;
        ticks++;
      }
      lateness[count++ % lateness.length] = Math.abs(now() - at);
    },
    reset() {
      count = 0;
    },
  };
}
