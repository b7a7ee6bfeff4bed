/**
 * What sealing costs a whole run: the appliance as its own process takes N recorded calls
 * at once from SIPp (the media load's IVR flow that never stops talking, the caller's speech
 * recorded), the calls end, and their recordings are closed and — with sealing on —
 * sealed. The appliance's CPU is read from /proc from just before the first call until
 * every recording is closed (and sealed) and the process is idle again, so sealing at
 * the calls' end is inside the window and nothing else is.
 *
 * Runs alternate between sealing on and off (`CC_SEAL_RECORDINGS=false`), `runs` of each,
 * so drift on a shared machine falls on both; the figure is the ratio of the medians of
 * CPU seconds per run, sealed over plain. Target: under 1.05 (encryption costs less than
 * 5 % CPU at 300 recorded calls).
 *
 * `deno task bench seal_load`, or run this file with `[calls] [hold ms] [runs]`.
 */

import { type Api, type Appliance, cpuMs, settled, withAppliance } from "./_appliance_process.ts";
import { round, runSippLoad, scenario, sleep, speech } from "./_sipp_load.ts";
import { DID, publishLoopFlow } from "./media_load.ts";

export interface SealRun {
  sealed: boolean;
  calls_completed: number;
  calls_failed: number;
  /** Recording files on disk at the end, sealed (`.wav.enc`) and plain (`.wav`). */
  files: { sealed: number; plain: number };
  mb_recorded: number;
  cpu_s: number;
  wall_s: number;
}

export interface SealLoadResult {
  calls: number;
  hold_ms: number;
  runs: SealRun[];
  median_cpu_s: { sealed: number; plain: number };
  /** Median CPU seconds sealed over plain: 1.03 means sealing added 3 %. */
  cpu_ratio: number;
  cpu_added_pct: number;
  target_ratio: number;
  pass: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Recording files under the data directory, by kind, and their total size. */
function recordingFiles(data: string): { sealed: number; plain: number; bytes: number } {
  const found = { sealed: 0, plain: 0, bytes: 0 };
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else if (entry.name.endsWith(".wav.enc")) found.sealed++;
      else if (entry.name.endsWith(".wav")) found.plain++;
      else continue;
      if (entry.isFile) found.bytes += Deno.statSync(path).size;
    }
  };
  try {
    walk(`${data}/recordings`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found;
}

/** Every call's recording closed: its row has a duration. */
async function recordingsClosed(api: Api, calls: number): Promise<boolean> {
  const { recordings } = await api("GET", `/recordings?limit=${calls + 10}`) as {
    recordings: { duration_ms: number | null }[];
  };
  return recordings.length >= calls && recordings.every((r) => r.duration_ms !== null);
}

async function oneRun(
  app: Appliance,
  api: Api,
  sealed: boolean,
  calls: number,
  holdMs: number,
): Promise<SealRun> {
  await publishLoopFlow(api);
  // Start-up work (rendering the built-in prompts) is over before the window opens.
  await settled(app.child.pid, { windowMs: 1000, maxPercent: 3 });
  const cpuStart = cpuMs(app.child.pid);
  const wallStart = performance.now();
  const counts = await runSippLoad({
    xml: scenario("ivr_caller.xml", {
      caller: "+8613700000000",
      steps: speech(holdMs).join("\n  "),
    }),
    app,
    service: DID,
    calls,
    rate: 50,
    limit: calls,
    timeoutS: Math.ceil(holdMs / 1000) + 60,
  });
  // Wait for every recording to be closed and, with sealing, for no plain file to remain;
  // a plain file left for 10 s is not being sealed (the run reports it).
  const deadline = performance.now() + 120_000;
  let plainLeft = { count: -1, since: performance.now() };
  while (performance.now() < deadline) {
    const files = recordingFiles(app.data);
    if (await recordingsClosed(api, counts.successful)) {
      if (!sealed || files.plain === 0) break;
      if (files.plain !== plainLeft.count) {
        plainLeft = { count: files.plain, since: performance.now() };
      } else if (performance.now() - plainLeft.since > 10_000) break;
    }
    await sleep(500);
  }
  await settled(app.child.pid, { windowMs: 1000, maxPercent: 3 });
  const cpuS = (cpuMs(app.child.pid) - cpuStart) / 1000;
  const files = recordingFiles(app.data);
  return {
    sealed,
    calls_completed: counts.successful,
    calls_failed: counts.failed,
    files: { sealed: files.sealed, plain: files.plain },
    mb_recorded: round(files.bytes / 1e6, 1),
    cpu_s: round(cpuS, 2),
    wall_s: round((performance.now() - wallStart) / 1000, 1),
  };
}

export async function benchRecordingSealLoad(
  calls = 300,
  holdMs = 60_000,
  runs = 3,
): Promise<SealLoadResult> {
  const results: SealRun[] = [];
  for (let i = 0; i < runs * 2; i++) {
    const sealed = i % 2 === 0;
    const run = await withAppliance(
      (app, api) => oneRun(app, api, sealed, calls, holdMs),
      undefined,
      { CC_SEAL_RECORDINGS: String(sealed) },
    );
    console.error(`recording seal load: ${JSON.stringify(run)}`);
    results.push(run);
  }
  const sealedCpu = median(results.filter((r) => r.sealed).map((r) => r.cpu_s));
  const plainCpu = median(results.filter((r) => !r.sealed).map((r) => r.cpu_s));
  const ratio = sealedCpu / plainCpu;
  return {
    calls,
    hold_ms: holdMs,
    runs: results,
    median_cpu_s: { sealed: round(sealedCpu, 2), plain: round(plainCpu, 2) },
    cpu_ratio: round(ratio, 4),
    cpu_added_pct: round((ratio - 1) * 100, 2),
    target_ratio: 1.05,
    pass: ratio < 1.05,
  };
}

if (import.meta.main) {
  const [calls, holdMs, runs] = Deno.args.map(Number);
  console.log(
    JSON.stringify(
      await benchRecordingSealLoad(calls || 300, holdMs || 60_000, runs || 3),
      null,
      2,
    ),
  );
}
