/**
 * What the media socket thread tells the main thread, gathered into few messages: received
 * datagrams packed many to a buffer (a 4-byte socket id, a 2-byte source index and a 2-byte
 * length, then the bytes) and the answers to its requests. This function's source text
 * runs inside the thread beside its body (`_udp_host_thread.ts`), so it imports nothing.
 *
 * @module
 */

import { packRecord } from "./_udp_host_records.ts";

/** The socket thread's side of its messages to the main thread. */
export interface ThreadReplies {
  /** An answer or a report; `soon` ones go at the end of this turn, others with the next batch. */
  reply(message: unknown, soon?: boolean): void;
  /** A datagram received on socket `id` from its source number `source`. */
  datagram(id: number, source: number, bytes: Uint8Array): void;
  /** Sends what has gathered, at the latest after the gathering time. */
  later(): void;
  /** Sends what has gathered now. */
  flush(): void;
}

/**
 * Replies posted with `post`; `beforeFlush` may add reports (socket errors) to each message.
 */
export function threadReplies(
  post: (messages: unknown[], transfer: ArrayBuffer[]) => void,
  beforeFlush: (push: (message: unknown) => void) => void,
): ThreadReplies {
  const HEADER = 8;
  const BATCH = 16 * 1024;
  // Received datagrams wait this long for company: fewer, fuller messages to the main
  // thread, at a few milliseconds of delay that nobody hears.
  const GATHER_MS = 4;
  let replies: unknown[] = [];
  let transfer: ArrayBuffer[] = [];
  const batch = new Uint8Array(BATCH);
  let used = 0;
  let flushQueued = false;
  let flushSoon = false;
  const push = (message: unknown) => replies.push(message);

  function later(): void {
    if (flushQueued) return;
    flushQueued = true;
    // A timer rather than a microtask, so datagrams that arrive together go together.
    setTimeout(() => {
      flushQueued = false;
      flush();
    }, GATHER_MS);
  }

  /** Answers to requests go at the end of this turn: binds and closes wait on them. */
  function soon(): void {
    if (flushSoon) return;
    flushSoon = true;
    queueMicrotask(() => {
      flushSoon = false;
      flush();
    });
  }

  function seal(): void {
    if (used === 0) return;
    // A copy of just what arrived goes over, and the batch is filled again: the main
    // thread counts every buffer it is handed towards its next full garbage collection,
    // so it gets as few bytes as there are, not a whole batch buffer each time.
    const bytes = batch.slice(0, used);
    replies.push({ op: "recv", bytes });
    transfer.push(bytes.buffer);
    used = 0;
  }

  function flush(): void {
    seal();
    beforeFlush(push);
    if (replies.length === 0) return;
    post(replies, transfer);
    replies = [];
    transfer = [];
  }

  return {
    reply(message, now = true) {
      seal();
      replies.push(message);
      if (now) soon();
      else later();
    },

    datagram(id, source, bytes) {
      const length = bytes.length;
      // A full batch goes at once: the main thread handles each message in one go, so
      // messages stay small enough (~90 packets) not to hold it up.
      if (used + HEADER + length > batch.length) flush();
      used = packRecord(batch, used, id, source, bytes);
      later();
    },

    later,
    flush,
  };
}
