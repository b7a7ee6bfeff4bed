import type { VirtualClock } from "../clock/mod.ts";
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

/**
 * The simulator's keypad notation, one entry per time the flow listens:
 *
 * - Entries are separated by spaces; each answers the next input (a menu, a collect,
 *   a survey question, or a prompt the caller may interrupt) in order: `3 12345#`.
 * - An entry is keys `0`–`9`, `*`, `#` pressed one after another. The input takes what
 *   it needs (a menu the first key; a collect up to its maximum or terminator) and the
 *   rest of the entry is typed ahead, as on a call: it answers the next input before the
 *   next entry does, unless a node with `clear_digits` or a voicemail drops it. An
 *   entry that stops short means the caller stops typing and the inter-digit timeout
 *   ends it.
 * - `_` is an entry where the caller presses nothing: the input times out.
 * - `!` is an entry where the caller hangs up.
 * - After the last entry the caller stays silent, so every further input times out.
 * - At a voicemail the caller speaks for 8 s (or the maximum) unless the next entry is
 *   `#` (ends the message) or `!` (hangs up after speaking).
 */
export const KEYPAD_NOTATION =
  "Entries separated by spaces, one per input in order (menu, collect, survey question, " +
  "interruptible prompt): keys 0-9 * #; `_` = press nothing (timeout); `!` = hang up. " +
  "Keys an input does not take are typed ahead into the next input; an entry without " +
  "terminator ends by the inter-digit timeout; after the last entry the caller is silent. " +
  'Example: "3 12345#"';

const ENTRY = /^([0-9*#]+|_|!)$/;

/** Splits a keypad script into entries; throws a RangeError naming a bad entry. */
export function parseKeypadScript(script: string): string[] {
  const entries = script.trim() === "" ? [] : script.trim().split(/\s+/);
  for (const entry of entries) {
    if (!ENTRY.test(entry)) {
      throw new RangeError(
        `Keypad entry ${JSON.stringify(entry)} is not keys (0-9 * #), _ (no key) or ! (hang up)`,
      );
    }
  }
  return entries;
}

/** A played item as the simulator reports it. */
export interface PlayedItem {
  at: number;
  item: PlayItem | { kind: "beep" };
  bargedIn: boolean;
}

const KEY_MS = 250;
const SPOKEN_MESSAGE_MS = 8000;

/** A rough speaking time so virtual time moves the way a call would. */
function speakingMs(item: PlayItem, words: (item: PlayItem) => string | null): number {
  switch (item.kind) {
    case "digits":
      return 450 * item.value.length;
    case "number":
      return 1200;
    case "date":
      return 2000;
    default: {
      const text = item.kind === "tts" ? item.text : words(item);
      if (!text) return 2000;
      return Math.max(800, text.length * (item.language === "en" ? 65 : 220));
    }
  }
}

/**
 * An {@link IvrCallPort} driven by a keypad script on a virtual clock: the simulator's
 * caller. Waiting for a timeout moves the clock by that timeout; nothing really waits.
 */
export class ScriptedCall implements IvrCallPort {
  readonly played: PlayedItem[] = [];
  /** Why we hung up, once we did. */
  hungUpBy: string | undefined;
  #entries: string[];
  /**
   * Keys left from an entry: after its first key interrupted a prompt, for the collect
   * that follows (empty when the caller stopped there), or typed ahead beyond what an
   * input took, for the next input.
   */
  #pending: string | undefined;
  #callerGone = false;

  constructor(
    readonly clock: VirtualClock,
    readonly callId: string,
    readonly caller: string,
    readonly dialed: string,
    script: string,
    private readonly words: (item: PlayItem) => string | null = () => null,
  ) {
    this.#entries = parseKeypadScript(script);
  }

  /** Keys the flow never took: those typed ahead, then the entries it never asked for. */
  get unusedEntries(): string[] {
    return this.#pending ? [this.#pending, ...this.#entries] : [...this.#entries];
  }

  play(items: readonly PlayItem[], options: PlayOptions): Promise<PlayResult> {
    this.#check();
    const at = this.clock.now();
    const typed = this.#pending;
    if (options.bargeIn && typed) {
      // Keys typed ahead stop the prompt before it is heard.
      for (const item of items) this.played.push({ at, item, bargedIn: true });
      this.#pending = typed.slice(1);
      return Promise.resolve({ digit: typed[0] });
    }
    // A caller who stopped typing after an interrupting key has nothing more typed ahead.
    if (typed === "") this.#pending = undefined;
    const total = items.reduce((sum, item) => sum + speakingMs(item, this.words), 0);
    const next = this.#entries[0];
    const bargeIn = options.bargeIn && next !== undefined && next !== "_";
    let offset = 0;
    for (const item of items) {
      this.played.push({ at: at + offset, item, bargedIn: bargeIn });
      offset += speakingMs(item, this.words);
    }
    if (bargeIn) {
      this.#entries.shift();
      this.clock.advance(Math.min(total, 1000));
      if (next === "!") return this.#leave();
      this.#pending = next.slice(1);
      return Promise.resolve({ digit: next[0] });
    }
    this.clock.advance(total);
    return Promise.resolve({});
  }

  collect(options: CollectOptions): Promise<CollectResult> {
    this.#check();
    let keys: string;
    let digits = options.bargeInDigits ?? "";
    if (this.#pending !== undefined) {
      keys = this.#pending;
    } else {
      const entry = this.#entries.shift();
      if (entry === "!") return this.#leave();
      keys = entry === undefined || entry === "_" ? "" : entry;
    }
    this.#pending = undefined;
    if (digits.length >= options.max) {
      this.#typeAhead(keys);
      return this.#done(digits.slice(0, options.max), "max");
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      this.clock.advance(KEY_MS);
      if (key === options.terminator) {
        this.#typeAhead(keys.slice(i + 1));
        return this.#done(digits, "terminator");
      }
      digits += key;
      if (digits.length >= options.max) {
        this.#typeAhead(keys.slice(i + 1));
        return this.#done(digits, "max");
      }
    }
    this.clock.advance(digits.length > 0 ? options.interDigitTimeoutMs : options.firstTimeoutMs);
    return this.#done(digits, "timeout");
  }

  recordVoicemail(options: RecordOptions): Promise<RecordResult> {
    this.#check();
    this.#pending = undefined;
    if (options.beep) {
      this.played.push({ at: this.clock.now(), item: { kind: "beep" }, bargedIn: false });
    }
    const durationMs = Math.min(options.maxMs, SPOKEN_MESSAGE_MS);
    this.clock.advance(durationMs);
    const next = this.#entries[0];
    let ended: RecordResult["ended"] = durationMs === options.maxMs ? "max" : "silence";
    if (next === "#" || next === "!") {
      this.#entries.shift();
      ended = next === "#" ? "key" : "hangup";
      if (next === "!") this.#callerGone = true;
    }
    return Promise.resolve({ durationMs, ended });
  }

  /** A simulation records nothing: there is nothing to pause. */
  pauseRecording(): Promise<void> {
    return Promise.resolve();
  }

  resumeRecording(): void {}

  clearKeys(): void {
    this.#pending = undefined;
  }

  hangup(reason: string): Promise<void> {
    this.hungUpBy = reason;
    return Promise.resolve();
  }

  /** Keeps keys an input did not take for the next one. */
  #typeAhead(keys: string): void {
    this.#pending = keys === "" ? undefined : keys;
  }

  #done(digits: string, reason: CollectResult["reason"]): Promise<CollectResult> {
    return Promise.resolve({ digits, reason });
  }

  #leave(): Promise<never> {
    this.#callerGone = true;
    return Promise.reject(new CallerHangupError());
  }

  #check(): void {
    if (this.#callerGone) throw new CallerHangupError();
  }
}
