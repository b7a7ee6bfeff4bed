import assert from "node:assert/strict";
import {
  grantedThreadPriority,
  raiseThreadPriority,
  resetThreadPriority,
  threadFromSource,
} from "../../src/threads/mod.ts";
import { holdsCapSysNice } from "../support/capabilities.ts";

const MAY_RAISE = holdsCapSysNice();
const SCHED_OTHER = 0;
const SCHED_RR = 2;

/** A thread's scheduling as the kernel reports it (proc(5): fields 40 and 41 of stat). */
function scheduling(pid: number, tid = pid): { policy: number; rtPriority: number } {
  const stat = Deno.readTextFileSync(`/proc/${pid}/task/${tid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { policy: Number(fields[38]) & 0xff, rtPriority: Number(fields[37]) };
}

/** The OS thread running this test (not always the process's first thread). */
function currentThread(): number {
  return Number(Deno.readLinkSync("/proc/thread-self").split("/").at(-1));
}

/** The scheduling of those of `tids` still running (threads of other tests come and go). */
function liveScheduling(tids: number[]): { policy: number; rtPriority: number }[] {
  const found = [];
  for (const tid of tids) {
    try {
      found.push(scheduling(Deno.pid, tid));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return found;
}

function threadIds(): number[] {
  return [...Deno.readDirSync("/proc/self/task")].map((entry) => Number(entry.name));
}

Deno.test("asking for normal priority changes nothing and is granted", () => {
  assert.deepEqual(raiseThreadPriority("normal"), { wanted: "normal", granted: "normal" });
  assert.equal(grantedThreadPriority(), "normal");
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a worker that stays alive, and lists the OS threads it brought. */
function startWorker(timekeeper: boolean): { worker: Worker; threads: number[] } {
  const before = new Set(threadIds());
  const worker = threadFromSource(
    () => {
      setInterval(() => {}, 1000);
    },
    "test",
    { onMessage: () => {}, onFailure: () => {} },
    { timekeeper },
  );
  return { worker, threads: threadIds().filter((tid) => !before.has(tid)) };
}

Deno.test({
  name:
    "realtime raises the main thread to round-robin 10, the worker that sends on time one above it, the threads already running to 9, and nothing started later",
  ignore: !MAY_RAISE,
  async fn() {
    const self = currentThread();
    const running = threadIds().filter((tid) => tid !== self);
    try {
      assert.deepEqual(raiseThreadPriority("realtime"), {
        wanted: "realtime",
        granted: "realtime",
      });
      assert.deepEqual(scheduling(Deno.pid, self), { policy: SCHED_RR, rtPriority: 10 });
      for (const found of liveScheduling(running)) {
        assert.deepEqual(found, { policy: SCHED_RR, rtPriority: 9 });
      }

      const timekeeper = startWorker(true);
      const other = startWorker(false);
      try {
        // The timekeeper names its thread in its first message; wait for that to land.
        const raised = () =>
          timekeeper.threads.filter((tid) => scheduling(Deno.pid, tid).policy === SCHED_RR);
        for (let i = 0; i < 100 && raised().length === 0; i++) await sleep(20);
        assert.equal(raised().length, 1, "exactly the worker's own thread is raised");
        assert.deepEqual(scheduling(Deno.pid, raised()[0]), { policy: SCHED_RR, rtPriority: 11 });
        const others = liveScheduling(other.threads);
        assert.ok(others.length > 0);
        for (const found of others) {
          assert.deepEqual(found, { policy: SCHED_OTHER, rtPriority: 0 });
        }
      } finally {
        timekeeper.worker.terminate();
        other.worker.terminate();
      }

      const child = new Deno.Command("sleep", { args: ["5"] }).spawn();
      try {
        assert.deepEqual(scheduling(child.pid), { policy: SCHED_OTHER, rtPriority: 0 });
      } finally {
        child.kill();
        await child.status;
      }
    } finally {
      resetThreadPriority();
    }
    assert.equal(grantedThreadPriority(), "normal");
    for (const found of liveScheduling(threadIds())) {
      assert.deepEqual(found, { policy: SCHED_OTHER, rtPriority: 0 });
    }
  },
});

Deno.test({
  name:
    "without the right to raise priority, the threads stay at normal and the reason says what to grant",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const script = `
      import { raiseThreadPriority } from ${
      JSON.stringify(import.meta.resolve("../../src/threads/mod.ts"))
    };
      console.log(JSON.stringify(raiseThreadPriority("realtime")));
    `;
    // Without the capability (dropped if held) and with both limits at zero, which is
    // what an unprivileged user has unless a limits file grants more.
    const dropCapability = MAY_RAISE
      ? ["setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--"]
      : [];
    const [command, ...args] = [
      ...dropCapability,
      "prlimit",
      "--rtprio=0",
      "--nice=0",
      Deno.execPath(),
      "eval",
      "--quiet",
      script,
    ];
    const output = await new Deno.Command(command, {
      args,
      env: { NO_COLOR: "1" },
      stderr: "inherit",
    }).output();
    assert.equal(output.code, 0);
    const outcome = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(outcome.wanted, "realtime");
    assert.equal(outcome.granted, "normal");
    assert.match(outcome.reason, /realtime: sched_setscheduler was not permitted/);
    assert.match(outcome.reason, /high: .*not permitted/);
    assert.match(outcome.reason, /CAP_SYS_NICE/);
  },
});
