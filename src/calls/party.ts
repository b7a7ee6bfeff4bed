import type { MediaLeg } from "../media/mod.ts";
import type { Leg } from "../sip/mod.ts";

/**
 * What a party does on a call, which decides who hears whom:
 * - `talk`: hears and is heard by every other talking party (a caller, an agent);
 * - `listen`: hears the talking parties, is heard by nobody (silent monitoring);
 * - `whisper`: hears the talking parties, is heard only by the party it whispers to
 *   (coaching an agent without the caller hearing);
 * - `barge`: joins the conversation, heard by and hearing everyone, like `talk`; kept apart
 *   so that reports and screens can tell a supervisor who barged in from an agent;
 * - `hold`: hears nobody but what is played to it (music), is heard by nobody.
 */
export const PartyMode = {
  talk: "talk",
  listen: "listen",
  whisper: "whisper",
  barge: "barge",
  hold: "hold",
} as const;
export type PartyMode = typeof PartyMode[keyof typeof PartyMode];

/** Who a party is to the center. */
export type PartyRole = "caller" | "agent" | "supervisor" | "outside";

/** A move the call core refuses: a party on an ended call, a mode that does not exist, … */
export class IllegalPartyMove extends Error {
  override name = "IllegalPartyMove";
}

/** Throws a RangeError when `mode` is not one of {@link PartyMode}. */
export function assertPartyMode(mode: string): asserts mode is PartyMode {
  if (!Object.hasOwn(PartyMode, mode)) {
    throw new RangeError(
      `Party mode "${mode}" does not exist; use one of ${Object.keys(PartyMode).join(", ")}`,
    );
  }
}

/** What a party is, as the call core's arrangement needs to know it. */
export interface PartyView {
  readonly id: string;
  readonly mode: PartyMode;
  /** The party a `whisper` party is heard by. */
  readonly whisperTo?: string;
}

/**
 * One person (or the outside line) on a call: their signalling leg, their audio, and their
 * mode. Parties are created by the call core when it answers or dials a leg; their mode is
 * changed only through the {@link Call} they belong to, which rearranges the media.
 */
export class Party implements PartyView {
  #mode: PartyMode;
  #whisperTo: string | undefined;
  #left = false;

  constructor(
    readonly id: string,
    readonly role: PartyRole,
    /** Audio to and from this party. */
    readonly media: MediaLeg,
    /** Signalling; absent for the caller, whose leg is the call's own. */
    readonly leg?: Leg,
    mode: PartyMode = "talk",
  ) {
    assertPartyMode(mode);
    this.#mode = mode;
  }

  get mode(): PartyMode {
    return this.#mode;
  }

  get whisperTo(): string | undefined {
    return this.#whisperTo;
  }

  /** True once the party has been removed from its call. */
  get left(): boolean {
    return this.#left;
  }

  /** @internal Only {@link Call} changes a party's mode, after checking the move. */
  setMode(mode: PartyMode, whisperTo?: string): void {
    this.#mode = mode;
    this.#whisperTo = mode === "whisper" ? whisperTo : undefined;
  }

  /** @internal */
  markLeft(): void {
    this.#left = true;
  }
}
