/**
 * Connects two legs of a call, the caller's and the agent's. Audio is relayed as G.711
 * payload: copied when both legs speak the same law, converted byte by byte through a
 * table when one is PCMU and the other PCMA. The relay is paced by the {@link MediaClock}
 * like every other stream, one 20 ms frame per direction per tick, so packets of any
 * packet time (SIPp's 30 ms, a browser's 20 ms) come out as steady 20 ms packets, and the
 * recorder gets both directions' PCM for the same tick.
 *
 * Each direction keeps a small byte queue (G.711 is one byte per sample): it starts
 * after `prebufferMs` of audio, which absorbs jitter and packet-time mismatch, and drops
 * its oldest audio beyond `maxBufferMs` so delay cannot build up. An empty queue sends
 * silence so the far end's timestamps keep following real time.
 *
 * @module
 */

import { decodeG711, type G711Law, g711Silence, transcodeG711 } from "./g711.ts";
import type { MediaClock } from "./media_clock.ts";
import type { MediaLeg, ReceivedRtpDigit } from "./media_leg.ts";
import type { RtpPacket } from "./rtp_packet.ts";
import { newBytes, newInt16Frame } from "./_frame_pool.ts";

/** Which side of the bridge. */
export type BridgeSide = "caller" | "agent";

/** Options for {@link MediaBridge}. */
export interface MediaBridgeOptions {
  /**
   * Called every tick with what the caller said and what the agent said in that 20 ms
   * (silence where nothing arrived): the recorder's input, caller left, agent right.
   */
  onFrames?: (caller: Int16Array, agent: Int16Array) => void;
  /** Audio queued before a direction starts (and restarts after running dry); 40 ms. */
  prebufferMs?: number;
  /** Queued audio beyond which the oldest is dropped; 120 ms. */
  maxBufferMs?: number;
  /** Resend RFC 4733 digits from one leg to the other; true by default. */
  forwardDigits?: boolean;
}

/** Counters of one direction, named by the leg the audio comes from. */
export interface BridgeDirectionStats {
  packetsIn: number;
  framesOut: number;
  /** Packets whose law differed from the destination's and were converted. */
  transcoded: number;
  /** Ticks that found too little audio queued and sent (some) silence. */
  underruns: number;
  /** Samples dropped because the queue was over `maxBufferMs`. */
  droppedSamples: number;
}

const FRAME = 160;
/** Ticks during which a leg that is sending forwarded digits is fed PCM, not payload. */
const DIGIT_TICKS = 12;

class Direction {
  readonly from: MediaLeg;
  readonly to: MediaLeg;
  readonly stats: BridgeDirectionStats = {
    packetsIn: 0,
    framesOut: 0,
    transcoded: 0,
    underruns: 0,
    droppedSamples: 0,
  };
  readonly #prebuffer: number;
  readonly #max: number;
  #queue: Uint8Array;
  #length = 0;
  #playing = false;
  #started = false;
  /** Ticks left during which `to` may be sending digits. */
  digitTicks = 0;
  /** The law queued bytes are in: the destination's at the time they arrived. */
  #law: G711Law;

  constructor(from: MediaLeg, to: MediaLeg, prebufferMs: number, maxBufferMs: number) {
    this.from = from;
    this.to = to;
    this.#prebuffer = Math.max(FRAME, prebufferMs * 8);
    this.#max = Math.max(this.#prebuffer + FRAME, maxBufferMs * 8);
    this.#queue = new Uint8Array(this.#max + 1024);
    this.#law = to.codec;
  }

  push(packet: RtpPacket): void {
    const from = this.from;
    const law: G711Law | undefined = packet.payloadType === from.payloadType
      ? from.codec
      : packet.payloadType === 0
      ? "PCMU"
      : packet.payloadType === 8
      ? "PCMA"
      : undefined;
    if (!law) return; // telephone-event or comfort noise: not audio to relay
    this.stats.packetsIn++;
    this.#started = true;
    if (this.to.codec !== this.#law) {
      // The destination was renegotiated: convert what is queued.
      this.#queue.set(
        transcodeG711(this.#law, this.to.codec, this.#queue.subarray(0, this.#length)),
      );
      this.#law = this.to.codec;
    }
    let bytes = packet.payload;
    if (law !== this.#law) {
      bytes = transcodeG711(law, this.#law, bytes);
      this.stats.transcoded++;
    }
    if (bytes.length > this.#queue.length) {
      bytes = bytes.subarray(bytes.length - this.#queue.length);
    }
    const overflow = this.#length + bytes.length - this.#max;
    if (overflow > 0) {
      const drop = Math.min(overflow, this.#length);
      this.#queue.copyWithin(0, drop, this.#length);
      this.#length -= drop;
      this.stats.droppedSamples += drop;
    }
    this.#queue.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Sends this tick's frame to `to` and returns it as PCM (silence when none). */
  tick(): Int16Array {
    const law = this.#law;
    const frame = newBytes(FRAME).fill(g711Silence(law));
    if (!this.#playing && this.#length >= this.#prebuffer) this.#playing = true;
    if (this.#playing) {
      const take = Math.min(FRAME, this.#length);
      frame.set(this.#queue.subarray(0, take));
      this.#queue.copyWithin(0, take, this.#length);
      this.#length -= take;
      if (take < FRAME) {
        this.stats.underruns++;
        this.#playing = false;
      }
    }
    if (!this.#started) return newInt16Frame(FRAME);
    const pcm = decodeG711(law, frame, newInt16Frame(FRAME));
    if (this.digitTicks > 0) {
      // The leg replaces audio with event packets only on its frame path.
      this.digitTicks--;
      this.to.sendFrame(pcm);
    } else {
      this.to.sendPayload(frame, FRAME);
    }
    this.stats.framesOut++;
    return pcm;
  }
}

/** Relays audio and digits between a caller leg and an agent leg. */
export class MediaBridge {
  readonly #clock: MediaClock;
  readonly #options: MediaBridgeOptions;
  readonly #callerToAgent: Direction;
  readonly #agentToCaller: Direction;
  readonly #digitListeners: ((side: BridgeSide, digit: ReceivedRtpDigit) => void)[] = [];
  #unsubscribe: (() => void)[] = [];

  constructor(
    clock: MediaClock,
    caller: MediaLeg,
    agent: MediaLeg,
    options: MediaBridgeOptions = {},
  ) {
    this.#clock = clock;
    this.#options = options;
    const pre = options.prebufferMs ?? 40;
    const max = options.maxBufferMs ?? 120;
    this.#callerToAgent = new Direction(caller, agent, pre, max);
    this.#agentToCaller = new Direction(agent, caller, pre, max);
  }

  get running(): boolean {
    return this.#unsubscribe.length > 0;
  }

  /** Counters per direction, keyed by the side the audio comes from. */
  get stats(): Record<BridgeSide, BridgeDirectionStats> {
    return { caller: { ...this.#callerToAgent.stats }, agent: { ...this.#agentToCaller.stats } };
  }

  /** Digits received from either leg (whether or not they are forwarded). */
  onDigit(listener: (side: BridgeSide, digit: ReceivedRtpDigit) => void): () => void {
    this.#digitListeners.push(listener);
    return () => {
      const i = this.#digitListeners.indexOf(listener);
      if (i >= 0) this.#digitListeners.splice(i, 1);
    };
  }

  start(): void {
    if (this.running) return;
    for (
      const [side, dir] of [["caller", this.#callerToAgent], [
        "agent",
        this.#agentToCaller,
      ]] as const
    ) {
      this.#unsubscribe.push(dir.from.onPacket((p) => dir.push(p)));
      this.#unsubscribe.push(dir.from.onDigit((d) => this.#digit(side, dir, d)));
    }
    this.#unsubscribe.push(this.#clock.add(() => this.#tick()));
  }

  /** Stops relaying; the legs stay open (the call layer closes them). */
  stop(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
  }

  #tick(): void {
    const caller = this.#callerToAgent.tick();
    const agent = this.#agentToCaller.tick();
    this.#options.onFrames?.(caller, agent);
  }

  #digit(side: BridgeSide, dir: Direction, digit: ReceivedRtpDigit): void {
    for (const l of this.#digitListeners) l(side, digit);
    if (this.#options.forwardDigits === false) return;
    try {
      dir.to.sendDigits(digit.digit);
      dir.digitTicks = DIGIT_TICKS;
    } catch {
      // The other leg did not negotiate telephone-event; listeners still heard the digit.
    }
  }
}
