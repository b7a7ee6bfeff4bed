import type { Clock } from "../clock/mod.ts";

/** Languages with a prompt set. */
export type IvrLanguage = "en" | "zh-CN";
export const IVR_LANGUAGES = ["en", "zh-CN"] as const satisfies readonly IvrLanguage[];

/**
 * One thing to say. Prompts are recordings from the catalogue in the given language;
 * readers (digits, number, date) are spoken from the language's digit and word
 * fragments; TTS is synthesised text.
 */
export type PlayItem =
  | { kind: "prompt"; name: string; language: IvrLanguage }
  | { kind: "tts"; text: string; language: IvrLanguage }
  | { kind: "digits"; value: string; language: IvrLanguage }
  | { kind: "number"; value: number; language: IvrLanguage }
  /** A calendar day as `YYYY-MM-DD`, already in the flow's time zone. */
  | { kind: "date"; value: string; language: IvrLanguage };

export interface PlayOptions {
  /**
   * When true, a key press stops the playback and is returned; a key typed ahead (before
   * the prompt started) stops it before it is heard.
   */
  bargeIn: boolean;
  signal: AbortSignal;
}

export interface PlayResult {
  /** The key that interrupted playback (only with `bargeIn`). */
  digit?: string;
}

export interface CollectOptions {
  /** Stop after this many keys (the terminator does not count). */
  max: number;
  /** A key that ends the entry early and is not part of it (`#` usually). */
  terminator?: string;
  /** How long to wait for the first key (after `bargeInDigits`, for the next one). */
  firstTimeoutMs: number;
  /** How long to wait between keys once the caller has started. */
  interDigitTimeoutMs: number;
  /** Keys already pressed while the prompt played; they start the entry. */
  bargeInDigits?: string;
  signal: AbortSignal;
}

export interface CollectResult {
  /** The keys pressed, without the terminator. */
  digits: string;
  reason: "max" | "terminator" | "timeout";
}

export interface RecordOptions {
  maxMs: number;
  /** Play a beep before recording starts. */
  beep: boolean;
  signal: AbortSignal;
}

export interface RecordResult {
  /** Where the recording was stored; absent when nothing was kept (a simulation). */
  path?: string;
  durationMs: number;
  /** Why the recording stopped; a caller hanging up after speaking is the usual end. */
  ended: "key" | "max" | "silence" | "hangup";
}

/**
 * What a call offers the IVR. The call layer implements it on the media engine for
 * real calls; the simulator implements it with a scripted keypad. Both run the same
 * interpreter, so what the simulator shows is what callers get.
 *
 * Keys the caller presses while nothing reads them (during an announcement, or beyond
 * what an input took) are typed ahead: kept, in order, for the next `play` with barge-in
 * or `collect`, until {@link IvrCallPort.clearKeys} or a voicemail drops them.
 *
 * Every method except `recordVoicemail` rejects with {@link CallerHangupError} once the
 * caller has gone; `recordVoicemail` resolves instead, because hanging up is how most
 * messages end and the message must still be kept.
 */
export interface IvrCallPort {
  /** The call's id as used in `call_events`. */
  readonly callId: string;
  /** The caller's number (ANI) as received; the IVR normalises it for look-ups. */
  readonly caller: string;
  /** The number dialled (DID). */
  readonly dialed: string;
  /** The time source for this call: the system clock, or a virtual one in simulations. */
  readonly clock: Clock;
  play(items: readonly PlayItem[], options: PlayOptions): Promise<PlayResult>;
  collect(options: CollectOptions): Promise<CollectResult>;
  recordVoicemail(options: RecordOptions): Promise<RecordResult>;
  /** Drops the keys typed ahead so far (a node's `clear_digits`). */
  clearKeys(): void;
  /**
   * Leaves the call's recording silent, marked as a pause, from now until
   * {@link resumeRecording}: a card number or PIN is being asked for. Resolves once the
   * pause is in place (a recording still opening is waited for), so nothing the caller
   * presses after it is kept.
   */
  pauseRecording(): Promise<void>;
  resumeRecording(): void;
  /** Ends the call from our side (the flow is done with the caller). */
  hangup(reason: string): Promise<void>;
}

/**
 * Raised by an {@link IvrCallPort} when the caller has hung up. It ends every call that
 * the caller ends, as a signal and not a fault: it carries no stack trace, whose capture
 * was a measurable part of each hang-up's work on the event loop.
 */
export class CallerHangupError extends Error {
  override name = "CallerHangupError";

  constructor(message = "The caller hung up") {
    // Error's constructor captures the trace; the limit is 0 only while it runs.
    super(withoutStackTrace(message));
    Error.stackTraceLimit = traceDepth;
  }
}

let traceDepth = Error.stackTraceLimit;

function withoutStackTrace(message: string): string {
  traceDepth = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return message;
}
