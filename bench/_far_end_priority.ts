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
 * ended. In the field the far ends are other machines; here they run real-time *below*
 * the appliance, ahead of other programs but never in its way.
 *
 * Linux only, through libc `sched_setscheduler(2)` on each thread of this process.
 *
 * @module
 */

const SCHED_RR = 2;
const SCHED_RESET_ON_FORK = 0x40000000;

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
  const tids: number[] = [];
  for (const entry of Deno.readDirSync("/proc/self/task")) {
    try {
      const stat = Deno.readTextFileSync(`/proc/self/task/${entry.name}/stat`);
      if (threadScheduling(stat).policy === SCHED_RR) tids.push(Number(entry.name));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return tids;
}

/**
 * Puts every thread of this process that runs real-time at `SCHED_RR` `priority`
 * (threads it starts later at normal priority). Returns how many it moved, or why none.
 */
export function rankRealtimeThreads(priority = FAR_END_RR_PRIORITY): number | string {
  if (Deno.build.os !== "linux") return "thread priority is only set on Linux";
  let libc;
  try {
    libc = Deno.dlopen("libc.so.6", {
      sched_setscheduler: { parameters: ["i32", "i32", "buffer"], result: "i32" },
    });
  } catch (error) {
    return `not available here: ${(error as Error).message}`;
  }
  try {
    let moved = 0;
    const param = new Int32Array([priority]);
    for (const tid of realtimeThreads()) {
      const policy = SCHED_RR | SCHED_RESET_ON_FORK;
      if (libc.symbols.sched_setscheduler(tid, policy, param) === 0) moved++;
    }
    return moved;
  } finally {
    libc.close();
  }
}
