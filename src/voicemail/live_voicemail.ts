import type { Call, CallService } from "../calls/mod.ts";
import { CALLER } from "../calls/mod.ts";
import type { Clock } from "../clock/mod.ts";
import { beepTone, type IvrLanguage, type PromptAudio, type SavedVoicemail } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import { pcmSource } from "../media/mod.ts";

export interface LiveVoicemailOptions {
  /** The call-control API: plays the greeting and records the caller. */
  calls: Pick<CallService, "play" | "recordCaller">;
  clock: Clock;
  log: Logger;
  /** Messages are written to `<dataDir>/voicemails/<call id>.wav`, as the IVR's are. */
  dataDir: string;
  /** Speaks the greeting; without it the caller hears the beep only. */
  prompts?: PromptAudio;
  /** Stores a message (the voicemail records, which tell the inbox); returns its id. */
  save: (voicemail: SavedVoicemail) => number;
  /** Longest message; 2 minutes by default, as the IVR's voicemail node. */
  maxMs?: number;
  /** A message ends after this much silence; 6 s by default. */
  silenceMs?: number;
}

/** Who the message is from and where it goes. */
export interface LiveMessage {
  box: string;
  customerId: number | null;
  language: IvrLanguage;
}

/** How taking a message ended: its voicemail id, or why there is none. */
export type LiveMessageResult =
  | { id: number; durationMs: number; ended: "max" | "silence" | "hangup" }
  | { id: null; reason: "gone" | "failed" };

const BEEP = beepTone();
// Mean absolute level below which a 20 ms frame counts as silence (as in the IVR).
const SILENCE_LEVEL = 120;
// How long past the greeting's own length to wait for the player to say it finished.
const PLAY_SLACK_MS = 2000;

/**
 * Takes a voicemail from a caller on a live call that no flow runs (a supervisor sent a
 * waiting caller to voicemail, or the queue overflowed to it): the box's greeting and a
 * beep through the call's player, then the caller's words recorded until they hang up, go
 * quiet or reach the longest message. The message lands in the voicemail inbox like one
 * left in the IVR. Whoever sent the caller here hangs up after.
 */
export class LiveVoicemail {
  readonly #o: LiveVoicemailOptions;

  constructor(options: LiveVoicemailOptions) {
    this.#o = options;
  }

  async take(call: Call, message: LiveMessage): Promise<LiveMessageResult> {
    const { calls, log, dataDir } = this.#o;
    const media = call.media;
    if (call.ended || !media) return { id: null, reason: "gone" };
    const relative = `voicemails/${call.id}.wav`;
    // The file opens while the greeting plays, so the caller's first words are kept.
    const opening = Deno.mkdir(`${dataDir}/voicemails`, { recursive: true })
      .then(() => calls.recordCaller(call, `${dataDir}/${relative}`));
    opening.catch(() => {});
    try {
      media.player.stop();
      await this.#greet(call, message.language);
      if (call.ended || media.closedSignal.aborted) {
        await (await opening).stop();
        return { id: null, reason: "gone" };
      }
      const recording = await opening;
      const ended = await this.#listen(call);
      const durationMs = await recording.stop();
      const id = this.#o.save({
        callId: call.id,
        flowId: null,
        customerId: message.customerId,
        caller: call.info.caller,
        box: message.box,
        path: relative,
        durationMs,
        at: this.#o.clock.now(),
      });
      log.info("voicemail taken on a live call", {
        call_id: call.id,
        voicemail_id: id,
        box: message.box,
        duration_ms: durationMs,
        ended,
      });
      return { id, durationMs, ended };
    } catch (error) {
      log.error("taking a voicemail failed", { call_id: call.id, box: message.box, error });
      return { id: null, reason: "failed" };
    }
  }

  /** Plays the greeting and the beep; resolves once played or the caller is gone. */
  async #greet(call: Call, language: IvrLanguage): Promise<void> {
    let parts: readonly Int16Array[] = [];
    try {
      parts = (await this.#o.prompts?.render([
        { kind: "prompt", name: "voicemail_greeting", language },
      ])) ?? [];
    } catch (error) {
      this.#o.log.warn("voicemail greeting unavailable; the caller hears the beep only", {
        call_id: call.id,
        error,
      });
    }
    if (call.ended) return;
    const audio = [...parts, BEEP];
    const lengthMs = audio.reduce((ms, part) => ms + part.length / 8, 0);
    const signal = call.media!.closedSignal;
    await new Promise<void>((resolve) => {
      const cancel = this.#o.clock.setTimer(lengthMs + PLAY_SLACK_MS, done);
      signal.addEventListener("abort", done, { once: true });
      function done() {
        cancel();
        signal.removeEventListener("abort", done);
        resolve();
      }
      this.#o.calls.play(call, CALLER, [{ source: pcmSource(audio), bargeIn: false, onEnd: done }]);
    });
  }

  /** Waits for the message to end: the caller hangs up, goes quiet, or talks too long. */
  #listen(call: Call): Promise<"max" | "silence" | "hangup"> {
    const media = call.media!;
    const silenceMs = this.#o.silenceMs ?? 6000;
    return new Promise((resolve) => {
      let quietMs = 0;
      const finish = (why: "max" | "silence" | "hangup") => {
        cancel();
        stopAudio();
        media.closedSignal.removeEventListener("abort", hungUp);
        resolve(why);
      };
      const hungUp = () => finish("hangup");
      const stopAudio = media.onCallerAudio((frame) => {
        quietMs = meanLevel(frame) < SILENCE_LEVEL ? quietMs + frame.length / 8 : 0;
        if (quietMs >= silenceMs) finish("silence");
      });
      const cancel = this.#o.clock.setTimer(this.#o.maxMs ?? 120_000, () => finish("max"));
      if (media.closedSignal.aborted) finish("hangup");
      else media.closedSignal.addEventListener("abort", hungUp, { once: true });
    });
  }
}

function meanLevel(frame: Int16Array): number {
  let sum = 0;
  for (const s of frame) sum += Math.abs(s);
  return frame.length === 0 ? 0 : sum / frame.length;
}
