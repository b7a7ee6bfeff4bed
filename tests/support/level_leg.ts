/**
 * A media leg without a network, for tests of bridges, mixes and calls: it "speaks" a
 * constant level when told to (as decoded audio and as a PCMU packet, so both mixing and
 * relaying see it) and keeps every frame it is sent, decoded.
 */
import {
  decodeUlaw,
  encodeUlaw,
  type G711Law,
  type MediaLeg,
  type ReceivedAudio,
  type RtpPacket,
} from "../../src/media/mod.ts";

/** A leg without a network that speaks a constant level and keeps what it is sent. */
export class LevelLeg implements MediaLeg {
  readonly codec: G711Law = "PCMU";
  readonly payloadType = 0;
  readonly sent: Int16Array[] = [];
  readonly counters = { packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, lost: 0 };
  #audio: ((a: ReceivedAudio) => void)[] = [];
  #packets: ((p: RtpPacket) => void)[] = [];
  #timestamp = 0;
  #sequence = 0;

  onAudio(l: (a: ReceivedAudio) => void) {
    this.#audio.push(l);
    return () => this.#audio.splice(this.#audio.indexOf(l), 1);
  }
  onPacket(l: (p: RtpPacket) => void) {
    this.#packets.push(l);
    return () => this.#packets.splice(this.#packets.indexOf(l), 1);
  }
  onDigit() {
    return () => {};
  }
  sendFrame(pcm: Int16Array) {
    this.sent.push(pcm.slice());
  }
  sendPayload(payload: Uint8Array) {
    this.sent.push(Int16Array.from(payload, (b) => decodeUlaw(b)));
  }
  sendDigits() {}
  close() {
    return Promise.resolve();
  }
  /** One 20 ms frame of a constant level, as if it arrived from the peer. */
  speak(level: number) {
    const pcm = new Int16Array(160).fill(level);
    const sequenceNumber = this.#sequence++;
    for (const l of this.#audio) {
      l({ pcm, timestamp: this.#timestamp, sequenceNumber, ssrc: 1 });
    }
    const packet: RtpPacket = {
      marker: false,
      payloadType: 0,
      sequenceNumber,
      timestamp: this.#timestamp,
      ssrc: 1,
      csrc: [],
      payload: new Uint8Array(160).fill(encodeUlaw(level)),
      paddingLength: 0,
    };
    for (const l of this.#packets) l(packet);
    this.#timestamp += 160;
  }
  /** The level of the last frame this leg was sent, or undefined when it was sent nothing. */
  lastHeard(): number | undefined {
    return this.sent.at(-1)?.[0];
  }
}
