import { MediaBridge, type MediaClock, MixingBridge } from "../media/mod.ts";
import { arrange, type Arrangement } from "./arrangement.ts";
import type { CallMedia } from "./call_media.ts";
import type { Party } from "./party.ts";
import type { RecordingWriter } from "./recording.ts";

/** The caller's party id on every call. */
export const CALLER = "caller";

/**
 * Carries a call's audio as its parties' modes say: the one place that builds relays and
 * mixes. Each change of parties or modes stops what ran and starts what the new
 * {@link arrange} result asks for. The caller's own player (prompts, music on hold) sends
 * only while the caller hears nobody; the recording, when there is one, gets the caller
 * and what the caller hears, only while the caller is in a conversation.
 */
export class CallAudio {
  #relay: MediaBridge | undefined;
  #mix: MixingBridge | undefined;
  #resumeCallerPlayer: (() => void) | undefined;
  #recording: RecordingWriter | undefined;
  readonly #outside = new Set<RecordingWriter>();
  #current: Arrangement = { kind: "none" };
  #closed = false;

  constructor(private readonly mediaClock: MediaClock, private readonly caller: CallMedia) {}

  /** What the audio is doing now. */
  get arrangement(): Arrangement {
    return this.#current;
  }

  /** Records from now on; a recording already running is kept (see {@link detachRecording}). */
  attachRecording(writer: RecordingWriter): void {
    this.#recording = writer;
  }

  /** Takes the recording off the call, to be closed by whoever asks. */
  detachRecording(): RecordingWriter | undefined {
    const writer = this.#recording;
    this.#recording = undefined;
    return writer;
  }

  get recording(): RecordingWriter | undefined {
    return this.#recording;
  }

  /**
   * Puts a recording that is fed from outside the bridges (the IVR records the caller
   * alone) under the call's pause and resume; returns the undo. Its owner writes and
   * closes it.
   */
  addOutsideRecording(writer: RecordingWriter): () => void {
    this.#outside.add(writer);
    return () => this.#outside.delete(writer);
  }

  /** Every recording of the call now: the conversation's first, then those fed from outside. */
  get recordings(): RecordingWriter[] {
    return [...(this.#recording ? [this.#recording] : []), ...this.#outside];
  }

  /** Rebuilds the audio for these parties (the call's present ones). */
  arrange(parties: readonly Party[]): Arrangement {
    if (this.#closed) return this.#current;
    this.#stopBridges();
    // The caller first: recorders take the first party of a relay or mix as the caller.
    const ordered = [...parties].sort((a, b) => (a.id === CALLER ? -1 : b.id === CALLER ? 1 : 0));
    const arrangement = arrange(ordered);
    this.#current = arrangement;
    let callerHears = false;
    if (arrangement.kind === "relay") {
      const [a, b] = arrangement.between.map((id) => ordered.find((p) => p.id === id)!);
      callerHears = a.id === CALLER;
      this.#relay = new MediaBridge(this.mediaClock, a.media, b.media, {
        onFrames: callerHears ? (c, other) => this.#recording?.write(c, other) : undefined,
      });
    } else if (arrangement.kind === "mix") {
      const members = ordered.filter((p) => arrangement.hears.has(p.id));
      callerHears = (arrangement.hears.get(CALLER)?.length ?? 0) > 0;
      this.#mix = new MixingBridge(
        this.mediaClock,
        members.map((p) => ({ id: p.id, leg: p.media, hears: arrangement.hears.get(p.id)! })),
        { onFrames: callerHears ? (c, heard) => this.#recording?.write(c, heard) : undefined },
      );
    }
    if (callerHears) {
      // The bridge is the caller endpoint's only sender now (one RTP stream per SSRC).
      this.caller.player.stop();
      this.#resumeCallerPlayer ??= this.caller.yieldSending();
    } else {
      this.#resumeCallerPlayer?.();
      this.#resumeCallerPlayer = undefined;
    }
    this.#relay?.start();
    this.#mix?.start();
    return arrangement;
  }

  /** Stops every bridge and gives back the caller's player; the recording is left to the caller of close. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopBridges();
    this.#resumeCallerPlayer?.();
    this.#resumeCallerPlayer = undefined;
    this.#current = { kind: "none" };
  }

  #stopBridges(): void {
    this.#relay?.stop();
    this.#relay = undefined;
    this.#mix?.stop();
    this.#mix = undefined;
  }
}
