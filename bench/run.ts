/**
 * `deno task bench`: runs every benchmark and writes JSON to bench/results/.
 * Figures are medians of several runs on this machine; compare ratios between runs
 * on the same machine rather than single times.
 */
import { benchStartup } from "./startup.ts";

const RESULTS = new URL("./results/", import.meta.url).pathname;
await Deno.mkdir(RESULTS, { recursive: true });

function machine() {
  return {
    cores: navigator.hardwareConcurrency,
    deno: Deno.version.deno,
    os: Deno.build.os,
    arch: Deno.build.arch,
    load: Deno.loadavg(),
  };
}

async function write(name: string, result: unknown): Promise<void> {
  const body = { name, at: new Date().toISOString(), machine: machine(), result };
  await Deno.writeTextFile(`${RESULTS}${name}.json`, JSON.stringify(body, null, 2) + "\n");
  console.log(`${name}: ${JSON.stringify(result)}`);
}

const only = Deno.args[0];

if (!only || only === "startup") {
  const startup = await benchStartup();
  await write("startup", startup);
}

if (!only || only === "micro") {
  // Deno.bench files (parsers, codecs, routing) in one run, as JSON.
  const files = [...Deno.readDirSync(new URL(".", import.meta.url))]
    .filter((e) => e.isFile && e.name.endsWith("_bench.ts"))
    .map((e) => `bench/${e.name}`)
    .sort();
  if (files.length > 0) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["bench", "--allow-all", "--json", ...files],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const parsed = JSON.parse(text);
    const summary = parsed.benches.map((
      b: {
        name: string;
        group?: string;
        results: { ok?: { avg: number; p99: number; n: number } }[];
      },
    ) => ({
      name: b.name,
      group: b.group ?? null,
      avg_ns: b.results[0]?.ok?.avg,
      p99_ns: b.results[0]?.ok?.p99,
      samples: b.results[0]?.ok?.n,
    }));
    await write("micro", summary);
  }
}

if (!only || only === "crm") {
  // 1,000,000 customers and 5,000,000 interactions generated first: a few minutes.
  const { benchCrm } = await import("./crm_bench.ts");
  await write("crm", await benchCrm());
}
