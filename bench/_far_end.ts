/**
 * A far end for the media benchmarks: the receiver process (`_far_end_receiver.ts`) and a
 * second SIPp whose calls give the receiver's socket as their media address. Those calls
 * are a sample of the level's calls (the rest come from the benchmark's own SIPp), placed
 * over the same ramp and held as long; the receiver answers their audio with silence, so
 * the appliance does for them what it does for every other call.
 *
 * WebRTC legs have a far end of their own kind: a relay (`_far_end_relay.ts`) in front of
 * a sample of the benchmark's browsers, timing what passes through it.
 */

import dgram from "node:dgram";
import type { Appliance } from "./_appliance_process.ts";
import type { FarEndReport } from "./_far_end_timing.ts";
import type { RelayRequest } from "./_far_end_relay.ts";
import type { HostPort } from "./_relay_candidates.ts";
import { pause, runSippLoad, scenario, type SippCounts } from "./_sipp_load.ts";

export type { FarEndReport } from "./_far_end_timing.ts";

const RECEIVER = new URL("./_far_end_receiver.ts", import.meta.url).pathname;

/** How many of `calls` go to the far end: a tenth, at least 5 and at most 30. */
export function farEndSample(calls: number): number {
  return Math.min(calls, Math.max(5, Math.min(30, Math.round(calls / 10))));
}

/** A running receiver: its port, and its report once its window is over. */
export interface FarEnd {
  port: number;
  report: Promise<FarEndReport | null>;
}

/** Starts the receiver, measuring from `fromMs` after now for `forMs`. */
export async function startFarEnd(fromMs: number, forMs: number): Promise<FarEnd> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", RECEIVER, String(Math.round(fromMs)), String(Math.round(forMs))],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const nextLine = async (): Promise<string | undefined> => {
    while (!text.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) return text || undefined;
      text += value;
    }
    const at = text.indexOf("\n");
    const line = text.slice(0, at);
    text = text.slice(at + 1);
    return line;
  };
  const first = await nextLine();
  if (!first) throw new Error("The far-end receiver did not start");
  const { port } = JSON.parse(first) as { port: number };
  const report = (async () => {
    const line = await nextLine();
    await child.status;
    return line ? JSON.parse(line) as FarEndReport : null;
  })();
  return { port, report };
}

/** Options for {@link runFarEndCalls}. */
export interface FarEndCallsOptions {
  app: Appliance;
  farEnd: FarEnd;
  service: string;
  calls: number;
  rate: number;
  holdMs: number;
  timeoutS: number;
}

/** Places the sampled calls: silent callers whose media address is the receiver. */
export function runFarEndCalls(options: FarEndCallsOptions): Promise<SippCounts> {
  const xml = scenario("ivr_caller.xml", {
    caller: "+8613800000000",
    steps: pause(options.holdMs),
  }).replace("m=audio [media_port]", `m=audio ${options.farEnd.port}`);
  return runSippLoad({
    xml,
    app: options.app,
    service: options.service,
    calls: options.calls,
    rate: options.rate,
    limit: options.calls,
    timeoutS: options.timeoutS,
  });
}

/** The receiver's figures as the benchmarks' JSON carries them, with how many calls it heard. */
export function farEndFigures(report: FarEndReport | null, sampled: number) {
  if (!report) return null;
  return { sampled_calls: sampled, ...report };
}

const RELAY = new URL("./_far_end_relay.ts", import.meta.url).pathname;

/** A running WebRTC relay (`_far_end_relay.ts`) and its controls. */
export interface FarEndRelay {
  address: string;
  port: number;
  /**
   * Forwards between one appliance leg's addresses and one peer's, both ways, timing what
   * the appliance sends under `label`.
   */
  route(appliance: HostPort[], peer: HostPort[], label?: string): Promise<void>;
  /** Starts the measured window. */
  measure(): Promise<void>;
  /** The window's figures so far, per label (a label with no route has none). */
  report(): Promise<Record<string, FarEndReport>>;
  /** Ends the relay's process. */
  stop(): Promise<void>;
  /** Ends it at once, without waiting (a run that ran out of time). */
  kill(): void;
}

/** Starts the relay process and a control socket toward it. */
export async function startFarEndRelay(): Promise<FarEndRelay> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", RELAY],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await lines.read();
    if (done) throw new Error("The far-end relay did not start");
    text += value;
  }
  void lines.cancel().catch(() => {});
  const { port } = JSON.parse(text.slice(0, text.indexOf("\n"))) as { port: number };
  const address = "127.0.0.1";
  const control = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => control.bind(0, address, resolve));
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  control.on("message", (bytes: Uint8Array) => {
    const answer = JSON.parse(new TextDecoder().decode(bytes)) as { seq: number };
    waiting.get(answer.seq)?.(answer);
    waiting.delete(answer.seq);
  });
  let seq = 0;
  const request = (body: RelayRequest): Promise<Record<string, unknown>> => {
    const n = ++seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(n);
        reject(new Error(`The far-end relay did not answer ${body.op}`));
      }, 10_000);
      waiting.set(n, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      control.send(JSON.stringify({ ...body, seq: n }), port, address);
    });
  };
  const text4 = (h: HostPort) => `${h.address}:${h.port}`;
  return {
    address,
    port,
    async route(appliance, peer, label = "webrtc") {
      await request({
        op: "route",
        appliance: appliance.map(text4),
        peer: peer.map(text4),
        label,
      });
    },
    async measure() {
      await request({ op: "measure" });
    },
    async report() {
      return (await request({ op: "report" })).reports as Record<string, FarEndReport>;
    },
    kill() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    },
    async stop() {
      await request({ op: "stop" }).catch(() => {});
      control.close();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await child.status;
      clearTimeout(timer);
    },
  };
}
