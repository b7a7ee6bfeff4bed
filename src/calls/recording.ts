/**
 * What the call core asks of whoever stores recordings (src/recordings): a writer per
 * call, fed one 20 ms frame per channel.
 */

/** One call's recording being written. */
export interface RecordingWriter {
  /** One 20 ms frame per channel: caller (left) and, for stereo, agent (right). */
  write(caller: Int16Array, agent?: Int16Array): void;
  pause(): void;
  resume(): void;
  /** Finishes the file and its `recordings` row. */
  close(): Promise<void>;
}

/** Where calls are recorded: files in the data directory indexed in `recordings`. */
export interface CallRecordings {
  start(callId: string, options: { channels: 1 | 2; legs: string[] }): Promise<RecordingWriter>;
}
