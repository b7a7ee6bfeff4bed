/**
 * Start-up to healthy and idle memory of the real appliance process.
 * Target (issue: foundation): healthy in under 1 s, under 120 MB resident when idle.
 */

import { applianceV8Flags } from "./_appliance_process.ts";

const MAIN = new URL("../src/main.ts", import.meta.url).pathname;

export interface StartupResult {
  runs: number;
  healthy_ms: number[];
  healthy_ms_median: number;
  rss_mb: number[];
  rss_mb_median: number;
  first_start_ms: number;
  target: { healthy_ms: number; rss_mb: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

function rssMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN);
  return kb / 1024;
}

async function startOnce(
  dataDir: string,
  idleMs: number,
): Promise<{ healthyMs: number; rssMb: number }> {
  const port = freePort();
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      applianceV8Flags(),
      MAIN,
      "start",
      "--data",
      dataDir,
      "--bind",
      "127.0.0.1",
      "--http-port",
      String(port),
      "--https-port",
      "0",
      "--sip-port",
      "0",
    ],
    env: { CC_ADMIN_PASSWORD: "bench-admin-1" },
    stdout: "null",
    stderr: "null",
  }).spawn();
  let healthyMs = NaN;
  const deadline = started + 20_000;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      await response.body?.cancel();
      if (response.ok) {
        healthyMs = performance.now() - started;
        break;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, idleMs));
  const rss = rssMb(child.pid);
  child.kill("SIGTERM");
  await child.status;
  if (Number.isNaN(healthyMs)) throw new Error("the appliance did not become healthy within 20 s");
  return { healthyMs, rssMb: rss };
}

export async function benchStartup(runs = 5): Promise<StartupResult> {
  const dataDir = await Deno.makeTempDir({ prefix: "cc-bench-startup-" });
  // The first start creates the database, the admin and the TLS certificate.
  const first = await startOnce(dataDir, 200);
  const healthy: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await startOnce(dataDir, 2000);
    healthy.push(Math.round(run.healthyMs));
    rss.push(Math.round(run.rssMb * 10) / 10);
  }
  await Deno.remove(dataDir, { recursive: true });
  return {
    runs,
    healthy_ms: healthy,
    healthy_ms_median: median(healthy),
    rss_mb: rss,
    rss_mb_median: median(rss),
    first_start_ms: Math.round(first.healthyMs),
    target: { healthy_ms: 1000, rss_mb: 120 },
  };
}
