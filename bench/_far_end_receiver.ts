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

const AF_INET = 2;
const SOCK_DGRAM = 2;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVTIMEO = 20;
const SO_TIMESTAMPNS = 35;
const CLOCK_REALTIME = 0;

const libc = Deno.dlopen("libc.so.6", {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  recvmsg: { parameters: ["i32", "buffer", "i32"], result: "isize" },
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
}).symbols;

/** Figures for one stream while it is measured. */
interface Stream {
  lastArrivalNs: bigint;
  lastSeq: number;
  lastTs: number;
  packets: number;
  lost: number;
  breaks: number;
}

/** What the receiver prints at the end of its window. */
export interface FarEndReport {
  streams: number;
  packets: number;
  lost: number;
  sequence_breaks: number;
  /** |arrival gap − RTP timestamp gap| per packet, ms. */
  interarrival_deviation_ms: { p50: number; p99: number; max: number };
  /** How long after the kernel's timestamp this process read each packet, ms. */
  read_delay_ms: { p50: number; p99: number; max: number };
  receiver_priority: string;
}

function openSocket(): { fd: number; port: number } {
  const fd = libc.socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) throw new Error("Could not open the far-end socket");
  const int = (v: number) => new Int32Array([v]);
  libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, int(8 << 20), 4);
  libc.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, int(1), 4);
  // Reads give up after 100 ms, so the window ends on time when nothing arrives.
  libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new BigInt64Array([0n, 100_000n]), 16);
  const addr = new Uint8Array(16);
  const view = new DataView(addr.buffer);
  view.setUint16(0, AF_INET, true);
  view.setUint16(2, 0, false);
  addr.set([127, 0, 0, 1], 4);
  if (libc.bind(fd, addr, 16) !== 0) throw new Error("Could not bind the far-end socket");
  const length = new Uint32Array([16]);
  libc.getsockname(fd, addr, length);
  return { fd, port: view.getUint16(2, false) };
}

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const pick = (q: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(pick(0.5)), p99: r(pick(0.99)), max: r(n === 0 ? 0 : sorted[n - 1]) };
}

function run(fromMs: number, forMs: number): FarEndReport {
  const priority = raiseThreadPriority("realtime");
  const { fd, port } = openSocket();
  console.log(JSON.stringify({ port }));

  const buffer = new Uint8Array(2048);
  const name = new Uint8Array(16);
  const iov = new BigUint64Array(2);
  iov[0] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer)));
  iov[1] = BigInt(buffer.length);
  const control = new Uint8Array(64);
  const msg = new BigUint64Array(7);
  const msgView = new DataView(msg.buffer);
  const controlView = new DataView(control.buffer);
  const pointer = (b: BufferSource) =>
    BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(b as Uint8Array)));
  const now = new BigInt64Array(2);
  const nowNs = () => {
    libc.clock_gettime(CLOCK_REALTIME, now);
    return now[0] * 1_000_000_000n + now[1];
  };

  const reply = new Uint8Array(2048);
  reply.fill(0xd5, 12); // A-law silence
  const replySsrc = 0x5eed0000;
  const replies = new Map<string, { seq: number; ts: number }>();

  const streams = new Map<number, Stream>();
  const deviations: number[] = [];
  const readDelays: number[] = [];
  const startNs = nowNs();
  const fromNs = startNs + BigInt(fromMs) * 1_000_000n;
  const untilNs = fromNs + BigInt(forMs) * 1_000_000n;

  while (nowNs() < untilNs) {
    msg[0] = pointer(name);
    msgView.setUint32(8, 16, true);
    msg[2] = pointer(iov);
    msg[3] = 1n;
    msg[4] = pointer(control);
    msg[5] = BigInt(control.length);
    msg[6] = 0n;
    const got = Number(libc.recvmsg(fd, msg, 0));
    if (got < 12) continue;
    const readNs = nowNs();
    // The one control message asked for: SCM_TIMESTAMPNS, a struct timespec.
    const controlLength = Number(msgView.getBigUint64(40, true));
    let arrivalNs = readNs;
    if (controlLength >= 32 && controlView.getInt32(12, true) === SO_TIMESTAMPNS) {
      arrivalNs = controlView.getBigInt64(16, true) * 1_000_000_000n +
        controlView.getBigInt64(24, true);
    }
    answer(got);
    if (arrivalNs < fromNs) continue;
    const pt = buffer[1] & 0x7f;
    if (pt !== 0 && pt !== 8) continue;
    const seq = (buffer[2] << 8) | buffer[3];
    const ts = ((buffer[4] << 24) | (buffer[5] << 16) | (buffer[6] << 8) | buffer[7]) >>> 0;
    const ssrc = ((buffer[8] << 24) | (buffer[9] << 16) | (buffer[10] << 8) | buffer[11]) >>> 0;
    readDelays.push(Number(readNs - arrivalNs) / 1e6);
    const stream = streams.get(ssrc);
    if (!stream) {
      streams.set(ssrc, {
        lastArrivalNs: arrivalNs,
        lastSeq: seq,
        lastTs: ts,
        packets: 1,
        lost: 0,
        breaks: 0,
      });
      continue;
    }
    stream.packets++;
    const step = (seq - stream.lastSeq) & 0xffff;
    if (step === 1) {
      const gapMs = Number(arrivalNs - stream.lastArrivalNs) / 1e6;
      const tsMs = ((ts - stream.lastTs) >>> 0) / 8;
      deviations.push(Math.abs(gapMs - tsMs));
    } else {
      stream.breaks++;
      // A jump forward loses what it skips; one backwards (late, duplicate) loses nothing.
      if (step < 0x8000) stream.lost += step - 1;
    }
    if (step === 1 || step < 0x8000) {
      stream.lastArrivalNs = arrivalNs;
      stream.lastSeq = seq;
      stream.lastTs = ts;
    }
  }

  /** Answers the packet in `buffer` (from the address in `name`) with silence. */
  function answer(length: number): void {
    const key = name.join(",");
    let state = replies.get(key);
    if (!state) replies.set(key, state = { seq: replies.size * 1000, ts: 0 });
    const payload = Math.min(length - 12, 160);
    reply[0] = 0x80;
    reply[1] = 8;
    reply[2] = state.seq >> 8 & 0xff;
    reply[3] = state.seq & 0xff;
    new DataView(reply.buffer).setUint32(4, state.ts);
    new DataView(reply.buffer).setUint32(8, (replySsrc + replies.size) >>> 0);
    state.seq = (state.seq + 1) & 0xffff;
    state.ts = (state.ts + payload) >>> 0;
    libc.sendto(fd, reply, BigInt(12 + payload), 0, name, 16);
  }

  let lost = 0;
  let breaks = 0;
  let packets = 0;
  for (const s of streams.values()) {
    lost += s.lost;
    breaks += s.breaks;
    packets += s.packets;
  }
  return {
    streams: streams.size,
    packets,
    lost,
    sequence_breaks: breaks,
    interarrival_deviation_ms: percentiles(deviations),
    read_delay_ms: percentiles(readDelays),
    receiver_priority: priority.granted,
  };
}

if (import.meta.main) {
  const [fromMs, forMs] = Deno.args.map(Number);
  if (!(fromMs >= 0) || !(forMs > 0)) {
    throw new RangeError("Usage: _far_end_receiver.ts <measure from ms> <measure for ms>");
  }
  console.log(JSON.stringify(run(fromMs, forMs)));
}
