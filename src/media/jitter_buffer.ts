/**
 * Playout buffer for received audio, used where a leg's audio is consumed at the media
 * clock's pace (mixer, recorder, detector). Packets are placed by RTP timestamp, so any
 * packetisation (20 ms, 30 ms…) comes out as 20 ms frames; late and duplicate packets
 * are dropped; gaps are concealed by fading the last frame once, then silence.
 *
 * The buffer keeps received audio in frames of its own, which it fills again: a copy is
 * taken on `push()`, and the frame `pop()` hands out is valid until the next `pop()`. At
 * hundreds of calls a fresh array per packet and per tick was memory that V8 counts
 * towards its next full collection (each a separately allocated backing store).
 *
 * @module
 */

/** Options for {@link JitterBuffer}; depths are in ms. */
export interface JitterBufferOptions {
  frameSamples?: number;
  sampleRate?: number;
  /** Starting and minimum playout delay. */
  minDepthMs?: number;
  /** The delay never grows beyond this; older audio is skipped instead. */
  maxDepthMs?: number;
  /** Fixed depth: never adapt. */
  fixed?: boolean;
  /** An empty buffer for this long means the stream paused: buffer again before playing. */
  idleResetMs?: number;
}

/** Counters, in frames for playout and packets for arrivals. */
export interface JitterBufferStats {
  played: number;
  concealed: number;
  late: number;
  duplicate: number;
  /** Frames skipped to shrink the delay or after overflow. */
  skipped: number;
  depthMs: number;
}

interface Chunk {
  start: number; // extended timestamp
  pcm: Int16Array;
}

// Timestamp jumps beyond this (either way) are a new stream, not jitter.
const RESYNC_SAMPLES = 8000 * 2;

/** Reorders received PCM by timestamp and hands out fixed-size frames on demand. */
export class JitterBuffer {
  readonly frameSamples: number;
  readonly #rate: number;
  readonly #minDepth: number;
  readonly #maxDepth: number;
  readonly #fixed: boolean;
  readonly #idleFrames: number;
  #target: number; // samples
  #chunks: Chunk[] = [];
  #playhead: number | undefined; // extended timestamp of the next frame; undefined while buffering
  #lastRaw = 0;
  #lastExt: number | undefined;
  #lastFrame: Int16Array | undefined;
  /** What the last `pop()` handed out; it goes back to the pool at the next one. */
  #handedOut: Int16Array | undefined;
  /** Arrays ready to be filled again, by length (frames, and packets of other sizes). */
  readonly #free = new Map<number, Int16Array[]>();
  readonly #silence: Int16Array;
  #concealRun = 0;
  #calmFrames = 0;
  #stats = { played: 0, concealed: 0, late: 0, duplicate: 0, skipped: 0 };

  constructor(options: JitterBufferOptions = {}) {
    this.frameSamples = options.frameSamples ?? 160;
    this.#rate = options.sampleRate ?? 8000;
    const ms = (v: number) => Math.round((v * this.#rate) / 1000);
    this.#minDepth = ms(options.minDepthMs ?? 40);
    this.#maxDepth = Math.max(this.#minDepth, ms(options.maxDepthMs ?? 200));
    this.#fixed = options.fixed ?? false;
    this.#idleFrames = Math.ceil(ms(options.idleResetMs ?? 300) / this.frameSamples);
    this.#target = this.#minDepth;
    this.#silence = new Int16Array(this.frameSamples);
  }

  /** Adds received audio starting at RTP timestamp `timestamp`; `pcm` is copied. */
  push(timestamp: number, pcm: Int16Array): void {
    const start = this.#extend(timestamp >>> 0);
    if (this.#playhead !== undefined && Math.abs(start - this.#playhead) > RESYNC_SAMPLES) {
      this.#restart(start);
    }
    const end = start + pcm.length;
    if (this.#playhead !== undefined && end <= this.#playhead) {
      this.#stats.late++;
      this.#grow();
      return;
    }
    const chunks = this.#chunks;
    const last = chunks[chunks.length - 1];
    if (!last || last.start < start) {
      // In order, as nearly every packet is: no search.
      chunks.push({ start, pcm: this.#copy(pcm) });
    } else {
      const at = chunks.findIndex((c) => c.start >= start);
      if (chunks[at].start === start) {
        this.#stats.duplicate++;
        return;
      }
      chunks.splice(at, 0, { start, pcm: this.#copy(pcm) });
    }
    if (this.#playhead === undefined) this.#maybeStart();
    this.#trimOverflow();
  }

  /**
   * Takes the next frame: audio where it arrived, concealment where it did not. The frame
   * stays as it is until the next `pop()`; copy what must be kept longer, and do not
   * change it.
   */
  pop(): Int16Array {
    const previous = this.#handedOut;
    const frame = this.#next();
    this.#handedOut = frame;
    if (previous && previous !== frame) {
      if (this.#lastFrame === previous) this.#lastFrame = undefined;
      this.#release(previous);
    }
    return frame;
  }

  #next(): Int16Array {
    const n = this.frameSamples;
    if (this.#playhead === undefined) return this.#silence;
    const from = this.#playhead;
    const head = this.#chunks[0];
    if (head && head.start === from && head.pcm.length === n) {
      // The next frame is exactly one received packet: hand it on as it is.
      this.#chunks.shift();
      this.#playhead = from + n;
      return this.#played(head.pcm);
    }
    const out = this.#frame();
    let covered = 0;
    for (const c of this.#chunks) {
      if (c.start >= from + n) break;
      const lo = Math.max(from, c.start);
      const hi = Math.min(from + n, c.start + c.pcm.length);
      if (hi <= lo) continue;
      // A plain loop: a subarray view per chunk was this buffer's largest cost per tick.
      const pcm = c.pcm;
      for (let t = lo; t < hi; t++) out[t - from] = pcm[t - c.start];
      covered += hi - lo;
    }
    this.#playhead = from + n;
    this.#dropPlayed();
    if (covered === 0) {
      this.#release(out);
      return this.#conceal();
    }
    return this.#played(out);
  }

  /** Chunks wholly behind the playhead go back to the pool. */
  #dropPlayed(): void {
    const chunks = this.#chunks;
    while (chunks.length > 0 && chunks[0].start + chunks[0].pcm.length <= this.#playhead!) {
      this.#release(chunks.shift()!.pcm);
    }
  }

  /** A zero-filled frame of `frameSamples`, from the pool when one is free. */
  #frame(): Int16Array {
    const frame = this.#free.get(this.frameSamples)?.pop();
    if (!frame) return new Int16Array(this.frameSamples);
    frame.fill(0);
    return frame;
  }

  /** The buffer's own copy of received audio. */
  #copy(pcm: Int16Array): Int16Array {
    const own = this.#free.get(pcm.length)?.pop() ?? new Int16Array(pcm.length);
    own.set(pcm);
    return own;
  }

  #release(pcm: Int16Array): void {
    if (pcm === this.#silence) return;
    const free = this.#free.get(pcm.length);
    if (free) free.push(pcm);
    // A few packet sizes in a stream's life at most (a codec or packet-time change).
    else if (this.#free.size < 4) this.#free.set(pcm.length, [pcm]);
  }

  #played(frame: Int16Array): Int16Array {
    this.#concealRun = 0;
    this.#stats.played++;
    this.#lastFrame = frame;
    this.#shrinkWhenCalm();
    return frame;
  }

  /** Audio buffered ahead of the playhead, in ms. */
  get bufferedMs(): number {
    const last = this.#chunks.at(-1);
    if (!last) return 0;
    const head = this.#playhead ?? this.#chunks[0].start;
    return (Math.max(0, last.start + last.pcm.length - head) * 1000) / this.#rate;
  }

  get stats(): JitterBufferStats {
    return { ...this.#stats, depthMs: (this.#target * 1000) / this.#rate };
  }

  #conceal(): Int16Array {
    this.#stats.concealed++;
    this.#concealRun++;
    const out = this.#frame();
    // Repeating the last frame once, faded out, hides a single loss better than a click.
    if (this.#concealRun === 1 && this.#lastFrame) {
      const last = this.#lastFrame;
      for (let i = 0; i < out.length; i++) {
        out[i] = Math.round(last[i] * (1 - i / out.length) * 0.5);
      }
    }
    if (this.#chunks.length === 0 && this.#concealRun >= this.#idleFrames) {
      this.#playhead = undefined; // the sender paused (silence suppression, hold)
    }
    return out;
  }

  #maybeStart(): void {
    const first = this.#chunks[0];
    const last = this.#chunks.at(-1)!;
    if (last.start + last.pcm.length - first.start >= this.#target) {
      this.#playhead = first.start;
      this.#concealRun = 0;
    }
  }

  #trimOverflow(): void {
    if (this.#playhead === undefined) return;
    const last = this.#chunks.at(-1)!;
    const ahead = last.start + last.pcm.length - this.#playhead;
    if (ahead <= this.#maxDepth) return;
    const skip = Math.ceil((ahead - this.#target) / this.frameSamples);
    this.#playhead += skip * this.frameSamples;
    this.#stats.skipped += skip;
    this.#dropPlayed();
  }

  #grow(): void {
    if (this.#fixed) return;
    this.#calmFrames = 0;
    this.#target = Math.min(this.#maxDepth, this.#target + this.frameSamples);
    // Make room now: hold the playhead back by one frame of silence.
    if (this.#playhead !== undefined) this.#playhead -= this.frameSamples;
  }

  #shrinkWhenCalm(): void {
    if (this.#fixed || this.#target <= this.#minDepth) return;
    // After ten calm seconds give back one frame of delay by skipping a frame.
    if (++this.#calmFrames * this.frameSamples < this.#rate * 10) return;
    this.#calmFrames = 0;
    this.#target -= this.frameSamples;
    if (this.#playhead !== undefined) {
      this.#playhead += this.frameSamples;
      this.#stats.skipped++;
    }
  }

  #restart(start: number): void {
    for (const chunk of this.#chunks) this.#release(chunk.pcm);
    this.#chunks = [];
    this.#playhead = undefined;
    this.#lastExt = start;
  }

  /** Unwraps 32-bit timestamps onto a continuous line (signed difference from the last). */
  #extend(raw: number): number {
    if (this.#lastExt === undefined) {
      this.#lastRaw = raw;
      this.#lastExt = raw;
      return raw;
    }
    const ext = this.#lastExt + ((raw - this.#lastRaw) | 0);
    this.#lastRaw = raw;
    this.#lastExt = ext;
    return ext;
  }
}
