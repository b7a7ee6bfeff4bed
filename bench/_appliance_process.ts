/**
 * The appliance as its own process for the load benchmarks: free ports, CPU and memory
 * read from /proc, start-up until healthy, and an admin API client.
 */

import { APPLIANCE_V8_FLAGS, v8FlagsArgument } from "../scripts/v8_flags.ts";

const ROOT = new URL("../", import.meta.url).pathname;
export const ADMIN_PASSWORD = "bench-admin-1";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * The appliance's own V8 flags, as `deno task start` passes them, then BENCH_V8_FLAGS
 * (comma-separated, say `--trace-gc`): V8 lets a later flag override an earlier one, so
 * `BENCH_V8_FLAGS=--max-semi-space-size=0` measures V8's own young-generation sizing.
 */
export function applianceV8Flags(): string {
  const extra = Deno.env.get("BENCH_V8_FLAGS")?.split(",").filter(Boolean) ?? [];
  return v8FlagsArgument([...APPLIANCE_V8_FLAGS, ...extra]);
}

export function cpuMs(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
}

/**
 * Resolves once the process has used under `maxPercent` of a core for a whole `windowMs`
 * (start-up work such as rendering the built-in prompts is over), or after `limitMs`.
 */
export async function settled(
  pid: number,
  { windowMs = 1000, maxPercent = 5, limitMs = 60_000 } = {},
): Promise<void> {
  const deadline = performance.now() + limitMs;
  let before = cpuMs(pid);
  while (performance.now() < deadline) {
    await sleep(windowMs);
    const now = cpuMs(pid);
    if (((now - before) / windowMs) * 100 < maxPercent) return;
    before = now;
  }
}

export function rssKb(pid: number): number {
  const line = Deno.readTextFileSync(`/proc/${pid}/status`).split("\n").find((l) =>
    l.startsWith("VmRSS:")
  );
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

/**
 * Resident and proportional set size in kB (`/proc/<pid>/smaps_rollup`): PSS counts pages
 * shared with other processes (the `deno` binary's own, when other `deno` processes run)
 * by their share, so it is the figure that adds up across processes.
 */
export function memoryKb(pid: number): { rss: number; pss: number } {
  const text = Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`);
  const field = (name: string) => Number(text.match(new RegExp(`^${name}:\\s+(\\d+)`, "m"))?.[1]);
  return { rss: field("Rss"), pss: field("Pss") };
}

export interface Appliance {
  child: Deno.ChildProcess;
  httpPort: number;
  sipPort: number;
  data: string;
}

/** `env` adds to the appliance's environment (say `CC_SEAL_RECORDINGS: "false"`). */
export async function startAppliance(
  profileDir?: string,
  env: Record<string, string> = {},
): Promise<Appliance> {
  const data = await Deno.makeTempDir({ prefix: "cc-bench-" });
  const httpPort = freePort();
  const sipPort = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
      // BENCH_INSPECT=127.0.0.1:9229 opens V8's inspector, say for heap snapshots under load.
      ...(Deno.env.get("BENCH_INSPECT") ? [`--inspect=${Deno.env.get("BENCH_INSPECT")}`] : []),
      applianceV8Flags(),
      `${ROOT}src/main.ts`,
      "start",
      "--demo",
      "--data",
      data,
      "--bind",
      "127.0.0.1",
      "--http-port",
      String(httpPort),
      "--https-port",
      "0",
      "--sip-port",
      String(sipPort),
      "--rtp-ports",
      "30000-39999",
    ],
    env: { CC_LOG_LEVEL: "warn", CC_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
    // BENCH_V8_FLAGS (say `--trace-gc`) print on standard output, so it is kept then.
    stdout: Deno.env.get("BENCH_V8_FLAGS") ? "inherit" : "null",
    stderr: "inherit",
  }).spawn();
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${httpPort}/api/v1/health`);
      await r.body?.cancel();
      if (r.ok) return { child, httpPort, sipPort, data };
    } catch {
      // Not up yet.
    }
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error("The appliance did not start");
}

export type Api = (method: string, path: string, body?: unknown) => Promise<unknown>;

export async function signIn(httpPort: number): Promise<Api> {
  const base = `http://127.0.0.1:${httpPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`Login failed: ${login.status}`);
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const { csrf_token } = await login.json();
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** Runs `fn` against a fresh appliance, signed in as admin; stops it and removes its data after. */
export async function withAppliance<T>(
  fn: (app: Appliance, api: Api) => Promise<T>,
  profileDir?: string,
  env?: Record<string, string>,
): Promise<T> {
  const app = await startAppliance(profileDir, env);
  try {
    return await fn(app, await signIn(app.httpPort));
  } finally {
    app.child.kill("SIGTERM");
    await app.child.status;
    await Deno.remove(app.data, { recursive: true });
  }
}

/**
 * Datagrams the kernel dropped at each of the process's UDP sockets because its receive
 * buffer was full, by socket inode, with the socket's local port.
 */
export function udpDrops(pid: number): Map<string, { port: number; drops: number }> {
  const mine = new Set<string>();
  for (const entry of Deno.readDirSync(`/proc/${pid}/fd`)) {
    try {
      const target = Deno.readLinkSync(`/proc/${pid}/fd/${entry.name}`);
      if (target.startsWith("socket:[")) mine.add(target.slice(8, -1));
    } catch {
      // Closed while listing.
    }
  }
  const drops = new Map<string, { port: number; drops: number }>();
  for (const line of Deno.readTextFileSync("/proc/net/udp").split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (!mine.has(fields[9])) continue;
    drops.set(fields[9], {
      port: parseInt(fields[1].split(":")[1], 16),
      drops: Number(fields[12]),
    });
  }
  return drops;
}
