import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { IvrLanguage } from "./call_port.ts";
import type { SpeakReply, SpeakRequest } from "./espeak_wasm_worker.ts";
import { ESPEAK_VOICES } from "./synthesizer.ts";

export interface BundledEspeakOptions {
  clock: Clock;
  /** The thread stops after this long without a request; 30 s by default. */
  idleMs?: number;
}

interface Waiter {
  resolve(wav: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * The espeak-ng built into the program (see `espeak_wasm_worker.ts`), for machines
 * without an installed one. It runs on a thread of its own: an utterance takes about
 * 0.1 s of CPU, which must not hold up the event loop while calls are up. The thread
 * starts with the first request and stops when idle, since prompts are rendered once and
 * then served from the disk cache.
 */
export class BundledEspeak {
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #waiting = new Map<number, Waiter>();
  #worker: Worker | undefined;
  #nextId = 1;
  #cancelIdle: CancelTimer | undefined;

  constructor(options: BundledEspeakOptions) {
    this.#clock = options.clock;
    this.#idleMs = options.idleMs ?? 30_000;
  }

  /** WAV bytes (22.05 kHz mono) of `text` spoken in `language`. */
  synthesize(text: string, language: IvrLanguage): Promise<Uint8Array> {
    const worker = this.#thread();
    this.#cancelIdle?.();
    this.#cancelIdle = undefined;
    const id = this.#nextId++;
    const { promise, resolve, reject } = Promise.withResolvers<Uint8Array>();
    this.#waiting.set(id, { resolve, reject });
    const request: SpeakRequest = { id, text, voices: ESPEAK_VOICES[language] };
    worker.postMessage(request);
    return promise;
  }

  /** Stops the thread; speech still being made is refused. */
  close(): void {
    this.#stop(new Error("The built-in espeak-ng was stopped"));
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./espeak_wasm_worker.ts", import.meta.url), {
      type: "module",
      name: "espeak-ng",
    });
    worker.onmessage = (event: MessageEvent<SpeakReply>) => {
      const reply = event.data;
      const waiter = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if ("wav" in reply) waiter?.resolve(reply.wav);
      else waiter?.reject(new Error(reply.error));
      if (this.#waiting.size === 0 && this.#worker === worker) {
        this.#cancelIdle = this.#clock.setTimer(this.#idleMs, () => this.#stop());
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#stop(new Error(`The built-in espeak-ng failed: ${event.message}`));
    };
    this.#worker = worker;
    return worker;
  }

  #stop(reason = new Error("The built-in espeak-ng stopped")): void {
    this.#cancelIdle?.();
    this.#cancelIdle = undefined;
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const waiter of this.#waiting.values()) waiter.reject(reason);
    this.#waiting.clear();
  }
}
