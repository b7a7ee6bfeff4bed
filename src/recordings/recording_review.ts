import type { Database } from "../db/mod.ts";
import { parseWav } from "../media/mod.ts";
import type { RecordingRow } from "./recording_store.ts";

/** Call events a reviewer wants on the timeline, with what to call them. */
const TIMELINE_TYPES = [
  "call.held",
  "call.resumed",
  "call.conference",
  "transfer.offered",
  "transfer.answered",
  "transfer.completed",
  "transfer.cancelled",
  "monitor.started",
  "monitor.mode",
  "monitor.ended",
  "survey.offered",
];

/** One moment on a recording's timeline. */
export interface TimelineMark {
  type: string;
  /** Position in the recording, ms from its start. */
  at_ms: number;
  /** How long it lasted, for pauses. */
  duration_ms?: number;
  data: Record<string, unknown>;
}

/** What the player draws: a peak per slice of each channel (0–1), and the marks. */
export interface RecordingReview {
  duration_ms: number;
  /** Channel 0 is the caller; channel 1, when there is one, what the caller heard. */
  lanes: number[][];
  marks: TimelineMark[];
}

/**
 * The peaks of each channel of a WAV file in `points` slices, scaled 0–1 against full
 * scale, for a waveform drawn in lanes.
 */
export function wavePeaks(wav: Uint8Array, points: number): { lanes: number[][]; ms: number } {
  const { channels, samples } = parseWav(wav);
  const frames = Math.floor(samples.length / channels);
  const slice = Math.max(1, Math.ceil(frames / points));
  const lanes = Array.from({ length: channels }, () => [] as number[]);
  for (let start = 0; start < frames; start += slice) {
    const end = Math.min(frames, start + slice);
    for (let ch = 0; ch < channels; ch++) {
      let peak = 0;
      for (let i = start; i < end; i++) {
        const v = Math.abs(samples[i * channels + ch]);
        if (v > peak) peak = v;
      }
      lanes[ch].push(Math.round((peak / 32768) * 1000) / 1000);
    }
  }
  return { lanes, ms: Math.round(frames / 8) };
}

/**
 * The marks of a recording: its pauses (by audio position) and the call's holds,
 * transfers, conferences, monitoring and hand-overs placed by the time they happened
 * relative to the recording's start.
 */
export function timelineOf(db: Database, row: RecordingRow): TimelineMark[] {
  const start = Date.parse(row.started_at);
  const events = db.all<{ type: string; at: string; data: string }>(
    `SELECT type, at, data FROM call_events WHERE call_id = ? AND type IN (${
      TIMELINE_TYPES.map(() => "?").join(", ")
    }) ORDER BY seq`,
    row.call_id,
    ...TIMELINE_TYPES,
  );
  const marks: TimelineMark[] = row.pauses.map((p) => ({
    type: "recording.paused",
    at_ms: p.at_ms,
    duration_ms: p.duration_ms,
    data: {},
  }));
  for (const e of events) {
    const at = Date.parse(e.at) - start;
    if (at < 0 || (row.duration_ms !== null && at > row.duration_ms)) continue;
    marks.push({ type: e.type, at_ms: at, data: JSON.parse(e.data) });
  }
  return marks.sort((a, b) => a.at_ms - b.at_ms);
}
