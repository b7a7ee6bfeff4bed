/**
 * Runs the end-to-end tests one file at a time, each in its own `deno test` process with a
 * time limit. A file that hangs (a peer that never answers, a call that never ends) is
 * killed with everything it started and counted as failed, so the run always finishes.
 *
 *   deno run --allow-all scripts/test_e2e.ts [FILE...]
 *
 * The files are type-checked together once first, and each is then run without checking:
 * checking each file in its own process repeated the same work some 36 times (minutes).
 *
 * CC_E2E_FILE_LIMIT_S sets the limit per file (default 300 s). CC_E2E_JOBS=2 runs two files
 * at a time (default 1): every file binds ports the system picks and a private slice of the
 * RTP range, so two can share the machine, and each file's output is printed whole when it
 * ends. Files that measure rates, timing or memory run with the machine to themselves.
 */

const DEFAULT_LIMIT_S = 300;

/**
 * Files whose assertions are about time or load (messages a second, probes every 100 ms,
 * media pacing, memory under a flood, WAL size under sustained writes): a neighbour on a
 * two-core box would skew what they measure, so they never share it.
 */
const ALONE = new Set([
  "sip_protos_test.ts",
  "sip_flood_test.ts",
  "sip_fuzz_test.ts",
  "supervision_wallboard_load_test.ts",
  "wal_bound_test.ts",
  "media_sipp_test.ts",
  "media_timeout_test.ts",
  "recording_pause_test.ts",
  "standby_split_test.ts",
  "standby_takeover_test.ts",
  "standby_cut_off_test.ts",
  "crash_restart_test.ts",
  "shutdown_test.ts",
]);

async function main(args: string[]): Promise<number> {
  const limitS = Number(Deno.env.get("CC_E2E_FILE_LIMIT_S") ?? DEFAULT_LIMIT_S);
  if (!Number.isFinite(limitS) || limitS <= 0) {
    console.error(`CC_E2E_FILE_LIMIT_S must be a positive number of seconds, not "${limitS}"`);
    return 2;
  }
  const jobs = Number(Deno.env.get("CC_E2E_JOBS") ?? 1);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`CC_E2E_JOBS must be a whole number of files at a time, not "${jobs}"`);
    return 2;
  }
  const files = args.length > 0 ? args : await e2eFiles("tests/e2e");
  if (!await typeCheck(files)) {
    console.log("FAILED | 0 passed | 1 failed (the end-to-end files do not type-check)");
    return 1;
  }
  const runStarted = performance.now();
  const failedFiles: string[] = [];
  const durations: { file: string; seconds: number }[] = [];
  const runOne = async (file: string) => {
    const started = performance.now();
    const outcome = await runFile(file, limitS * 1000, jobs > 1);
    durations.push({ file, seconds: (performance.now() - started) / 1000 });
    if (outcome === "timeout") {
      // Counted like a failed test so CI's totals show it.
      console.log(
        `FAILED | 0 passed | 1 failed (${file} did not finish within ${limitS} s and was killed)`,
      );
    }
    if (outcome !== "passed") failedFiles.push(file);
  };
  // One at a time, files keep their order; otherwise those that run alone go first.
  const alone = jobs === 1 ? [] : files.filter((f) => ALONE.has(f.slice(f.lastIndexOf("/") + 1)));
  const shared = files.filter((f) => !alone.includes(f));
  for (const file of alone) await runOne(file);
  const queue = [...shared];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await runOne(file);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, shared.length) }, worker));
  printDurations(durations, (performance.now() - runStarted) / 1000);
  if (failedFiles.length > 0) {
    console.log(`\nEnd-to-end files that failed: ${failedFiles.join(", ")}`);
    return 1;
  }
  return 0;
}

/** The slowest files and the total, so a run shows where the suite's time goes. */
function printDurations(durations: { file: string; seconds: number }[], wallS: number): void {
  const total = durations.reduce((sum, d) => sum + d.seconds, 0);
  const slowest = [...durations].sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  console.log(
    `\nEnd-to-end files took ${Math.round(total)} s in all, ${
      Math.round(wallS)
    } s from first to last; the slowest:`,
  );
  for (const d of slowest) console.log(`  ${d.seconds.toFixed(0).padStart(4)} s  ${d.file}`);
}

async function e2eFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith("_test.ts")) files.push(`${dir}/${entry.name}`);
  }
  return files.sort();
}

async function typeCheck(files: string[]): Promise<boolean> {
  const check = new Deno.Command(Deno.execPath(), {
    args: ["check", ...files],
    stdout: "inherit",
    stderr: "inherit",
  });
  return (await check.output()).success;
}

async function runFile(
  file: string,
  limitMs: number,
  buffered: boolean,
): Promise<"passed" | "failed" | "timeout"> {
  // Beside another file, the output is kept and printed whole, so the two do not interleave.
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-all", "--no-check", file],
    stdout: buffered ? "piped" : "inherit",
    stderr: buffered ? "piped" : "inherit",
  }).spawn();
  const output = buffered
    ? Promise.all([
      new Response(child.stdout).arrayBuffer(),
      new Response(child.stderr).arrayBuffer(),
    ])
    : undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree(child.pid);
  }, limitMs);
  const status = await child.status;
  clearTimeout(timer);
  if (output) {
    for (const bytes of await output) await Deno.stdout.write(new Uint8Array(bytes));
  }
  if (timedOut) return "timeout";
  return status.success ? "passed" : "failed";
}

/** SIGKILLs a process and every process below it (SIPp, Chromium), children first. */
function killTree(pid: number): void {
  for (const child of childrenOf(pid)) killTree(child);
  try {
    Deno.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      try {
        const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
        // The command name may hold spaces and parentheses; the fields after it do not.
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === pid) children.push(Number(entry.name));
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    // No /proc (not Linux): only the direct process is killed.
  }
  return children;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
