/**
 * What sealing recordings at rest costs: 300 calls of 3 minutes each, recorded in stereo
 * (8 kHz, 16-bit, two channels: 5.76 MB per call), are sealed as the store seals them when they close
 * (AES-256-GCM in 64 KiB chunks, read and written through the file system). The CPU
 * time spent sealing is set against the time those 300 calls take (3 minutes with all
 * of them up at once): the share of one core that encryption adds to a run of 300
 * recorded calls, compared with the same run without it (which spends nothing here).
 * Target: under 5 %. Writes bench/results/recording_seal.json and prints one line.
 *
 * Run alone with `deno run -A bench/recording_seal_bench.ts [calls] [seconds]`.
 */
import { cpuUsage } from "node:process";
import { RecordingKeys, sealFile } from "../src/recordings/mod.ts";

const calls = Number(Deno.args[0] ?? 300);
const seconds = Number(Deno.args[1] ?? 180);
const dir = await Deno.makeTempDir({ prefix: "cc-seal-bench-" });
try {
  const keys = new RecordingKeys(`${dir}/keys`);
  await keys.current();
  // One call's WAV: a header and speech-like noise, copied per call before sealing.
  const bytes = new Uint8Array(44 + seconds * 8000 * 2 * 2);
  crypto.getRandomValues(bytes.subarray(0, Math.min(bytes.length, 65536)));
  for (let i = 65536; i < bytes.length; i += 65536) {
    bytes.copyWithin(i, 0, Math.min(65536, bytes.length - i));
  }
  const plain = `${dir}/template.wav`;
  await Deno.writeFile(plain, bytes);

  let sealCpuUs = 0;
  const wallStart = performance.now();
  for (let i = 0; i < calls; i++) {
    const path = `${dir}/call-${i}.wav`;
    await Deno.copyFile(plain, path);
    const before = cpuUsage();
    await sealFile(path, `${path}.enc`, keys);
    const used = cpuUsage(before);
    sealCpuUs += used.user + used.system;
    await Deno.remove(`${path}.enc`);
  }
  const wallMs = performance.now() - wallStart;
  const callsSpanS = seconds; // all calls up at once for their length
  const share = (sealCpuUs / 1e6) / callsSpanS * 100;
  const result = {
    calls,
    call_seconds: seconds,
    mb_sealed: Math.round((bytes.length * calls) / 1e5) / 10,
    seal_cpu_s: Math.round(sealCpuUs / 1e4) / 100,
    wall_s: Math.round(wallMs / 10) / 100,
    cpu_share_of_one_core_pct: Math.round(share * 100) / 100,
    target_pct: 5,
    pass: share < 5,
  };
  await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(
    new URL("./results/recording_seal.json", import.meta.url),
    JSON.stringify(result, null, 2) + "\n",
  );
  console.log(
    `recording seal: ${calls} calls × ${seconds} s, ${result.mb_sealed} MB, ${result.seal_cpu_s} s CPU = ${result.cpu_share_of_one_core_pct} % of one core over the calls (target < 5 %) ${
      result.pass ? "PASS" : "FAIL"
    }`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
