import type { MediaClock } from "../media/mod.ts";
import type { Leg, LegEndCause } from "../sip/mod.ts";
import type { Arrangement } from "./arrangement.ts";
import { CallAudio, CALLER } from "./call_audio.ts";
import type { CallMedia } from "./call_media.ts";
import { assertPartyMode, IllegalPartyMove, Party, type PartyMode } from "./party.ts";

/**
 * A call's life as the center sees it. `answered` means the appliance picked up (IVR,
 * queue); `connected` means a person (agent) is on it.
 */
export const CallState = {
  offered: "offered",
  answered: "answered",
  queued: "queued",
  connected: "connected",
  ended: "ended",
} as const;
export type CallState = typeof CallState[keyof typeof CallState];

const MOVES: Record<CallState, readonly CallState[]> = {
  offered: ["answered", "connected", "ended"],
  answered: ["queued", "connected", "ended"],
  queued: ["answered", "queued", "connected", "ended"],
  // Back to the appliance: the agent hung up and the caller stays for a survey.
  connected: ["answered", "queued", "connected", "ended"],
  ended: [],
};

export class IllegalCallTransition extends Error {
  override name = "IllegalCallTransition";
}

/** What a call tells those who listen to it: parties coming, going and changing mode. */
export interface CallListener {
  partyJoined(party: Party): void;
  partyLeft(party: Party): void;
  modeChanged(party: Party, from: PartyMode): void;
  arranged(arrangement: Arrangement): void;
}

/**
 * A call: the caller's leg and the parties on it, each with a mode, and the audio between
 * them, which {@link CallAudio} derives from the modes whenever they change. Parties join
 * once the caller's media is open (the appliance answered); illegal moves throw.
 */
export class Call {
  #state: CallState = "offered";
  #parties = new Map<string, Party>();
  #audio: CallAudio | undefined;
  #listeners: Partial<CallListener>[] = [];
  media?: CallMedia;
  endCause?: string;
  /** Set once the caller is known in the CRM. */
  customerId?: number;

  constructor(
    readonly id: string,
    readonly callerLeg: Leg,
    readonly info: {
      did: string;
      caller: string;
      callerName?: string;
      trunkId?: number;
      trunkName?: string;
    },
  ) {}

  get state(): CallState {
    return this.#state;
  }

  transition(to: CallState): void {
    if (!MOVES[this.#state].includes(to)) {
      throw new IllegalCallTransition(`Call ${this.id} cannot go from ${this.#state} to ${to}`);
    }
    this.#state = to;
    if (to === "ended") this.#endParties();
  }

  get ended(): boolean {
    return this.#state === "ended";
  }

  /**
   * Gives the call the caller's media (the appliance answered): the caller becomes the
   * first party, talking, and parties may join from now on.
   */
  attachMedia(media: CallMedia, mediaClock: MediaClock): Party {
    if (this.ended) throw new IllegalPartyMove(`Call ${this.id} has ended`);
    if (this.#audio) throw new IllegalPartyMove(`Call ${this.id} already has its media`);
    this.media = media;
    this.#audio = new CallAudio(mediaClock, media);
    const caller = new Party(CALLER, "caller", media.endpoint);
    this.#parties.set(CALLER, caller);
    return caller;
  }

  /** The parties on the call now, the caller first. */
  get parties(): Party[] {
    return [...this.#parties.values()];
  }

  /** The signalling legs of the call: the caller's, then each party's that has one. */
  get legs(): Leg[] {
    return [this.callerLeg, ...this.parties.flatMap((p) => p.leg ? [p.leg] : [])];
  }

  party(id: string): Party | undefined {
    return this.#parties.get(id);
  }

  /** How the audio is carried now. */
  get arrangement(): Arrangement {
    return this.#audio?.arrangement ?? { kind: "none" };
  }

  /** The call's audio, for recording. */
  get audio(): CallAudio | undefined {
    return this.#audio;
  }

  /** Puts a party on the call in its mode; the audio is rearranged at once. */
  join(party: Party): void {
    this.#assertOpen(`add ${party.id}`);
    if (party.left) throw new IllegalPartyMove(`Party ${party.id} has already left a call`);
    if (this.#parties.has(party.id)) {
      throw new IllegalPartyMove(`Party ${party.id} is already on call ${this.id}`);
    }
    if (party.mode === "whisper") this.#assertWhisperTarget(party.id, party.whisperTo);
    this.#parties.set(party.id, party);
    this.#rearrange();
    this.#emit("partyJoined", party);
  }

  /**
   * Changes what a party hears and who hears it. `whisperTo` names the party a `whisper`
   * is heard by: another party on the call that talks or barges.
   */
  setMode(partyId: string, mode: PartyMode, whisperTo?: string): void {
    assertPartyMode(mode);
    this.#assertOpen(`change ${partyId} to ${mode}`);
    const party = this.#parties.get(partyId);
    if (!party) throw new IllegalPartyMove(`Party ${partyId} is not on call ${this.id}`);
    if (mode === "whisper") this.#assertWhisperTarget(partyId, whisperTo);
    else if (whisperTo !== undefined) {
      throw new IllegalPartyMove(`Only a whisper names whom it is heard by, not ${mode}`);
    }
    const from = party.mode;
    if (from === mode && party.whisperTo === whisperTo) return;
    party.setMode(mode, whisperTo);
    this.#rearrange();
    this.#emit("modeChanged", party, from);
  }

  /** Takes a party off the call (its leg is the caller's of this method to end). */
  leave(partyId: string): Party | undefined {
    if (partyId === CALLER) throw new IllegalPartyMove("The caller leaves a call only by its end");
    const party = this.#parties.get(partyId);
    if (!party) return undefined;
    this.#parties.delete(partyId);
    party.markLeft();
    if (!this.ended) this.#rearrange();
    this.#emit("partyLeft", party);
    return party;
  }

  /** Subscribes to the call's party changes; returns the unsubscribe. */
  listen(listener: Partial<CallListener>): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  #assertOpen(what: string): void {
    if (this.ended) throw new IllegalPartyMove(`Cannot ${what}: call ${this.id} has ended`);
    if (!this.#audio) {
      throw new IllegalPartyMove(`Cannot ${what}: call ${this.id} is not answered yet`);
    }
  }

  #assertWhisperTarget(partyId: string, whisperTo: string | undefined): void {
    const target = whisperTo === undefined ? undefined : this.#parties.get(whisperTo);
    if (!target || whisperTo === partyId) {
      throw new IllegalPartyMove(
        `A whisper needs another party on call ${this.id} to be heard by, not "${whisperTo}"`,
      );
    }
    if (target.mode !== "talk" && target.mode !== "barge") {
      throw new IllegalPartyMove(
        `Party ${whisperTo} is on ${target.mode} and cannot hear a whisper; it must talk`,
      );
    }
  }

  #rearrange(): void {
    const arrangement = this.#audio?.arrange(this.parties);
    if (arrangement) this.#emit("arranged", arrangement);
  }

  #endParties(): void {
    this.#audio?.close();
    for (const party of this.#parties.values()) party.markLeft();
  }

  #emit<K extends keyof CallListener>(kind: K, ...args: Parameters<CallListener[K]>): void {
    // Listeners run after the audio is rearranged, so one that throws cannot leave the
    // call's media half changed; its error goes to whoever made the move.
    for (const listener of [...this.#listeners]) {
      (listener[kind] as ((...a: Parameters<CallListener[K]>) => void) | undefined)?.(...args);
    }
  }
}

/** Short words for why a call ended, as stored in `calls.end_cause`. */
export function describeEnd(cause: LegEndCause, side: "caller" | "agent"): string {
  if (cause.reason === "bye") return cause.by === "remote" ? `${side}_hangup` : "appliance_hangup";
  if (cause.reason === "cancel") {
    return cause.by === "remote" ? `${side}_cancel` : "appliance_cancel";
  }
  if (cause.reason === "rejected") return `rejected_${cause.status ?? "unknown"}`;
  return cause.reason;
}
