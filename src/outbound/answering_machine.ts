import { z } from "zod";

/**
 * How the detector listens, in the terms the usual AMD uses (Asterisk's app_amd, whose
 * defaults these are): how long the far end may stay silent before saying anything, how
 * long a greeting a person gives, the silence after it that means a person waits for an
 * answer, and what counts as a word.
 */
export const AmdSettingsSchema = z.object({
  /** Silence from the answer longer than this: a machine (or dead air). */
  initial_silence_ms: z.number().int().min(500).max(10_000).default(2500),
  /** Talk before the first long pause longer than this: a recorded greeting. */
  greeting_ms: z.number().int().min(500).max(10_000).default(1500),
  /** Silence after the first words that marks a person waiting for a reply. */
  after_greeting_silence_ms: z.number().int().min(100).max(5000).default(800),
  /** The verdict is `unsure` when none came in this long. */
  total_analysis_ms: z.number().int().min(1000).max(15_000).default(5000),
  /** Voice shorter than this is noise, not a word. */
  min_word_ms: z.number().int().min(20).max(1000).default(100),
  /** Silence this long ends a word. */
  between_words_silence_ms: z.number().int().min(20).max(1000).default(50),
  /** This many words before the pause: a machine reading its greeting. */
  max_words: z.number().int().min(2).max(20).default(3),
  /** One word longer than this: a machine (a tone, music). */
  max_word_ms: z.number().int().min(500).max(15_000).default(5000),
  /** A frame's mean absolute level (16-bit) above which it is voice. */
  silence_threshold: z.number().int().min(16).max(8000).default(256),
}).strict();
export type AmdSettings = z.infer<typeof AmdSettingsSchema>;

/** Why the detector decided as it did. */
export type AmdCause =
  | "after_greeting_silence"
  | "initial_silence"
  | "long_greeting"
  | "max_words"
  | "long_word"
  | "too_long";

/** The detector's answer: a person, a machine, or not sure once the time is up. */
export interface AmdVerdict {
  result: "human" | "machine" | "unsure";
  cause: AmdCause;
  /** Audio heard before deciding, in ms. */
  afterMs: number;
  /** Words heard before deciding. */
  words: number;
}

/**
 * Answering-machine detection from the first seconds of the called party's audio, fed
 * one frame at a time (any length; 20 ms at 8 kHz from the call core). Each frame is
 * voice or silence by its mean level; runs of voice long enough are words. A person
 * answers with a word or two ("Hello?") and waits; a machine talks on, or says nothing
 * for long. Pure: the same audio always gives the same verdict, which {@link push}
 * returns once, on the frame that decides it.
 */
export class AnsweringMachineDetector {
  readonly #s: AmdSettings;
  #elapsedMs = 0;
  #silenceMs = 0;
  #voiceRunMs = 0;
  #greetingVoiceMs = 0;
  #inWord = false;
  #inGreeting = false;
  #words = 0;
  #verdict: AmdVerdict | undefined;

  constructor(settings: Partial<AmdSettings> = {}) {
    this.#s = AmdSettingsSchema.parse(settings);
  }

  /** The verdict once reached. */
  get verdict(): AmdVerdict | undefined {
    return this.#verdict;
  }

  /** Listens to one frame of 8 kHz audio; returns the verdict on the frame that decides it. */
  push(frame: Int16Array, sampleRate = 8000): AmdVerdict | undefined {
    if (this.#verdict || frame.length === 0) return undefined;
    const s = this.#s;
    const ms = (frame.length * 1000) / sampleRate;
    this.#elapsedMs += ms;
    let sum = 0;
    for (const sample of frame) sum += Math.abs(sample);
    const voiced = sum / frame.length > s.silence_threshold;
    if (voiced) {
      this.#voiceRunMs += ms;
      if (this.#inGreeting) this.#greetingVoiceMs += ms;
      if (!this.#inWord && this.#voiceRunMs >= s.min_word_ms) {
        this.#inWord = true;
        this.#words++;
        if (!this.#inGreeting) {
          this.#inGreeting = true;
          this.#greetingVoiceMs = this.#voiceRunMs;
        }
        this.#silenceMs = 0;
        if (this.#words >= s.max_words) return this.#decide("machine", "max_words");
      }
      if (this.#inWord) this.#silenceMs = 0;
      if (this.#voiceRunMs >= s.max_word_ms) return this.#decide("machine", "long_word");
      if (this.#inGreeting && this.#greetingVoiceMs >= s.greeting_ms) {
        return this.#decide("machine", "long_greeting");
      }
    } else {
      this.#voiceRunMs = 0;
      this.#silenceMs += ms;
      if (this.#inWord && this.#silenceMs >= s.between_words_silence_ms) this.#inWord = false;
      if (this.#inGreeting && this.#silenceMs >= s.after_greeting_silence_ms) {
        return this.#decide("human", "after_greeting_silence");
      }
      if (!this.#inGreeting && this.#silenceMs >= s.initial_silence_ms) {
        return this.#decide("machine", "initial_silence");
      }
    }
    if (this.#elapsedMs >= s.total_analysis_ms) return this.#decide("unsure", "too_long");
    return undefined;
  }

  #decide(result: AmdVerdict["result"], cause: AmdCause): AmdVerdict {
    this.#verdict = { result, cause, afterMs: Math.round(this.#elapsedMs), words: this.#words };
    return this.#verdict;
  }
}

/** Runs the detector over a whole recording in 20 ms frames; `unsure` when it ends first. */
export function detectAnsweringMachine(
  samples: Int16Array,
  settings: Partial<AmdSettings> = {},
): AmdVerdict {
  const detector = new AnsweringMachineDetector(settings);
  for (let i = 0; i < samples.length; i += 160) {
    const verdict = detector.push(samples.subarray(i, i + 160));
    if (verdict) return verdict;
  }
  return { result: "unsure", cause: "too_long", afterMs: samples.length / 8, words: 0 };
}

/**
 * Hears the end of a machine's greeting (and its tone), started once the detector has
 * called it a machine: true on the frame that completes `silenceMs` of unbroken silence,
 * so a message left then is recorded from its start.
 */
export class GreetingEndWatch {
  #quietMs = 0;

  constructor(
    private readonly silenceMs = 1000,
    private readonly threshold = AmdSettingsSchema.parse({}).silence_threshold,
  ) {}

  push(frame: Int16Array, sampleRate = 8000): boolean {
    if (frame.length === 0) return false;
    let sum = 0;
    for (const sample of frame) sum += Math.abs(sample);
    if (sum / frame.length > this.threshold) {
      this.#quietMs = 0;
      return false;
    }
    this.#quietMs += (frame.length * 1000) / sampleRate;
    return this.#quietMs >= this.silenceMs;
  }
}
