/**
 * Interfaces the call layer is given by the composition root, so that IVR sessions,
 * queue delivery and recording can each grow in their own files.
 */
import type { PlayItem } from "../ivr/mod.ts";

/** Turns what the IVR or the ACD wants said into 8 kHz mono PCM (prompt files, TTS, readers). */
export interface PromptAudio {
  /**
   * Audio for the items in order, as parts to be played back to back (`pcmSource` takes
   * them as they are). Parts are shared cached audio: nobody may change them. A missing
   * prompt is an Error naming it.
   */
  render(items: readonly PlayItem[]): Promise<readonly Int16Array[]>;
}

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
