/**
 * Takeover time over repeated kills (issue 26): two appliances on two loopback addresses,
 * 127.0.0.2 and 127.0.0.3, the second paired as the first's standby, as in
 * tests/e2e/standby_takeover_test.ts. Each round SIGKILLs whichever box is primary, times
 * how long until the other answers `/api/v1/health` as primary (the default 10 s of silence
 * included), then starts the killed one again as the new primary's standby and waits for it
 * to have caught up. Ten kills, each bounded, the whole run bounded; median and worst
 * reported. Writes bench/results/takeover.json through run.ts, or run alone:
 * `deno run -A bench/takeover_bench.ts`.
 */
import { type RunningProcess, spawnAppliance } from "../tests/support/spawn_appliance.ts";

const KILLS = 10;
const ADDRESSES = ["127.0.0.2", "127.0.0.3"] as const;
/** The bound on a takeover; a round that takes longer fails the run. */
const TAKEOVER_LIMIT_MS = 30_000;
const CATCH_UP_LIMIT_MS = 30_000;
const RUN_LIMIT_MS = 10 * 60_000;
const PAIRING = /--standby-of (\S+) --pair-token (\S+)/;

interface Health {
  role: string;
  replication?: { epoch: number; applied_seq?: number; head_seq: number; last_contact_s?: number };
}

interface Box {
  address: string;
  dataDir: string;
  process: RunningProcess;
}

async function health(box: Box): Promise<Health> {
  const response = await fetch(`http://${box.address}:${box.process.httpPort}/api/v1/health`, {
    signal: AbortSignal.timeout(1000),
  });
  return await response.json() as Health;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, limitMs: number) {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${limitMs} ms waiting for ${what}`);
}

/** The pairing a primary shows: at start-up, or, for a promoted standby, after promotion. */
function pairingOf(box: Box): [string, string] {
  const output = box.process.output();
  const from = output.indexOf("promoted to primary");
  const found = PAIRING.exec(from < 0 ? output : output.slice(from));
  if (!found) throw new Error(`The primary at ${box.address} shows no pair token:\n${output}`);
  return [found[1], found[2]];
}

async function startStandby(address: string, dataDir: string, primary: Box): Promise<Box> {
  const [url, token] = pairingOf(primary);
  const process = await spawnAppliance(dataDir, [
    "--bind",
    address,
    "--role",
    "standby",
    "--standby-of",
    url,
    "--pair-token",
    token,
  ]);
  const box = { address, dataDir, process };
  const epoch = (await health(primary)).replication?.epoch;
  // Caught up means it read the primary's current feed (it names the primary's epoch) and
  // holds all of it; before its first read it shows its old position, which proves nothing.
  await until("the standby to catch up", async () => {
    const seen = await health(box);
    const r = seen.replication;
    if (!r || seen.role !== "standby" || r.epoch !== epoch) return undefined;
    return typeof r.applied_seq === "number" && r.applied_seq === r.head_seq ? true : undefined;
  }, CATCH_UP_LIMIT_MS);
  return box;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function benchTakeover() {
  const started = performance.now();
  const dirs = await Promise.all(
    ADDRESSES.map((_, i) => Deno.makeTempDir({ prefix: `cc-takeover-${i}-` })),
  );
  let primary: Box = {
    address: ADDRESSES[0],
    dataDir: dirs[0],
    process: await spawnAppliance(dirs[0], ["--bind", ADDRESSES[0]]),
  };
  let standby: Box | undefined;
  const kills: { takeover_ms: number; rejoin_ms: number; epoch: number }[] = [];
  try {
    standby = await startStandby(ADDRESSES[1], dirs[1], primary);
    for (let i = 0; i < KILLS; i++) {
      if (performance.now() - started > RUN_LIMIT_MS) {
        throw new Error(`The run took over ${RUN_LIMIT_MS / 60_000} minutes after ${i} kills`);
      }
      primary.process.process.kill("SIGKILL");
      const killedAt = performance.now();
      await primary.process.stop();
      const promoted = standby;
      const seen = await until("the standby to take over", async () => {
        const now = await health(promoted);
        return now.role === "primary" ? now : undefined;
      }, TAKEOVER_LIMIT_MS);
      const takeoverMs = performance.now() - killedAt;
      const before = kills.at(-1)?.epoch ?? 1;
      if (seen.replication?.epoch !== before + 1) {
        throw new Error(
          `The standby took over in epoch ${seen.replication?.epoch}, not ${before + 1}`,
        );
      }
      const killed = primary;
      primary = promoted;
      standby = undefined;
      const rejoinFrom = performance.now();
      standby = await startStandby(killed.address, killed.dataDir, primary);
      kills.push({
        takeover_ms: Math.round(takeoverMs),
        rejoin_ms: Math.round(performance.now() - rejoinFrom),
        epoch: seen.replication?.epoch ?? 0,
      });
      console.error(`kill ${i + 1}: took over in ${Math.round(takeoverMs)} ms`);
    }
  } finally {
    await standby?.process.stop();
    await primary.process.stop();
    for (const dir of dirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  const times = kills.map((k) => k.takeover_ms);
  return {
    kills: kills.length,
    takeover_after_s: 10,
    takeover_median_ms: median(times),
    takeover_worst_ms: Math.max(...times),
    takeover_best_ms: Math.min(...times),
    rejoin_median_ms: median(kills.map((k) => k.rejoin_ms)),
    each: kills,
  };
}

if (import.meta.main) console.log(JSON.stringify(await benchTakeover(), null, 2));
