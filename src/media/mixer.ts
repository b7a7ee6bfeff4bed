/**
 * Mixing of 20 ms PCM frames: a saturating sum, and the conference mix in which every
 * party hears everyone but themselves. Parties can be restricted in who hears them,
 * which covers supervisor listen (heard by nobody), whisper (heard only by the agent)
 * and barge (heard by all).
 *
 * @module
 */

/** Sums frames sample by sample, saturating at the Int16 range; missing frames are silence. */
export function mixFrames(
  frames: readonly (Int16Array | undefined)[],
  frameSamples = 160,
  out: Int16Array = new Int16Array(frameSamples),
): Int16Array {
  const acc = new Int32Array(frameSamples);
  for (const f of frames) if (f) addInto(acc, f);
  return saturate(acc, out);
}

/** One party of a conference mix. */
export interface MixParty {
  id: string;
  /** This party's frame for the current tick; undefined when it has nothing to say. */
  frame?: Int16Array;
  /** When set, only these parties hear this one; by default everyone else does. */
  audibleTo?: readonly string[];
  /** Multiplies this party's contribution (1 = unchanged). */
  gain?: number;
}

/**
 * Returns, for each party, the mix of everyone audible to it except itself. The sum of
 * all unrestricted parties is computed once and each party's own voice is subtracted
 * before saturating, so a loud party does not clip what it hears from others.
 */
export function conferenceMix(
  parties: readonly MixParty[],
  frameSamples = 160,
): Map<string, Int16Array> {
  const everyone = new Int32Array(frameSamples);
  const scaled = new Map<string, Int32Array>();
  for (const p of parties) {
    if (!p.frame) continue;
    const s = new Int32Array(frameSamples);
    const g = p.gain ?? 1;
    const n = Math.min(frameSamples, p.frame.length);
    for (let i = 0; i < n; i++) s[i] = Math.round(p.frame[i] * g);
    scaled.set(p.id, s);
    if (p.audibleTo === undefined) addInto(everyone, s);
  }
  const result = new Map<string, Int16Array>();
  for (const listener of parties) {
    const acc = everyone.slice();
    const own = scaled.get(listener.id);
    if (own && listener.audibleTo === undefined) subtractFrom(acc, own);
    for (const p of parties) {
      const s = scaled.get(p.id);
      if (s && p.id !== listener.id && p.audibleTo?.includes(listener.id)) addInto(acc, s);
    }
    result.set(listener.id, saturate(acc, new Int16Array(frameSamples)));
  }
  return result;
}

function addInto(acc: Int32Array, frame: ArrayLike<number>): void {
  const n = Math.min(acc.length, frame.length);
  for (let i = 0; i < n; i++) acc[i] += frame[i];
}

function subtractFrom(acc: Int32Array, frame: Int32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] -= frame[i];
}

function saturate(acc: Int32Array, out: Int16Array): Int16Array {
  for (let i = 0; i < acc.length; i++) {
    const v = acc[i];
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
