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
 * CC_E2E_FILE_LIMIT_S sets the limit per file (default 300 s).
 */

const DEFAULT_LIMIT_S = 300;

async function main(args: string[]): Promise<number> {
  const limitS = Number(Deno.env.get("CC_E2E_FILE_LIMIT_S") ?? DEFAULT_LIMIT_S);
  if (!Number.isFinite(limitS) || limitS <= 0) {
    console.error(`CC_E2E_FILE_LIMIT_S must be a positive number of seconds, not "${limitS}"`);
    return 2;
  }
  const files = args.length > 0 ? args : await e2eFiles("tests/e2e");
  if (!await typeCheck(files)) {
    console.log("FAILED | 0 passed | 1 failed (the end-to-end files do not type-check)");
    return 1;
  }
  const failedFiles: string[] = [];
  const durations: { file: string; seconds: number }[] = [];
  for (const file of files) {
    const started = performance.now();
    const outcome = await runFile(file, limitS * 1000);
    durations.push({ file, seconds: (performance.now() - started) / 1000 });
    if (outcome === "timeout") {
      // Counted like a failed test so CI's totals show it.
      console.log(
        `FAILED | 0 passed | 1 failed (${file} did not finish within ${limitS} s and was killed)`,
      );
    }
    if (outcome !== "passed") failedFiles.push(file);
  }
  printDurations(durations);
  if (failedFiles.length > 0) {
    console.log(`\nEnd-to-end files that failed: ${failedFiles.join(", ")}`);
    return 1;
  }
  return 0;
}

/** The slowest files and the total, so a run shows where the suite's time goes. */
function printDurations(durations: { file: string; seconds: number }[]): void {
  const total = durations.reduce((sum, d) => sum + d.seconds, 0);
  const slowest = [...durations].sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  console.log(`\nEnd-to-end files took ${Math.round(total)} s in all; the slowest:`);
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

async function runFile(file: string, limitMs: number): Promise<"passed" | "failed" | "timeout"> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-all", "--no-check", file],
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree(child.pid);
  }, limitMs);
  const status = await child.status;
  clearTimeout(timer);
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
