/**
 * Scheduling priority for the appliance's threads. Audio is sent every 20 ms, and on a
 * small box the threads that make and send it share two cores with everything else: a
 * backup, a log rotation, a supervisor's browser. The operating system is asked to run
 * them first, the way PBX media servers do: real-time round-robin where allowed, else a
 * lower nice value, else unchanged with the reason (decision 013).
 *
 * Two threads keep time: the main thread (the event loop that makes each tick's audio) and
 * the socket thread that sends it when due. They get the raised priority, the socket
 * thread one step above the main thread: it works for microseconds at each send time, and
 * must not wait for a core while the main thread (same priority, so never preempted by it)
 * is busy making the next tick on one core and another real-time thread holds the other.
 * The threads the runtime had already started (garbage collection helpers among them) get
 * one step less, so that they run before other programs but never keep a timekeeper off a
 * core.
 * `SCHED_RESET_ON_FORK` leaves every thread and program started later (the recording
 * writer, text to speech, audio conversion) at normal priority.
 *
 * Linux only, through libc: `sched_setscheduler(2)` and `setpriority(2)` per thread.
 *
 * @module
 */

/** How the appliance's threads are scheduled against other programs. */
export type ThreadPriority = "realtime" | "high" | "normal";

export const THREAD_PRIORITIES: readonly ThreadPriority[] = ["realtime", "high", "normal"];

/** What was asked for, what the system allowed and, when less, why. */
export interface PriorityOutcome {
  wanted: ThreadPriority;
  granted: ThreadPriority;
  reason?: string;
}

/** The main thread, the thread that sends when due, or one already running. */
type Role = "timekeeper" | "sender" | "helper";

// sched(7): low real-time priorities leave the kernel's own real-time threads above the
// appliance; for "high", nice −10 is about a tenfold CPU share over a normal program.
const SETTINGS = {
  realtime: {
    timekeeper: { rr: 10, nice: 0 },
    sender: { rr: 11, nice: 0 },
    helper: { rr: 9, nice: 0 },
  },
  high: {
    timekeeper: { rr: 0, nice: -10 },
    sender: { rr: 0, nice: -11 },
    helper: { rr: 0, nice: -5 },
  },
  normal: {
    timekeeper: { rr: 0, nice: 0 },
    sender: { rr: 0, nice: 0 },
    helper: { rr: 0, nice: 0 },
  },
} as const;
const SCHED_OTHER = 0;
const SCHED_RR = 2;
const SCHED_RESET_ON_FORK = 0x40000000;
const PRIO_PROCESS = 0;
const EPERM = 1;
const EACCES = 13;
const ESRCH = 3;

const LIBC_NAMES = ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"];
const SYMBOLS = {
  sched_setscheduler: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  setpriority: { parameters: ["i32", "u32", "i32"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;
type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let granted: ThreadPriority = "normal";
let libc: Libc | undefined;

/**
 * Raises the calling thread to `wanted` as a timekeeper and the threads already running
 * one step less, stepping down to what the system allows. Call it on the main thread
 * before anything else starts.
 */
export function raiseThreadPriority(wanted: ThreadPriority): PriorityOutcome {
  if (wanted === "normal") return { wanted, granted: "normal" };
  if (Deno.build.os !== "linux") {
    return { wanted, granted: "normal", reason: "thread priority is only set on Linux" };
  }
  let self: number;
  try {
    libc ??= openLibc();
    self = currentThreadId();
  } catch (error) {
    return { wanted, granted: "normal", reason: `not available here: ${message(error)}` };
  }
  const steps = wanted === "realtime" ? ["realtime", "high"] as const : ["high"] as const;
  const refusals: string[] = [];
  for (const step of steps) {
    const failure = applyTo(libc, self, step, "timekeeper") ??
      threadIds().filter((tid) => tid !== self)
        .map((tid) => applyTo(libc!, tid, step, "helper"))
        .find((reason) => reason !== undefined);
    if (failure === undefined) {
      granted = step;
      const outcome: PriorityOutcome = { wanted, granted: step };
      if (refusals.length > 0) outcome.reason = explainRefusals(refusals);
      return outcome;
    }
    refusals.push(`${step}: ${failure}`);
  }
  // Whatever was changed before a refusal goes back, so that no thread is left raised alone.
  resetThreadPriority();
  return { wanted, granted: "normal", reason: explainRefusals(refusals) };
}

function explainRefusals(refusals: string[]): string {
  const remedy = refusals.some((r) => r.includes("not permitted"))
    ? " (run as root, or grant CAP_SYS_NICE or an RTPRIO limit of 11)"
    : "";
  return refusals.join("; ") + remedy;
}

/** What an outcome fell short by, as one phrase ("normal instead of realtime: …"), if it did. */
export function priorityShortfall(outcome: PriorityOutcome): string | undefined {
  if (outcome.granted === outcome.wanted) return undefined;
  return `${outcome.granted} instead of ${outcome.wanted}: ${outcome.reason}`;
}

/** The priority the appliance's timekeeping threads run at now. */
export function grantedThreadPriority(): ThreadPriority {
  return granted;
}

/**
 * Gives the thread that sends when due, named by its `/proc/thread-self` link as the
 * thread read it, the granted priority one step above the main thread's, or the main
 * thread's own where the system allows no more (an RTPRIO limit of 10, say). Does nothing
 * while the priority is normal. Returns the role it got.
 */
export function raiseTimekeeper(threadSelfLink: string): Role | undefined {
  const tid = Number(threadSelfLink.split("/").at(-1));
  if (granted === "normal" || !libc || !Number.isInteger(tid) || tid <= 0) return undefined;
  if (applyTo(libc, tid, granted, "sender") === undefined) return "sender";
  return applyTo(libc, tid, granted, "timekeeper") === undefined ? "timekeeper" : undefined;
}

/** Puts every thread back to normal scheduling (tests, and a process that lowers itself). */
export function resetThreadPriority(): void {
  if (libc) {
    for (const tid of threadIds()) applyTo(libc, tid, "normal", "helper");
  }
  granted = "normal";
}

function openLibc(): Libc {
  let lastError: unknown;
  for (const name of LIBC_NAMES) {
    try {
      return Deno.dlopen(name, SYMBOLS).symbols;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function currentThreadId(): number {
  return Number(Deno.readLinkSync("/proc/thread-self").split("/").at(-1));
}

function threadIds(): number[] {
  const tids: number[] = [];
  for (const entry of Deno.readDirSync("/proc/self/task")) tids.push(Number(entry.name));
  return tids;
}

/** Applies `priority` to one thread in `role`; returns why it failed, or undefined. */
function applyTo(c: Libc, tid: number, priority: ThreadPriority, role: Role): string | undefined {
  const { rr, nice } = SETTINGS[priority][role];
  const policy = (rr > 0 ? SCHED_RR : SCHED_OTHER) | SCHED_RESET_ON_FORK;
  if (c.sched_setscheduler(tid, policy, new Int32Array([rr])) !== 0) {
    return explain(c, "sched_setscheduler");
  }
  if (c.setpriority(PRIO_PROCESS, tid, nice) !== 0) return explain(c, "setpriority");
  return undefined;
}

function explain(c: Libc, call: string): string | undefined {
  const pointer = c.__errno_location();
  const errno = pointer ? new Deno.UnsafePointerView(pointer).getInt32() : 0;
  if (errno === ESRCH) return undefined; // the thread ended between listing and setting
  if (errno === EPERM || errno === EACCES) return `${call} was not permitted`;
  return `${call} failed with errno ${errno}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
