import {
  conferenceMix,
  decodeG711,
  DtmfDetector,
  encodeG711,
  goertzelPowers,
  JitterBuffer,
} from "../src/media/mod.ts";

const frame = Int16Array.from({ length: 160 }, (_, i) => Math.round(9000 * Math.sin(i / 3)));
const ulaw = encodeG711("PCMU", frame);
const alaw = encodeG711("PCMA", frame);
const pcmOut = new Int16Array(160);
const byteOut = new Uint8Array(160);

Deno.bench("G.711 µ-law encode, one 20 ms frame", { group: "g711" }, () => {
  encodeG711("PCMU", frame, byteOut);
});

Deno.bench("G.711 µ-law decode, one 20 ms frame", { group: "g711" }, () => {
  decodeG711("PCMU", ulaw, pcmOut);
});

Deno.bench("G.711 A-law encode, one 20 ms frame", { group: "g711" }, () => {
  encodeG711("PCMA", frame, byteOut);
});

Deno.bench("G.711 A-law decode, one 20 ms frame", { group: "g711" }, () => {
  decodeG711("PCMA", alaw, pcmOut);
});

Deno.bench("Goertzel, eight DTMF bins over one 160-sample window", { group: "dtmf" }, () => {
  goertzelPowers(frame);
});

const detector = new DtmfDetector();
Deno.bench("DTMF detector, one 20 ms frame (two overlapping windows)", { group: "dtmf" }, () => {
  detector.process(frame);
});

const jb = new JitterBuffer();
let ts = 0;
Deno.bench("jitter buffer push + pop, one frame", () => {
  jb.push(ts, frame);
  ts += 160;
  jb.pop();
});

const parties = Array.from({ length: 5 }, (_, i) => ({ id: `p${i}`, frame }));
Deno.bench("conference mix of five parties, one frame", () => {
  conferenceMix(parties);
});
