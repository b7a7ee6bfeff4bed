/**
 * The far end of the media benchmarks: its own process, one UDP socket that a sample of
 * the benchmark's calls name as their media address, and a report of how evenly the
 * appliance's audio arrived there. Run as
 * `deno run -A bench/_far_end_receiver.ts <measure from ms> <measure for ms>`: it prints
 * `{"port": n}` once bound, measures the window (counted from its start) and prints the
 * report as one JSON line when the window is over, then exits.
 *
 * Arrival is the kernel's timestamp of the datagram (`SO_TIMESTAMPNS`), taken when the
 * packet came off loopback, not when this process got round to reading it: on a busy
 * 2-core box a reader woken late would otherwise count its own lateness as the
 * appliance's. The reader still blocks in `recvmsg(2)` on a thread raised to real-time
 * priority where allowed, and reports how late it read (`read_delay_ms`) to show it kept up.
 *
 * Each stream (one SSRC) is measured against its own RTP timestamps: the deviation of a
 * packet is |arrival gap − timestamp gap / 8 kHz|, over consecutive sequence numbers only.
 * A sequence number that does not follow is a break; the numbers skipped over are lost.
 * So that the appliance hears its callers speak, every packet is answered from this
 * socket with a packet of A-law silence of the same size (the appliance latches onto it).
 *
 * @module
 */

import { raiseThreadPriority } from "../src/threads/mod.ts";
import { ArrivalTiming, type FarEndReport } from "./_far_end_timing.ts";
import { TimestampedSocket } from "./_far_end_socket.ts";

export type { FarEndReport } from "./_far_end_timing.ts";

function run(fromMs: number, forMs: number): FarEndReport {
  const priority = raiseThreadPriority("realtime");
  const socket = new TimestampedSocket();
  console.log(JSON.stringify({ port: socket.port }));

  const buffer = socket.buffer;
  const reply = new Uint8Array(2048);
  reply.fill(0xd5, 12); // A-law silence
  const replyView = new DataView(reply.buffer);
  const replySsrc = 0x5eed0000;
  const replies = new Map<string, { seq: number; ts: number }>();

  const timing = new ArrivalTiming();
  const startNs = socket.nowNs();
  const fromNs = startNs + BigInt(fromMs) * 1_000_000n;
  const untilNs = fromNs + BigInt(forMs) * 1_000_000n;

  while (socket.nowNs() < untilNs) {
    const got = socket.receive();
    if (got < 12) continue;
    answer(got);
    if (socket.arrivalNs < fromNs) continue;
    timing.record(buffer.subarray(0, got), socket.arrivalNs, socket.readNs);
  }

  /** Answers the packet in `buffer` (from the address in `socket.from`) with silence. */
  function answer(length: number): void {
    const key = socket.from.join(",");
    let state = replies.get(key);
    if (!state) replies.set(key, state = { seq: replies.size * 1000, ts: 0 });
    const payload = Math.min(length - 12, 160);
    reply[0] = 0x80;
    reply[1] = 8;
    reply[2] = state.seq >> 8 & 0xff;
    reply[3] = state.seq & 0xff;
    replyView.setUint32(4, state.ts);
    replyView.setUint32(8, (replySsrc + replies.size) >>> 0);
    state.seq = (state.seq + 1) & 0xffff;
    state.ts = (state.ts + payload) >>> 0;
    socket.sendTo(reply, 12 + payload, socket.from);
  }

  return timing.report(priority.granted);
}

if (import.meta.main) {
  const [fromMs, forMs] = Deno.args.map(Number);
  if (!(fromMs >= 0) || !(forMs > 0)) {
    throw new RangeError("Usage: _far_end_receiver.ts <measure from ms> <measure for ms>");
  }
  console.log(JSON.stringify(run(fromMs, forMs)));
}
