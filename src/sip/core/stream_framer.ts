/**
 * Cuts a byte stream (TCP, TLS) into whole SIP messages using Content-Length
 * (RFC 3261 §18.3), and recognises RFC 5626 §4.4.1 keep-alives between messages.
 */
import { SipParseError } from "./errors.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, parseMessage } from "./parser.ts";

export type FramedItem =
  /** One complete message, ready for `parseMessage(bytes, { stream: true })`. */
  | { kind: "message"; bytes: Uint8Array }
  /** A double CRLF: the peer expects a single CRLF back. */
  | { kind: "ping" }
  /** A lone CRLF: the answer to our ping. */
  | { kind: "pong" }
  /**
   * Framing is lost; the connection should be closed. Always the last item. When the
   * head of a request was readable, `error.partial` holds it, so it can be answered 400.
   */
  | { kind: "error"; error: SipParseError };

export interface StreamFramerOptions {
  maxMessageBytes?: number;
}

const CONTENT_LENGTH_RE = /^(?:content-length|l)[ \t]*:([^\r\n]*)$/gim;

export class StreamFramer {
  #buffer = new Uint8Array(0);
  #max: number;
  #failed = false;
  // A CRLF seen at the end of a chunk: a pong, or the first half of a ping.
  #loneCrlf = false;
  // Where the search for the end of the head resumes, so slow senders cost O(n) overall.
  #scanned = 0;
  // Size of the message being assembled, known once its head has arrived.
  #total?: number;

  constructor(options: StreamFramerOptions = {}) {
    this.#max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Bytes received but not yet framed. */
  get buffered(): number {
    return this.#buffer.length;
  }

  push(chunk: Uint8Array): FramedItem[] {
    if (this.#failed) {
      return [{ kind: "error", error: new SipParseError("Stream framing was already lost") }];
    }
    this.#append(chunk);
    const items: FramedItem[] = [];
    try {
      while (this.#next(items));
    } catch (cause) {
      this.#failed = true;
      this.#buffer = new Uint8Array(0);
      const error = cause instanceof SipParseError ? cause : new SipParseError(String(cause));
      items.push({ kind: "error", error });
    }
    return items;
  }

  #append(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    this.#buffer = joined;
  }

  #next(items: FramedItem[]): boolean {
    const buf = this.#buffer;
    if (buf.length === 0) return false;
    if (buf[0] === 13 || buf[0] === 10) return this.#keepAlive(items);
    this.#loneCrlf = false;
    this.#total ??= this.#measure(buf);
    if (this.#total === undefined || buf.length < this.#total) return false;
    const total = this.#total;
    this.#total = undefined;
    items.push({ kind: "message", bytes: buf.slice(0, total) });
    this.#buffer = buf.slice(total);
    this.#scanned = 0;
    return true;
  }

  /** Total size of the message at the head of `buf`, once its head is complete. */
  #measure(buf: Uint8Array): number | undefined {
    const headEnd = findDoubleCrlf(buf, Math.max(0, this.#scanned - 3));
    this.#scanned = buf.length;
    if (headEnd < 0) {
      if (buf.length > this.#max) {
        throw new SipParseError(`Message head exceeds ${this.#max} bytes`);
      }
      return undefined;
    }
    const head = new TextDecoder().decode(buf.subarray(0, headEnd));
    const lengths = [...head.matchAll(CONTENT_LENGTH_RE)].map((m) => m[1].trim());
    if (lengths.length === 0) {
      throw headError(buf, headEnd, "Content-Length is required on stream transports");
    }
    if (lengths.length > 1 || !/^[0-9]{1,9}$/.test(lengths[0])) {
      throw headError(buf, headEnd, "Content-Length is missing or malformed");
    }
    const total = headEnd + 4 + Number(lengths[0]);
    if (total > this.#max) throw new SipParseError(`Message exceeds ${this.#max} bytes`);
    return total;
  }

  #keepAlive(items: FramedItem[]): boolean {
    const buf = this.#buffer;
    this.#scanned = 0;
    if (buf[0] === 10) {
      // A stray LF between messages carries no meaning; drop it.
      this.#buffer = buf.slice(1);
      return true;
    }
    if (buf.length < 2) return false;
    if (buf[1] !== 10) {
      this.#buffer = buf.slice(1);
      return true;
    }
    if (buf.length >= 4 && buf[2] === 13 && buf[3] === 10) {
      items.push({ kind: "ping" });
      this.#buffer = buf.slice(4);
      this.#loneCrlf = false;
      return true;
    }
    if (buf.length === 3 && buf[2] === 13) return false;
    this.#buffer = buf.slice(2);
    if (this.#loneCrlf) {
      // The second half of a ping that arrived in two chunks.
      this.#loneCrlf = false;
      items.push({ kind: "ping" });
    } else {
      this.#loneCrlf = this.#buffer.length === 0;
      items.push({ kind: "pong" });
    }
    return true;
  }
}

/**
 * The error for a head whose length cannot be known, with what the parser makes of the
 * head alone: its reason names the problem and its partial request lets the peer be told
 * with a 400 (RFC 3261 §21.4.1) before the connection closes.
 */
function headError(buf: Uint8Array, headEnd: number, reason: string): SipParseError {
  try {
    parseMessage(buf.subarray(0, headEnd + 4), { stream: true });
  } catch (error) {
    if (error instanceof SipParseError) return error;
  }
  return new SipParseError(reason);
}

function findDoubleCrlf(buf: Uint8Array, from: number): number {
  for (let i = from; i + 3 < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) return i;
  }
  return -1;
}

/** RFC 5626 §4.4.1: the bytes of a keep-alive ping and of its pong. */
export const KEEPALIVE_PING = new Uint8Array([13, 10, 13, 10]);
export const KEEPALIVE_PONG = new Uint8Array([13, 10]);
