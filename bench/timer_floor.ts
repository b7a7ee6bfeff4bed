/**
 * The machine's own timing floor: how late a lone thread wakes from `clock_nanosleep(2)`
 * to an absolute time every 2 ms (the socket thread's phase spacing), at the real-time
 * priority the appliance's socket thread asks for (`chrt`, where allowed), with and
 * without spinning the last 0.3 ms. Nothing of the appliance runs: whatever this reads
 * late (a virtual machine's vCPU woken by its host, other programs) is also in every
 * far-end figure, twice over, since a deviation is the difference of two departures.
 *
 * `deno task bench timer_floor`, or `deno run -A bench/timer_floor.ts [wakes]`.
 */

const SPIN_US = 300;

/** Runs inside the measuring process: wakes every 2 ms and prints the lateness in µs. */
function measure(wakes: number, spinUs: number): void {
  const lib = Deno.dlopen("libc.so.6", {
    clock_nanosleep: { parameters: ["i32", "i32", "buffer", "buffer"], result: "i32" },
    clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
  }).symbols;
  const CLOCK_MONOTONIC = 1;
  const TIMER_ABSTIME = 1;
  const ts = new BigInt64Array(2);
  const now = () => {
    lib.clock_gettime(CLOCK_MONOTONIC, ts);
    return ts[0] * 1_000_000_000n + ts[1];
  };
  const spin = BigInt(spinUs * 1000);
  const late = new Float64Array(wakes);
  const until = new BigInt64Array(2);
  let target = now() + 2_000_000n;
  for (let i = 0; i < wakes; i++) {
    const sleepTo = target - spin;
    until[0] = sleepTo / 1_000_000_000n;
    until[1] = sleepTo % 1_000_000_000n;
    lib.clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, until, null);
    while (now() < target) { /* the last stretch, spun */ }
    late[i] = Number(now() - target) / 1000;
    target += 2_000_000n;
  }
  console.log(JSON.stringify([...late]));
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(at(0.5)), p99: round(at(0.99)), p999: round(at(0.999)), max: round(at(1)) };
}

async function run(wakes: number, spinUs: number) {
  const source = `${measure.toString()}\nmeasure(${wakes}, ${spinUs});`;
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, source);
  const deno = Deno.execPath();
  const realtime = new Deno.Command("chrt", { args: ["--rr", "11", "true"] }).outputSync().success;
  const command = realtime
    ? new Deno.Command("chrt", { args: ["--rr", "11", deno, "run", "--allow-ffi", file] })
    : new Deno.Command(deno, { args: ["run", "--allow-ffi", file] });
  try {
    const out = await command.output();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr).slice(0, 300));
    const late = JSON.parse(new TextDecoder().decode(out.stdout)) as number[];
    return {
      spin_us: spinUs,
      wakes,
      priority: realtime ? "realtime" : "normal",
      lateness_us: percentiles(late),
    };
  } finally {
    await Deno.remove(file);
  }
}

/** Three runs each of sleeping all the way and of spinning the last 0.3 ms. */
export async function benchTimerFloor(wakes = 5000) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await run(wakes, 0));
    runs.push(await run(wakes, SPIN_US));
  }
  return { interval_ms: 2, runs };
}

if (import.meta.main) {
  console.log(JSON.stringify(await benchTimerFloor(Number(Deno.args[0] ?? 5000)), null, 2));
}
