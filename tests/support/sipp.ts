import dgram from "node:dgram";
import { peerPath } from "./peers.ts";

const FIXTURES = new URL("../fixtures/sipp/", import.meta.url).pathname;

export interface SippResult {
  code: number;
  successful: number;
  failed: number;
  output: string;
  errors: string;
  messages: string;
}

export interface SippOptions {
  /** A scenario file in tests/fixtures/sipp/ (or SIPp's built-in name with `builtin`). */
  scenario?: string;
  builtin?: string;
  /** `{{name}}` placeholders in the scenario, replaced before SIPp reads it. */
  fill?: Record<string, string>;
  target: string;
  service?: string;
  calls?: number;
  rate?: number;
  /** Pause in ms for scenarios that use `-d`. */
  durationMs?: number;
  localIp?: string;
  transport?: "u1" | "un" | "t1";
  extra?: string[];
  timeoutS?: number;
  /** SIPp's own SIP port; one the system picks when left out. */
  localPort?: number;
  /** Stops SIPp early (its counters are then read from what it printed, if anything). */
  signal?: AbortSignal;
}

/** A UDP port nobody uses right now (SIPp wants explicit ports so parallel runs do not clash). */
export async function freeUdpPort(address = "127.0.0.1"): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Runs SIPp to completion and reads its counters from the final statistics screen. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  const work = await Deno.makeTempDir({ prefix: "cc-sipp-" });
  const args: string[] = [];
  if (options.scenario) {
    let text = await Deno.readTextFile(FIXTURES + options.scenario);
    for (const [name, value] of Object.entries(options.fill ?? {})) {
      text = text.replaceAll(`{{${name}}}`, value);
    }
    await Deno.writeTextFile(`${work}/scenario.xml`, text);
    args.push("-sf", `${work}/scenario.xml`);
  } else {
    args.push("-sn", options.builtin ?? "uac");
  }
  const localIp = options.localIp ?? "127.0.0.1";
  // A port found free can be taken by another process before SIPp binds it; SIPp then exits
  // at once, before any call, so trying again with fresh ports changes nothing else.
  let result = await runSippOnce(work, args, options, localIp);
  for (
    let attempt = 1;
    attempt < 3 && /Unable to bind/.test(result.errors + result.output);
    attempt++
  ) {
    result = await runSippOnce(work, args, options, localIp);
  }
  await Deno.remove(work, { recursive: true });
  return result;
}

async function runSippOnce(
  work: string,
  scenarioArgs: string[],
  options: SippOptions,
  localIp: string,
): Promise<SippResult> {
  for (const file of ["errors.log", "messages.log"]) {
    await Deno.remove(`${work}/${file}`).catch(() => {});
  }
  const args = [
    ...scenarioArgs,
    options.target,
    "-i",
    localIp,
    "-p",
    String(options.localPort ?? await freeUdpPort(localIp)),
    "-mp",
    String(await freeUdpPort(localIp)),
    "-m",
    String(options.calls ?? 1),
    "-r",
    String(options.rate ?? 10),
    "-t",
    options.transport ?? "u1",
    "-nostdin",
    "-timeout",
    `${options.timeoutS ?? 30}s`,
    "-timeout_error",
    "-trace_err",
    "-error_file",
    `${work}/errors.log`,
    "-trace_msg",
    "-message_file",
    `${work}/messages.log`,
  ];
  if (options.service) args.push("-s", options.service);
  if (options.durationMs !== undefined) args.push("-d", String(options.durationMs));
  args.push(...(options.extra ?? []));
  const out = await new Deno.Command(peerPath("sipp"), {
    args,
    cwd: work,
    stdout: "piped",
    stderr: "piped",
    signal: options.signal,
  })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  const read = (file: string) => Deno.readTextFile(`${work}/${file}`).catch(() => "");
  const counter = (name: string) =>
    Number(new RegExp(`${name}\\s*\\|[^|]*\\|\\s*(\\d+)`).exec(text)?.[1] ?? NaN);
  return {
    code: out.code,
    successful: counter("Successful call"),
    failed: counter("Failed call"),
    output: text,
    errors: await read("errors.log"),
    messages: await read("messages.log"),
  };
}
