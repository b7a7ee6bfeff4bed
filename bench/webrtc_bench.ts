/**
 * Cost of a WebRTC audio leg, stock werift SRTP against our lean path.
 *
 * `deno bench bench/webrtc_bench.ts`: per-packet protect and unprotect (Deno.bench).
 * `deno run -A bench/webrtc_bench.ts --legs 10,50 --seconds 10`: per-leg process CPU
 *   1. "crypto": N legs' worth of 50 packets/s each way through each SRTP path, no I/O;
 *   2. "legs": N/2 pairs of real WebRtcEndpoints over loopback (ICE, DTLS, UDP), each
 *      leg sending 50 packets/s, for both paths; also reports lost packets.
 */
import { Buffer } from "node:buffer";
import process from "node:process";
import {
  ProtectionProfileAes128CmHmacSha1_80,
  RtpHeader,
  RtpPacket as WeriftRtpPacket,
  SrtpSession,
} from "werift";
import { SystemClock } from "../src/clock/mod.ts";
import {
  MediaClock,
  type MediaLeg,
  parseRtp,
  PortPool,
  RtpEndpoint,
  serializeRtp,
  SrtpContext,
  WebRtcEndpoint,
} from "../src/media/mod.ts";

const key = crypto.getRandomValues(new Uint8Array(16));
const salt = crypto.getRandomValues(new Uint8Array(14));
const payload = crypto.getRandomValues(new Uint8Array(160));

function weriftSession() {
  const keys = {
    localMasterKey: Buffer.from(key),
    localMasterSalt: Buffer.from(salt),
    remoteMasterKey: Buffer.from(key),
    remoteMasterSalt: Buffer.from(salt),
  };
  return new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
}

/** One packet sent and one received the way each path does it. */
function stockPath(ssrc: number) {
  const tx = weriftSession();
  const rx = weriftSession();
  let seq = 0;
  return () => {
    const header = new RtpHeader({
      payloadType: 0,
      sequenceNumber: seq,
      timestamp: seq * 160,
      ssrc,
    });
    seq = (seq + 1) & 0xffff;
    const enc = tx.encrypt(Buffer.from(payload), header);
    WeriftRtpPacket.deSerialize(rx.decrypt(enc));
  };
}

function leanPath(ssrc: number) {
  const tx = new SrtpContext({ key, salt });
  const rx = new SrtpContext({ key, salt });
  let seq = 0;
  return () => {
    const rtp = serializeRtp({
      payloadType: 0,
      marker: false,
      sequenceNumber: seq,
      timestamp: seq * 160,
      ssrc,
      payload,
    });
    seq = (seq + 1) & 0xffff;
    const plain = rx.unprotectRtp(tx.protectRtp(rtp));
    if (!plain || !parseRtp(plain).ok) throw new Error("lean path failed");
  };
}

const stock = stockPath(1);
const lean = leanPath(2);
Deno.bench("SRTP send + receive of one 20 ms G.711 packet, stock werift", { group: "srtp" }, stock);
Deno.bench("SRTP send + receive of one 20 ms G.711 packet, lean path", {
  group: "srtp",
  baseline: true,
}, lean);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** N legs × 50 packets/s each way for `seconds`, paced by a 20 ms timer. */
async function cryptoRun(path: "stock" | "lean", legs: number, seconds: number) {
  const steps = Array.from(
    { length: legs },
    (_, i) => (path === "stock" ? stockPath : leanPath)(i),
  );
  const t0 = performance.now();
  const c0 = cpuMs();
  await new Promise<void>((resolve) => {
    let ticks = 0;
    const id = setInterval(() => {
      for (const s of steps) s();
      if (++ticks >= seconds * 50) {
        clearInterval(id);
        resolve();
      }
    }, 20);
  });
  const cpu = cpuMs() - c0;
  const wall = performance.now() - t0;
  const packets = legs * seconds * 50;
  return {
    path,
    legs,
    usPerPacketPair: +(cpu * 1000 / packets).toFixed(2),
    corePercentPerLeg: +(100 * cpu / wall / legs).toFixed(3),
  };
}

/** Real legs in pairs over loopback; every leg sends a frame per tick. */
async function legRun(path: "lean" | "werift" | "rtp", legs: number, seconds: number) {
  const clock = new SystemClock();
  const pairs: [MediaLeg, MediaLeg][] = [];
  if (path === "rtp") {
    // Plain RTP legs for comparison: what a trunk leg costs.
    const ports = new PortPool(42000, 42000 + legs * 2 + 20);
    const open = () => RtpEndpoint.open({ clock, ports, bindAddress: "127.0.0.1" });
    for (let i = 0; i < legs / 2; i++) {
      const a = await open();
      const b = await open();
      a.setRemote({ address: "127.0.0.1", port: b.port });
      b.setRemote({ address: "127.0.0.1", port: a.port });
      pairs.push([a, b]);
    }
  } else {
    const options = { clock, srtp: path, bindAddress: "127.0.0.1", hostAddresses: ["127.0.0.1"] };
    for (let i = 0; i < legs / 2; i++) {
      const a = await WebRtcEndpoint.open(options);
      const b = await WebRtcEndpoint.open(options);
      const offer = await a.offer();
      await a.acceptAnswer(await b.answer(offer));
      await Promise.all([a.connected(), b.connected()]);
      pairs.push([a, b]);
    }
  }
  const all = pairs.flat();
  const media = new MediaClock(clock);
  const frame = new Int16Array(160).map((_, i) => Math.round(5000 * Math.sin(i / 3)));
  media.add(() => {
    for (const leg of all) leg.sendFrame(frame);
  });
  await new Promise((r) => setTimeout(r, 1000)); // let handshakes' after-work settle
  const before = all.map((l) => l.counters.packetsIn);
  const c0 = cpuMs();
  const t0 = performance.now();
  media.start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  media.stop();
  const cpu = cpuMs() - c0;
  const wall = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  const sent = media.stats().ticks;
  const received = all.map((l, i) => l.counters.packetsIn - before[i]);
  const lost = received.reduce((s, r) => s + Math.max(0, sent - r), 0);
  const pacing = media.stats();
  for (const l of all) await l.close();
  return {
    path,
    legs: all.length,
    corePercentPerLeg: +(100 * cpu / wall / all.length).toFixed(3),
    usPerPacketPair: +(cpu * 1000 / (sent * all.length)).toFixed(2),
    packetsPerLeg: sent,
    lostTotal: lost,
    pacingP99Ms: +pacing.p99Ms.toFixed(2),
  };
}

if (Deno.args.includes("--legs")) {
  const arg = (name: string, fallback: string) => {
    const i = Deno.args.indexOf(name);
    return i >= 0 ? Deno.args[i + 1] : fallback;
  };
  const counts = arg("--legs", "10,50").split(",").map(Number);
  const seconds = Number(arg("--seconds", "10"));
  const results: unknown[] = [];
  for (const n of counts) {
    for (const p of ["stock", "lean"] as const) {
      const r = await cryptoRun(p, n, seconds);
      console.log("crypto", JSON.stringify(r));
      results.push({ kind: "crypto", ...r });
    }
  }
  if (!Deno.args.includes("--no-legs")) {
    for (const n of counts) {
      for (const p of ["rtp", "werift", "lean"] as const) {
        const r = await legRun(p, n, seconds);
        console.log("legs", JSON.stringify(r));
        results.push({ kind: "legs", ...r });
      }
    }
  }
  const out = new URL("./results/webrtc.json", import.meta.url);
  await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(
    out,
    JSON.stringify(
      {
        name: "webrtc",
        at: new Date().toISOString(),
        machine: { cores: navigator.hardwareConcurrency, deno: Deno.version.deno },
        seconds,
        results,
      },
      null,
      2,
    ) + "\n",
  );
}
