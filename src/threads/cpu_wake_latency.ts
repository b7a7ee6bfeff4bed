/**
 * Keeps the CPUs quick to wake while calls are up. A CPU with nothing to do enters an idle
 * state, and leaving it when a timer fires takes time: microseconds from a bare machine's
 * shallow states, more from its deep ones, and in a virtual machine a halted virtual CPU
 * waits for the host to run it again, which took 1–10 ms a few times a second on our
 * machines (decision 047). The socket thread's wake-up at each phase then comes that late,
 * and so do the packets of that phase, whatever the thread's priority.
 *
 * Linux's PM QoS interface takes a wake-up latency limit from a process that holds
 * `/dev/cpu_dma_latency` open with a 32-bit value written to it: idle states slower to
 * leave than the lowest limit held are not used, and the limit ends when the file is
 * closed, by the process or by its exit (Documentation/power/pm_qos_interface.rst). With
 * 0 an idle CPU polls instead of halting, as real-time audio systems ask. That costs power
 * while it stands, so it stands only while the appliance has media sockets open.
 *
 * @module
 */
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { ThreadPriority } from "./priority.ts";

/** The kernel's PM QoS device for the CPUs' wake-up latency. */
export const CPU_LATENCY_DEVICE = "/dev/cpu_dma_latency";

/** What the request needs of a file: the limit written once, then kept open. */
export interface LatencyFile {
  writeSync(bytes: Uint8Array): number;
  close(): void;
}

export interface CpuWakeLatencyOptions {
  /** The longest wake-up to allow, µs (default 0: CPUs poll rather than halt). */
  limitUs?: number;
  /** Opens the device for writing (default: {@link CPU_LATENCY_DEVICE}). */
  open?: () => LatencyFile;
  /** Told once why the request could not be made (no device, not permitted). */
  onFailure?: (reason: string) => void;
}

/**
 * The wake-up latency request, standing while any hold on it does. A request the system
 * refused is not tried again: the device and its permissions do not change while the
 * appliance runs.
 */
export class CpuWakeLatency {
  readonly #limitUs: number;
  readonly #open: () => LatencyFile;
  readonly #onFailure: (reason: string) => void;
  #file: LatencyFile | undefined;
  #holds = 0;
  #failure: string | undefined;

  constructor(options: CpuWakeLatencyOptions = {}) {
    this.#limitUs = options.limitUs ?? 0;
    this.#open = options.open ??
      (() => Deno.openSync(CPU_LATENCY_DEVICE, { write: true }));
    this.#onFailure = options.onFailure ?? (() => {});
  }

  /** Whether the limit stands now. */
  get requested(): boolean {
    return this.#file !== undefined;
  }

  /** Why the request could not be made, once it could not. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Takes a hold; the returned function lets go of it once (later calls do nothing). */
  hold(): () => void {
    if (this.#holds++ === 0) this.#request();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.#holds === 0) this.#withdraw();
    };
  }

  #request(): void {
    if (this.#failure !== undefined) return;
    let file: LatencyFile | undefined;
    try {
      file = this.#open();
      const limit = new Uint8Array(new Int32Array([this.#limitUs]).buffer);
      if (file.writeSync(limit) !== limit.length) throw new Error("the limit was cut short");
      this.#file = file;
    } catch (error) {
      file?.close();
      this.#failure = `${CPU_LATENCY_DEVICE}: ${
        error instanceof Deno.errors.PermissionDenied
          ? "not permitted (run as root to keep the CPUs quick to wake)"
          : error instanceof Error
          ? error.message
          : String(error)
      }`;
      this.#onFailure(this.#failure);
    }
  }

  #withdraw(): void {
    const file = this.#file;
    this.#file = undefined;
    try {
      file?.close();
    } catch {
      // Closed already: the request ended with it.
    }
  }
}

let shared: CpuWakeLatency | undefined;

/**
 * Makes `request` the one that {@link holdCpuWakeLatency} holds (undefined: none, as in
 * tests and wherever the appliance does not run at real-time priority).
 */
export function useCpuWakeLatency(request: CpuWakeLatency | undefined): void {
  shared = request;
}

/**
 * Gives the process its request where its threads run at real-time priority (both need
 * root): the CPUs are then asked to wake quickly while audio is paced. `onFailure` hears
 * once, at the first call, why the system refused.
 */
export function requestWakeLatencyAt(
  granted: ThreadPriority,
  onFailure?: (reason: string) => void,
): void {
  useCpuWakeLatency(granted === "realtime" ? new CpuWakeLatency({ onFailure }) : undefined);
}

/**
 * Holds the process's wake-up latency request; the result lets go. Undefined when the
 * process has none.
 */
export function holdCpuWakeLatency(): (() => void) | undefined {
  return shared?.hold();
}

export interface WakeWhileActiveOptions {
  clock: Clock;
  /** Let go this long after the last activity (ms; default 5 s). */
  quietMs?: number;
  /** Takes the hold (default {@link holdCpuWakeLatency}). */
  hold?: () => (() => void) | undefined;
}

/**
 * A hold on the wake-up latency request that stands while something keeps happening (the
 * socket thread pacing audio) and is let go `quietMs` after it last did, so that a box
 * between calls idles as it likes.
 */
export class WakeWhileActive {
  readonly #clock: Clock;
  readonly #quietMs: number;
  readonly #hold: () => (() => void) | undefined;
  #release: (() => void) | undefined;
  #cancel: CancelTimer | undefined;
  #lastAt = 0;

  constructor(options: WakeWhileActiveOptions) {
    this.#clock = options.clock;
    this.#quietMs = options.quietMs ?? 5_000;
    this.#hold = options.hold ?? holdCpuWakeLatency;
  }

  get held(): boolean {
    return this.#release !== undefined;
  }

  /** Something happened now: the hold stands (taken if it was not) for `quietMs` more. */
  active(): void {
    this.#lastAt = this.#clock.now();
    if (this.#release) return;
    this.#release = this.#hold();
    if (this.#release) this.#checkAfter(this.#quietMs);
  }

  /** Lets go now. */
  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#release?.();
    this.#release = undefined;
  }

  #checkAfter(ms: number): void {
    this.#cancel = this.#clock.setTimer(ms, () => {
      const quiet = this.#clock.now() - this.#lastAt;
      if (quiet >= this.#quietMs) this.stop();
      else this.#checkAfter(this.#quietMs - quiet);
    });
  }
}

/** Whether the process's request stands, and why not when it could not be made. */
export function cpuWakeLatencyState(): { requested: boolean; failure?: string } | undefined {
  if (!shared) return undefined;
  const failure = shared.failure;
  return failure === undefined ? { requested: shared.requested } : { requested: false, failure };
}
