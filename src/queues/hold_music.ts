/**
 * Music on hold made from tones, so a queue has something pleasant to play before any
 * prompt is uploaded: a slow arpeggio over four chords (C, A minor, F, G), each note a
 * soft sine with its second harmonic, shaped by a short attack and a long decay so the
 * loop has no clicks. 8 kHz mono, about 9.6 s, quiet enough (-16 dBFS peak) to leave
 * room for announcements.
 */

const RATE = 8000;
const NOTE_MS = 300;
const PEAK = 0.16 * 32767;

// MIDI note numbers; four notes per chord, played twice.
const CHORDS = [
  [60, 64, 67, 72],
  [57, 60, 64, 69],
  [53, 57, 60, 65],
  [55, 59, 62, 67],
];

let cached: Int16Array | undefined;

/** The loop's samples (shared; do not modify). */
export function holdMusic(): Int16Array {
  if (cached) return cached;
  const noteSamples = (NOTE_MS * RATE) / 1000;
  const notes = CHORDS.flatMap((chord) => [...chord, ...chord]);
  const out = new Int16Array(notes.length * noteSamples);
  notes.forEach((midi, n) => {
    const freq = 440 * 2 ** ((midi - 69) / 12);
    for (let i = 0; i < noteSamples; i++) {
      const t = i / RATE;
      const attack = Math.min(1, i / 80);
      const decay = Math.exp(-3 * (i / noteSamples));
      const tone = Math.sin(2 * Math.PI * freq * t) + 0.25 * Math.sin(4 * Math.PI * freq * t);
      out[n * noteSamples + i] = Math.round((PEAK / 1.25) * attack * decay * tone);
    }
  });
  cached = out;
  return out;
}
