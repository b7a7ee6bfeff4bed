/**
 * Sending for WebRTC legs through werift: one datagram at a time, each after the previous
 * was handed to the socket (sends made in one turn may overtake each other, which would
 * swap RFC 4733 packets), and werift's stock SRTP path, kept selectable (`srtp: "werift"`)
 * for comparison and as a fallback.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { RTCDtlsTransport } from "werift";
import { werift } from "./_werift.ts";

/** Runs queued sends strictly one after another. */
export class SerialSender {
  #queue: (() => Promise<unknown>)[] = [];
  #sending = false;
  #stopped = false;
  /** Sends that failed, or were dropped because the queue was full. */
  errors = 0;

  enqueue(send: () => Promise<unknown>): void {
    if (this.#stopped) return;
    if (this.#queue.length > 256) {
      this.errors++;
      return;
    }
    this.#queue.push(send);
    if (!this.#sending) void this.#drain();
  }

  /** Drops what is queued and refuses more. */
  stop(): void {
    this.#stopped = true;
    this.#queue = [];
  }

  async #drain(): Promise<void> {
    this.#sending = true;
    while (this.#queue.length > 0 && !this.#stopped) {
      const send = this.#queue.shift()!;
      try {
        await send();
      } catch {
        this.errors++;
      }
    }
    this.#sending = false;
  }
}

/**
 * werift's own SRTP: received packets come out serialized for `onRtp`; the returned
 * function sends one plain RTP packet through werift's RTP sender.
 */
export function weriftSrtpPath(
  dtls: RTCDtlsTransport,
  sender: SerialSender,
  onRtp: (bytes: Uint8Array) => void,
): (rtp: Uint8Array) => void {
  dtls.onRtp.subscribe((p) => onRtp(new Uint8Array(p.serialize())));
  return (rtp) => {
    const header = new (werift().RtpHeader)({
      payloadType: rtp[1] & 0x7f,
      marker: (rtp[1] & 0x80) !== 0,
      sequenceNumber: (rtp[2] << 8) | rtp[3],
      timestamp: readUint32(rtp, 4),
      ssrc: readUint32(rtp, 8),
    });
    sender.enqueue(() => dtls.sendRtp(Buffer.from(rtp.subarray(12)), header));
  };
}

function readUint32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
