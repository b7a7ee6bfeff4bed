/**
 * What the call core asks of whoever stores recordings (src/recordings): a writer per
 * call, fed one 20 ms frame per channel.
 */

/** Where a pause or a resume fell in a recording, for the call's events. */
export interface RecordingMark {
  /** The recording's row in the index. */
  recording_id: number;
  /** Audio position of the mark, in ms from the recording's start. */
  at_ms: number;
  /** On resume: how long the pause that ended lasted, in ms of audio. */
  paused_ms?: number;
}

/** One call's recording being written. */
export interface RecordingWriter {
  /** One 20 ms frame per channel: caller (left) and, for stereo, agent (right). */
  write(caller: Int16Array, agent?: Int16Array): void;
  /** True between {@link pause} and {@link resume}. */
  readonly paused: boolean;
  /** Writes silence on every channel from now on, until {@link resume}. */
  pause(): RecordingMark;
  resume(): RecordingMark;
  /** Finishes the file and its `recordings` row. */
  close(): Promise<void>;
}

/** Where calls are recorded: files in the data directory indexed in `recordings`. */
export interface CallRecordings {
  start(callId: string, options: { channels: 1 | 2; legs: string[] }): Promise<RecordingWriter>;
}
