import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { CallRecorder, pcmSource, type Player } from "../media/mod.ts";
import {
  CallerHangupError,
  type CollectOptions,
  type CollectResult,
  type IvrCallPort,
  type PlayItem,
  type PlayOptions,
  type PlayResult,
  type RecordOptions,
  type RecordResult,
} from "./call_port.ts";
import { recordCaller } from "./early_recording.ts";
import type { PromptAudio } from "./prompt_audio.ts";

/** The part of a call's media the IVR uses; `CallMedia` (src/calls) provides it on real calls. */
export interface IvrMedia {
  readonly player: Player;
  onDigit(listener: (digit: string) => void): () => void;
  onCallerAudio(listener: (frame: Int16Array) => void): () => void;
  /** Aborted when the caller's media is gone (hang-up, teardown). */
  readonly closedSignal: AbortSignal;
}

export interface IvrSessionOptions {
  callId: string;
  caller: string;
  dialed: string;
  clock: Clock;
  media: IvrMedia;
  prompts: PromptAudio;
  /** Voicemails are written to `<dataDir>/voicemails/<call id>.wav`. */
  dataDir: string;
  /** Ends the call from our side. */
  hangup: (reason: string) => void;
  /** Appends a call event (what the caller actually heard). */
  event?: (type: string, data: Record<string, unknown>) => void;
  /** Pauses and resumes the call's recording; without it nothing is recorded to pause. */
  recording?: { pause(): Promise<void>; resume(): void };
  log: Logger;
  /** A voicemail ends after this much silence; 6 s by default. */
  voicemailSilenceMs?: number;
}

/** The beep before a voicemail: 1 kHz for 200 ms at about −10 dBFS, with 5 ms ramps. */
export function beepTone(): Int16Array {
  const n = 1600;
  const ramp = 40;
  return Int16Array.from({ length: n }, (_, i) => {
    const gain = Math.min(1, i / ramp, (n - 1 - i) / ramp);
    return Math.round(10000 * gain * Math.sin((2 * Math.PI * 1000 * i) / 8000));
  });
}

const BEEP = beepTone();
const MAX_BUFFERED_KEYS = 64;
// Mean absolute level below which a 20 ms frame counts as silence (line noise of an idle
// G.711 channel decodes to a few units; quiet speech is in the hundreds).
const SILENCE_LEVEL = 120;

type Waiter = () => void;

/**
 * The IVR's view of a real call ({@link IvrCallPort}): prompts rendered by
 * {@link PromptAudio} and played on the call's player, keys from the call's media, and
 * voicemail recorded from the caller's audio.
 *
 * Keys are buffered as they arrive and kept until an input takes them: a caller who knows
 * the menu types ahead through an announcement that cannot be interrupted, and the keys
 * answer the next menu or entry (its prompt, interruptible, stops before it is heard).
 * Keys pressed after a barge-in are kept for the collect that follows. {@link clearKeys}
 * (a node's `clear_digits`) and a voicemail start afresh. Once the caller hangs up, every
 * pending call rejects with {@link CallerHangupError}, except `recordVoicemail`, which
 * keeps the message.
 */
export class IvrSession implements IvrCallPort {
  readonly callId: string;
  readonly caller: string;
  readonly dialed: string;
  readonly clock: Clock;
  readonly #options: IvrSessionOptions;
  readonly #media: IvrMedia;
  #keys: string[] = [];
  #waiters = new Set<Waiter>();
  #unsubscribe: () => void;
  #closed = false;

  constructor(options: IvrSessionOptions) {
    this.#options = options;
    this.callId = options.callId;
    this.caller = options.caller;
    this.dialed = options.dialed;
    this.clock = options.clock;
    this.#media = options.media;
    this.#unsubscribe = this.#media.onDigit((digit) => {
      if (this.#keys.length < MAX_BUFFERED_KEYS) this.#keys.push(digit);
      this.#wake();
    });
    this.#media.closedSignal.addEventListener("abort", () => this.#wake(), { once: true });
  }

  /** True once the caller's media is gone. */
  get callerGone(): boolean {
    return this.#media.closedSignal.aborted;
  }

  async play(items: readonly PlayItem[], options: PlayOptions): Promise<PlayResult> {
    this.#check(options.signal);
    const pcm = await this.#options.prompts.render(items);
    this.#check(options.signal);
    if (options.bargeIn && this.#keys.length > 0) {
      this.#heard(items, 0, "barged");
      return { digit: this.#keys.shift() };
    }
    const end = await this.#playPcm(pcm, options.bargeIn, options.signal, items);
    return end === "barged" ? { digit: this.#keys.shift() } : {};
  }

  collect(options: CollectOptions): Promise<CollectResult> {
    const { max, terminator, signal } = options;
    if (this.#gone(signal)) return Promise.reject(new CallerHangupError());
    let digits = options.bargeInDigits ?? "";
    if (digits.length >= max) {
      return Promise.resolve({ digits: digits.slice(0, max), reason: "max" });
    }
    return new Promise<CollectResult>((resolve, reject) => {
      let cancelTimer: (() => void) | undefined;
      const finish = (result: CollectResult | Error) => {
        cancelTimer?.();
        this.#waiters.delete(check);
        signal.removeEventListener("abort", check);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const arm = () => {
        cancelTimer?.();
        const wait = digits.length > 0 ? options.interDigitTimeoutMs : options.firstTimeoutMs;
        cancelTimer = this.clock.setTimer(wait, () => finish({ digits, reason: "timeout" }));
      };
      const check = () => {
        if (this.#gone(signal)) return finish(new CallerHangupError());
        let pressed = false;
        while (this.#keys.length > 0) {
          const key = this.#keys.shift()!;
          if (key === terminator) return finish({ digits, reason: "terminator" });
          digits += key;
          pressed = true;
          if (digits.length >= max) return finish({ digits, reason: "max" });
        }
        if (pressed) arm();
      };
      this.#waiters.add(check);
      signal.addEventListener("abort", check, { once: true });
      arm();
      check();
    });
  }

  async recordVoicemail(options: RecordOptions): Promise<RecordResult> {
    const { signal } = options;
    if (this.#gone(signal)) return { durationMs: 0, ended: "hangup" };
    this.#keys.length = 0;
    if (options.beep) {
      try {
        await this.#playPcm([BEEP], false, signal);
      } catch (error) {
        if (error instanceof CallerHangupError) return { durationMs: 0, ended: "hangup" };
        throw error;
      }
    }
    const relative = `voicemails/${this.callId}.wav`;
    // The caller speaks right after the beep, while the file (and its writer thread) may
    // still be opening.
    const opening = CallRecorder.create(`${this.#options.dataDir}/${relative}`, { channels: 1 });
    const recording = recordCaller(this.#media, opening);
    const silenceMs = this.#options.voicemailSilenceMs ?? 6000;
    const ended = await new Promise<RecordResult["ended"]>((resolve) => {
      let quietMs = 0;
      const finish = (why: RecordResult["ended"]) => {
        cancelTimer();
        stopAudio();
        this.#waiters.delete(check);
        signal.removeEventListener("abort", check);
        resolve(why);
      };
      const stopAudio = this.#media.onCallerAudio((frame) => {
        quietMs = meanLevel(frame) < SILENCE_LEVEL ? quietMs + (frame.length / 8) : 0;
        if (quietMs >= silenceMs) finish("silence");
      });
      const cancelTimer = this.clock.setTimer(options.maxMs, () => finish("max"));
      const check = () => {
        if (this.#gone(signal)) return finish("hangup");
        while (this.#keys.length > 0) if (this.#keys.shift() === "#") return finish("key");
      };
      this.#waiters.add(check);
      signal.addEventListener("abort", check, { once: true });
      check();
    });
    const result = (await recording.close())!;
    this.#options.log.info("voicemail recorded", {
      call_id: this.callId,
      path: relative,
      duration_ms: result.durationMs,
      ended,
    });
    return { path: relative, durationMs: result.durationMs, ended };
  }

  clearKeys(): void {
    if (this.#keys.length > 0) {
      this.#options.log.debug("IVR drops keys typed ahead", {
        call_id: this.callId,
        keys: this.#keys.length,
      });
    }
    this.#keys.length = 0;
  }

  async pauseRecording(): Promise<void> {
    await this.#options.recording?.pause();
  }

  resumeRecording(): void {
    this.#options.recording?.resume();
  }

  hangup(reason: string): Promise<void> {
    if (!this.callerGone) {
      this.#options.log.debug("IVR hangs up", { call_id: this.callId, reason });
      this.#options.hangup(reason);
    }
    return Promise.resolve();
  }

  /** Stops listening to the call; the flow is over. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    this.#media.player.stop();
    this.#wake();
  }

  /** Plays samples; resolves how the playback ended or rejects when the caller is gone. */
  #playPcm(
    parts: readonly Int16Array[],
    bargeIn: boolean,
    signal: AbortSignal,
    items?: readonly PlayItem[],
  ): Promise<"done" | "barged"> {
    const player = this.#media.player;
    if (parts.every((part) => part.length === 0)) return Promise.resolve("done");
    return new Promise((resolve, reject) => {
      const startedAt = this.clock.now();
      let settled = false;
      const finish = (end: "done" | "barged" | "hangup") => {
        if (settled) return;
        settled = true;
        this.#waiters.delete(check);
        signal.removeEventListener("abort", check);
        if (items) this.#heard(items, this.clock.now() - startedAt, end);
        if (end === "hangup") {
          player.stop();
          reject(new CallerHangupError());
        } else resolve(end);
      };
      const check = () => {
        if (this.#gone(signal)) return finish("hangup");
        if (bargeIn && this.#keys.length > 0) {
          player.bargeIn();
          finish("barged");
        }
      };
      player.stop();
      player.enqueue({
        source: pcmSource(parts),
        bargeIn,
        onEnd: (reason) => {
          if (reason === "done") finish("done");
          // Stopped from outside: by the media closing (which may stop the player just
          // before it reports the close) or by whoever takes the call over.
          else if (reason === "stopped") {
            queueMicrotask(() => finish(this.#gone(signal) ? "hangup" : "done"));
          }
        },
      });
      this.#waiters.add(check);
      signal.addEventListener("abort", check, { once: true });
    });
  }

  /** Records what the caller heard, so reports and tests can tell a prompt was played out. */
  #heard(items: readonly PlayItem[], ms: number, end: "done" | "barged" | "hangup"): void {
    try {
      this.#options.event?.("media.played", {
        items: items.map(describe),
        duration_ms: Math.round(ms),
        end,
      });
    } catch (error) {
      this.#options.log.warn("could not record a played prompt", { call_id: this.callId, error });
    }
  }

  #gone(signal: AbortSignal): boolean {
    return this.#closed || signal.aborted || this.callerGone;
  }

  #check(signal: AbortSignal): void {
    if (this.#gone(signal)) throw new CallerHangupError();
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

function describe(item: PlayItem): Record<string, unknown> {
  switch (item.kind) {
    case "prompt":
      return { kind: "prompt", name: item.name, language: item.language };
    case "tts":
      return { kind: "tts", text: item.text, language: item.language };
    default:
      return { kind: item.kind, value: item.value, language: item.language };
  }
}

function meanLevel(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += Math.abs(frame[i]);
  return frame.length === 0 ? 0 : sum / frame.length;
}
