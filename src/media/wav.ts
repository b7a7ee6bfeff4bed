/**
 * WAV files (RIFF, PCM 16-bit): a reader for prompts, and a streaming writer for
 * recordings that keeps the header's sizes current at least once per second of audio,
 * so a process that dies mid-call leaves a playable file missing at most that second.
 *
 * @module
 */

/** Raised for files that are not WAV or use an encoding other than 16-bit PCM. */
export class WavFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WavFormatError";
  }
}

/** Decoded WAV audio; `samples` is interleaved when there is more than one channel. */
export interface WavAudio {
  sampleRate: number;
  channels: number;
  samples: Int16Array;
}

const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Parses a RIFF/WAVE file holding 16-bit PCM. Unknown chunks (LIST, fact, cue…) are
 * skipped. A data size larger than the file (a recording whose header was last updated
 * before more audio was appended, or a streamed file with a placeholder size) is read
 * up to the end of the file.
 */
export function parseWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || fourcc(bytes, 0) !== "RIFF" || fourcc(bytes, 8) !== "WAVE") {
    throw new WavFormatError("Not a RIFF/WAVE file");
  }
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; tag: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = fourcc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) throw new WavFormatError("Truncated fmt chunk");
      let tag = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE carries the real format in the sub-format GUID's first word.
      if (tag === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        tag = view.getUint16(body + 24, true);
      }
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      if (!format) throw new WavFormatError("data chunk before fmt chunk");
      if (format.tag !== FORMAT_PCM) {
        throw new WavFormatError(`Unsupported WAV encoding (format tag ${format.tag}); need PCM`);
      }
      if (format.bits !== 16) {
        throw new WavFormatError(`Unsupported WAV sample size ${format.bits} bits; need 16`);
      }
      if (format.channels < 1) throw new WavFormatError("WAV file declares no channels");
      const available = Math.min(size, bytes.length - body);
      const frameBytes = 2 * format.channels;
      const count = Math.floor(available / frameBytes) * format.channels;
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { sampleRate: format.sampleRate, channels: format.channels, samples };
    }
    // RIFF chunks are padded to an even length.
    offset = body + size + (size & 1);
  }
  throw new WavFormatError(format ? "WAV file has no data chunk" : "WAV file has no fmt chunk");
}

/**
 * Where a {@link WavWriter} puts its bytes. A writer issues calls without waiting for the
 * one before: the sink performs them in the order they were made, and after a failed call
 * it fails the later writes too, so a file never has a hole in the middle. A sink is done
 * with the bytes it is given when the call returns (it copies what it writes later), so
 * writers fill the same buffer again.
 */
export interface WavSink {
  /** Appends bytes at the end. */
  write(bytes: Uint8Array): Promise<void>;
  /** Overwrites bytes at an absolute offset without moving the append position. */
  writeAt(offset: number, bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** A {@link WavSink} over an open file, which it closes on `close()`. */
export function fileSink(file: Deno.FsFile): WavSink {
  let end = 0;
  // The file position, tracked so that appends (nearly every write) need no seek: each
  // seek is an operation of its own, as costly as the write under load.
  let position = 0;
  const writeAll = async (bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) done += await file.write(bytes.subarray(done));
    position += bytes.length;
  };
  const seek = async (to: number) => {
    if (position === to) return;
    await file.seek(to, Deno.SeekMode.Start);
    position = to;
  };
  // One operation at a time, in the order called: seeks and writes must not interleave.
  let chain = Promise.resolve();
  let failure: unknown;
  const inOrder = (step: () => Promise<void>, always = false) => {
    const run = chain.then(async () => {
      if (failure !== undefined && !always) throw failure;
      try {
        await step();
      } catch (e) {
        failure ??= e;
        throw e;
      }
    });
    chain = run.catch(() => {});
    return run;
  };
  return {
    write: (given) => {
      const bytes = given.slice();
      return inOrder(async () => {
        await seek(end);
        await writeAll(bytes);
        end += bytes.length;
      });
    },
    writeAt: (offset, given) => {
      const bytes = given.slice();
      return inOrder(async () => {
        await seek(offset);
        await writeAll(bytes);
        end = Math.max(end, offset + bytes.length);
      });
    },
    close: () => inOrder(() => Promise.resolve(file.close()), true),
  };
}

/** Options for {@link WavWriter}. */
export interface WavWriterOptions {
  channels?: 1 | 2;
  sampleRate?: number;
  /** Audio time between header updates; 1000 ms by default. */
  headerIntervalMs?: number;
}

const HEADER_BYTES = 44;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Writes 16-bit PCM frames to a sink as they come. Stereo frames take a left and a right
 * frame of equal length (for recordings: caller left, agent right). Calls may be made
 * without awaiting: writes are issued at once and the sink performs them in order;
 * `close()` waits for them.
 */
export class WavWriter {
  readonly channels: 1 | 2;
  readonly sampleRate: number;
  readonly #sink: WavSink;
  readonly #headerEvery: number;
  #dataBytes = 0;
  #sinceHeader = 0;
  #chain: Promise<void>;
  #closed = false;
  #failure: unknown;

  constructor(sink: WavSink, options: WavWriterOptions = {}) {
    this.channels = options.channels ?? 1;
    this.sampleRate = options.sampleRate ?? 8000;
    this.#sink = sink;
    this.#headerEvery = Math.max(
      1,
      Math.floor((this.sampleRate * (options.headerIntervalMs ?? 1000)) / 1000),
    );
    this.#chain = this.#issue([sink.write(this.#header())]);
  }

  /** Sample frames (per channel) written so far. */
  get frames(): number {
    return this.#dataBytes / (2 * this.channels);
  }

  /** Audio duration written so far, in ms. */
  get durationMs(): number {
    return (this.frames * 1000) / this.sampleRate;
  }

  /** The first write error, if any; the writer refuses further frames after one. */
  get error(): unknown {
    return this.#failure;
  }

  /** Appends one frame: mono `left`, or `left` and `right` for stereo. */
  writeFrame(left: Int16Array, right?: Int16Array): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("WAV writer is closed"));
    if (this.channels === 2 && (!right || right.length !== left.length)) {
      throw new RangeError("Stereo frames need a right channel of the same length");
    }
    if (this.channels === 1) return this.writeInterleaved(left);
    const samples = new Int16Array(left.length * 2);
    for (let i = 0, j = 0; i < left.length; i++, j += 2) {
      samples[j] = left[i];
      samples[j + 1] = right![i];
    }
    return this.writeInterleaved(samples);
  }

  /**
   * Appends samples already interleaved by channel (left, right, left…). The sink copies
   * them before this returns, so the caller may fill the same array again.
   */
  writeInterleaved(samples: Int16Array): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("WAV writer is closed"));
    if (samples.length % this.channels !== 0) {
      throw new RangeError("Interleaved samples must hold whole frames of every channel");
    }
    let bytes: Uint8Array;
    if (LITTLE_ENDIAN) {
      // WAV samples are little-endian like the machine's: the samples' own bytes will do.
      bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    } else {
      bytes = new Uint8Array(samples.length * 2);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i], true);
    }
    this.#dataBytes += bytes.length;
    this.#sinceHeader += samples.length / this.channels;
    const updateHeader = this.#sinceHeader >= this.#headerEvery;
    if (updateHeader) this.#sinceHeader = 0;
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const calls = [this.#sink.write(bytes)];
    if (updateHeader) calls.push(this.#sizeWrite());
    return this.#issue(calls);
  }

  /** Writes the final sizes and closes the sink, which is closed even after a failure. */
  close(): Promise<void> {
    if (this.#closed) return this.#chain;
    this.#closed = true;
    // Issued at once behind the writes already made, so closing costs one round trip.
    const sized = this.#failure === undefined ? this.#sizeWrite() : Promise.resolve();
    const closed = this.#sink.close();
    sized.catch(() => {});
    const written = this.#chain.catch(() => {}).then(() => sized).catch((e) => {
      this.#failure ??= e;
    });
    this.#chain = Promise.all([written, closed]).then(() => {
      if (this.#failure !== undefined) throw this.#failure;
    });
    this.#chain.catch(() => {});
    return this.#chain;
  }

  /**
   * Calls already made: a failure is kept for `error` and for every later call, instead of
   * surfacing as an unhandled rejection (callers on the media tick do not await).
   */
  #issue(calls: Promise<void>[]): Promise<void> {
    const all = calls.length === 1 ? calls[0] : Promise.all(calls);
    const done = all.then(() => {}, (e) => {
      this.#failure ??= e;
      throw this.#failure;
    });
    done.catch(() => {});
    // The sink performs calls in order, so the latest settles after every earlier one:
    // waiting on it is waiting on all (one promise per batch of audio, not a chain).
    this.#chain = done;
    return done;
  }

  /**
   * The RIFF and data sizes as written so far, in one write of the header from the RIFF
   * size to the data size (40 bytes, the format in between unchanged): a recorder updates
   * every open recording's sizes each second, and one positioned write costs half of two.
   */
  #sizeWrite(): Promise<void> {
    return this.#sink.writeAt(4, this.#header(this.#dataBytes).subarray(4));
  }

  #header(dataBytes = 0): Uint8Array {
    const h = new Uint8Array(HEADER_BYTES);
    const v = new DataView(h.buffer);
    const ascii = (at: number, s: string) => {
      for (let i = 0; i < 4; i++) h[at + i] = s.charCodeAt(i);
    };
    ascii(0, "RIFF");
    v.setUint32(4, 36 + dataBytes, true);
    ascii(8, "WAVE");
    ascii(12, "fmt ");
    v.setUint32(16, 16, true);
    v.setUint16(20, FORMAT_PCM, true);
    v.setUint16(22, this.channels, true);
    v.setUint32(24, this.sampleRate, true);
    v.setUint32(28, this.sampleRate * 2 * this.channels, true);
    v.setUint16(32, 2 * this.channels, true);
    v.setUint16(34, 16, true);
    ascii(36, "data");
    v.setUint32(40, dataBytes, true);
    return h;
  }
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
