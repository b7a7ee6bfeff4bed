/**
 * The priority of a benchmark's own far ends (the WebRTC load benchmark's browsers and PBX
 * legs, in the benchmark's process) against the appliance under test.
 *
 * The appliance raises its two timekeeping threads to `SCHED_RR` 10 (decision 013). Far
 * ends raised the same way (`raiseThreadPriority`) share that priority with it, and Linux
 * does not let a thread that wakes take a core from a running thread of equal real-time
 * priority: it waits for that thread to block or to use up its round-robin slice (100 ms).
 * With the benchmark's main and socket threads busy at priority 10, the appliance's socket
 * thread waited whole slices for a core, its sends fell seconds behind, and every close
 * (which waits for what is already scheduled) waited as long: the 150-leg run that never
 * ended. In the field the far ends are other machines; here they must stay out of its way.
 *
 * Below it is not enough while the appliance is measured. Linux gives all real-time
 * threads together 95 % of each CPU (`sched_rt_runtime_us` 950000 of 1000000) and stops
 * every one of them, the appliance's too, for the rest of the second once they have used
 * it. At 150 legs the appliance takes about 1.1 cores and the far ends 0.6: with the far
 * ends real-time the class came near its 1.9 cores, and the appliance stalled for 30–50 ms
 * about once a second (its pacing and the far end's p99 read 30 ms; with the far ends at
 * nice −10, 2.5 ms). The set-up, on the other hand, needs the far ends ahead of other
 * work: ICE and DTLS for 150 browsers at nice −10, or with their main thread there and
 * their socket thread real-time, ended with calls whose DTLS keys did not match (decision
 * 006) set up again until the run gave up. So the far ends are real-time below the
 * appliance while the calls are set up ({@link SETTING_UP}) and leave the real-time class
 * for the measured window ({@link MEASURING}).
 *
 * Linux only, through libc `sched_setscheduler(2)` on each thread of this process.
 *
 * @module
 */

const SCHED_OTHER = 0;
const SCHED_RR = 2;
const SCHED_RESET_ON_FORK = 0x40000000;
const PRIO_PROCESS = 0;

/** Below the appliance's helpers (`SCHED_RR` 9) and timekeepers (10). */
export const FAR_END_RR_PRIORITY = 5;

/** The scheduling a `/proc/<pid>/task/<tid>/stat` line reports: policy and RT priority. */
export function threadScheduling(stat: string): { policy: number; rtPriority: number } {
  // The command name is in parentheses and may hold spaces: fields count after its ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).trim().split(" ");
  // proc(5): rt_priority is field 40 and policy 41; fields[0] here is field 3 (state).
  return { policy: Number(fields[38]), rtPriority: Number(fields[37]) };
}

/** The threads of this process that run at a real-time policy now. */
function realtimeThreads(): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc/self/task")) {
    try {
      const stat = Deno.readTextFileSync(`/proc/self/task/${entry.name}/stat`);
      if (threadScheduling(stat).policy === SCHED_RR) found.push(Number(entry.name));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return found;
}

/** How the far ends' real-time threads are to be scheduled. */
export type FarEndRank = { rr: number } | { nice: number };

/** For the set-up: real-time, below the appliance (ICE and DTLS starve without it). */
export const SETTING_UP: FarEndRank = { rr: FAR_END_RR_PRIORITY };
/** For the measured window: out of the real-time class, ahead of other programs. */
export const MEASURING: FarEndRank = { nice: -10 };

/** What a rank is called in the benchmark's output. */
export function rankName(rank: FarEndRank): string {
  return "rr" in rank ? `SCHED_RR ${rank.rr}` : `nice ${rank.nice}`;
}

/**
 * Moves this process's real-time threads to `rank` (threads started later run at normal
 * priority). Returns what it did, or why it did nothing.
 */
export function rankFarEndThreads(rank: FarEndRank): string {
  if (Deno.build.os !== "linux") return "thread priority is only set on Linux";
  let libc;
  try {
    libc = Deno.dlopen("libc.so.6", {
      sched_setscheduler: { parameters: ["i32", "i32", "buffer"], result: "i32" },
      setpriority: { parameters: ["i32", "u32", "i32"], result: "i32" },
    });
  } catch (error) {
    return `not available here: ${(error as Error).message}`;
  }
  try {
    const realtime = "rr" in rank;
    const policy = (realtime ? SCHED_RR : SCHED_OTHER) | SCHED_RESET_ON_FORK;
    const param = new Int32Array([realtime ? rank.rr : 0]);
    let moved = 0;
    for (const tid of realtimeThreads()) {
      if (libc.symbols.sched_setscheduler(tid, policy, param) !== 0) continue;
      if (!realtime) libc.symbols.setpriority(PRIO_PROCESS, tid, rank.nice);
      moved++;
    }
    return `${moved} threads at ${rankName(rank)}`;
  } finally {
    libc.close();
  }
}
