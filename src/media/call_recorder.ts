/**
 * One call's recording: a WAV file written as the call goes (stereo, caller left and
 * agent right; mono for IVR-only calls), which a crash leaves playable up to the last
 * header update. Pausing (for card numbers, PCI DSS) writes digital silence rather than
 * skipping: the file's duration stays the call's duration, both channels stay aligned
 * with call time, and QA reviewers see where the pause was. Pauses are listed in the
 * result so the recordings index can show them.
 *
 * @module
 */

import { WavWriter } from "./wav.ts";
import { threadFileSink } from "./_file_writer.ts";
export { holdRecordingThread, RECORDING_WRITE_DELAY_MS } from "./_file_writer.ts";

/** Options for {@link CallRecorder.create}. */
export interface CallRecorderOptions {
  channels?: 1 | 2;
  /** Audio time between WAV header updates (what a crash can lose); 1000 ms. */
  headerIntervalMs?: number;
}

/** A pause in the recording, by audio position. */
export interface RecordingPause {
  atMs: number;
  durationMs: number;
}

/** What a finished recording is, for the recordings index. */
export interface RecordingResult {
  path: string;
  channels: 1 | 2;
  durationMs: number;
  bytes: number;
  /** Hex SHA-256 of the whole file as closed. */
  sha256: string;
  pauses: RecordingPause[];
}

/** Writes one call's audio to a WAV file, frame by frame from the media tick. */
export class CallRecorder {
  readonly path: string;
  readonly #writer: WavWriter;
  readonly #digest: () => Promise<{ bytes: number; sha256: string }>;
  #paused = false;
  #pauses: RecordingPause[] = [];
  #silence = new Int16Array(160);
  #closing: Promise<RecordingResult> | undefined;

  private constructor(
    path: string,
    writer: WavWriter,
    digest: () => Promise<{ bytes: number; sha256: string }>,
  ) {
    this.path = path;
    this.#writer = writer;
    this.#digest = digest;
  }

  /**
   * Creates (or truncates) the file, and its folder if need be, and writes the WAV header.
   * The file is written on the recording writer thread, off the event loop that paces media.
   */
  static async create(path: string, options: CallRecorderOptions = {}): Promise<CallRecorder> {
    const sink = await threadFileSink(path);
    const writer = new WavWriter(sink, {
      channels: options.channels ?? 2,
      headerIntervalMs: options.headerIntervalMs,
    });
    return new CallRecorder(path, writer, sink.digest);
  }

  get channels(): 1 | 2 {
    return this.#writer.channels;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Audio written so far, in ms. */
  get durationMs(): number {
    return this.#writer.durationMs;
  }

  /**
   * Appends one frame per channel (caller left, agent right). Returns at once; writes
   * happen in order in the background and a failure shows in {@link error}.
   */
  write(left: Int16Array, right?: Int16Array): void {
    if (this.#closing) return;
    if (this.#paused) {
      if (this.#silence.length !== left.length) this.#silence = new Int16Array(left.length);
      left = this.#silence;
      if (right) right = this.#silence;
      this.#pauses[this.#pauses.length - 1].durationMs += (left.length * 1000) / 8000;
    }
    this.#writer.writeFrame(left, this.channels === 2 ? right ?? this.#silence : undefined)
      .catch(() => {});
  }

  /**
   * Appends frames already interleaved (caller, agent, caller…; mono as it is). They are
   * copied before this returns; while paused they are silenced in place first.
   */
  writeInterleaved(samples: Int16Array): void {
    if (this.#closing) return;
    if (this.#paused) {
      samples.fill(0);
      this.#pauses[this.#pauses.length - 1].durationMs += (samples.length / this.channels) / 8;
    }
    this.#writer.writeInterleaved(samples).catch(() => {});
  }

  /** Replaces audio with silence from now on until {@link resume}. */
  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#pauses.push({ atMs: this.#writer.durationMs, durationMs: 0 });
  }

  /** Writes audio again; returns how long the pause that ended lasted (ms of audio). */
  resume(): number {
    if (!this.#paused) return 0;
    this.#paused = false;
    return this.#pauses[this.#pauses.length - 1].durationMs;
  }

  /** The first write error, if any. */
  get error(): unknown {
    return this.#writer.error;
  }

  /** Finishes the file and returns its duration, size and SHA-256. */
  close(): Promise<RecordingResult> {
    this.#closing ??= (async () => {
      const durationMs = this.#writer.durationMs;
      await this.#writer.close();
      // Read back and hashed on the writer thread, after the file's last bytes.
      const { bytes, sha256 } = await this.#digest();
      return {
        path: this.path,
        channels: this.channels,
        durationMs,
        bytes,
        sha256,
        pauses: this.#pauses.map((p) => ({ ...p })),
      };
    })();
    return this.#closing;
  }
}
