import type { CallRecordings, RecordingWriter } from "../calls/mod.ts";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { CallRecorder, RECORDING_WRITE_DELAY_MS } from "../media/mod.ts";
import { openAudio } from "./audio_file.ts";
import type { RecordingKeys } from "./recording_keys.ts";
import { type SealedReader, sealFile } from "./sealed_file.ts";

export interface RecordingStoreOptions {
  db: Database;
  clock: Clock;
  dataDir: string;
  log: Logger;
  /** Seals each recording once closed (AES-GCM); without it files stay plain WAV. */
  keys?: RecordingKeys;
  /**
   * False leaves new recordings plain although keys are given (sealed ones still play):
   * how a benchmark measures what sealing costs. True by default.
   */
  seal?: boolean;
}

/** A recording as the index lists it; `path` is relative to the data directory. */
export interface RecordingRow {
  id: number;
  call_id: string;
  path: string;
  channels: number;
  legs: string[];
  started_at: string;
  /** Null until the recording is closed. */
  duration_ms: number | null;
  /** Where recording was paused (silence on every channel), known once it is closed. */
  pauses: { at_ms: number; duration_ms: number }[];
  /** Kept whatever the queue's retention says. */
  legal_hold: boolean;
  size_bytes: number | null;
  sha256: string | null;
}

type StoredRow = Omit<RecordingRow, "legs" | "pauses" | "legal_hold"> & {
  legs: string;
  pauses: string;
  legal_hold: number;
};

// Frames written to the file together: one write per 200 ms instead of one per 20 ms,
// because per-frame file writes were the largest media cost per call under load.
const BATCH_FRAMES = 10;

/**
 * Collects 20 ms frames and hands them on in batches, interleaved as the file has them
 * as they arrive, so a frame is copied once and nothing per frame is kept. The writer
 * copies a batch when handed it, so one array serves the whole recording.
 */
class FrameBatch {
  #samples: Int16Array | undefined;
  #used = 0;

  constructor(
    private readonly channels: 1 | 2,
    private readonly write: (interleaved: Int16Array) => void,
  ) {}

  add(left: Int16Array, right?: Int16Array): void {
    const channels = this.channels;
    const need = left.length * channels;
    if (this.#samples && this.#used + need > this.#samples.length) this.flush();
    if (!this.#samples || this.#samples.length < need) {
      this.#samples = new Int16Array(Math.max(need, BATCH_FRAMES * 160 * channels));
    }
    const samples = this.#samples;
    let at = this.#used;
    if (channels === 1) samples.set(left, at);
    else if (right) {
      for (let i = 0; i < left.length; i++, at += 2) {
        samples[at] = left[i];
        samples[at + 1] = right[i];
      }
    } else {
      // No agent audio: the right channel is silent.
      for (let i = 0; i < left.length; i++, at += 2) {
        samples[at] = left[i];
        samples[at + 1] = 0;
      }
    }
    this.#used += need;
    if (this.#used === samples.length) this.flush();
  }

  flush(): void {
    const samples = this.#samples;
    if (!samples || this.#used === 0) return;
    this.write(this.#used === samples.length ? samples : samples.subarray(0, this.#used));
    this.#used = 0;
  }
}

/** Files in the data directory indexed in `recordings`; see the module overview. */
export class RecordingStore implements CallRecordings {
  readonly #options: RecordingStoreOptions;

  constructor(options: RecordingStoreOptions) {
    this.#options = options;
  }

  async start(
    callId: string,
    options: { channels: 1 | 2; legs: string[] },
  ): Promise<RecordingWriter> {
    const { db, clock, dataDir, log } = this.#options;
    const startedAt = clock.now();
    const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll("-", "/");
    const earlier = db.get<{ n: number }>(
      "SELECT count(*) AS n FROM recordings WHERE call_id = ?",
      callId,
    )?.n ?? 0;
    const name = earlier === 0 ? callId : `${callId}-${earlier + 1}`;
    const relative = `recordings/${day}/${name}.wav`;
    const recorder = await CallRecorder.create(`${dataDir}/${relative}`, {
      channels: options.channels,
      // With the batching below and the writer's own wait, a crash loses at most a second.
      headerIntervalMs: 1000 - BATCH_FRAMES * 20 - RECORDING_WRITE_DELAY_MS,
    });
    const batch = new FrameBatch(options.channels, (samples) => recorder.writeInterleaved(samples));
    // The row shares the call history's group commit (decision 012): a commit of its own
    // per recording, at its start and at its close, held up the calls being set up.
    const inserted = db.runGrouped(
      `INSERT INTO recordings (call_id, path, channels, legs, started_at) VALUES (?, ?, ?, ?, ?)`,
      callId,
      relative,
      options.channels,
      JSON.stringify(options.legs),
      isoTime(startedAt),
    );
    if (inserted.changes === 0) {
      await recorder.close();
      throw new Error("The recording could not be indexed: the database refused the write");
    }
    const id = Number(inserted.lastInsertRowid);
    log.info("recording started", { call_id: callId, recording_id: id, path: relative });
    let closing: Promise<void> | undefined;
    return {
      write: (caller, agent) => batch.add(caller, agent),
      get paused() {
        return recorder.paused;
      },
      pause: () => {
        batch.flush();
        recorder.pause();
        return { recording_id: id, at_ms: recorder.durationMs };
      },
      resume: () => {
        batch.flush();
        const pausedMs = recorder.resume();
        return { recording_id: id, at_ms: recorder.durationMs, paused_ms: pausedMs };
      },
      close: () =>
        closing ??= (async () => {
          batch.flush();
          const result = await recorder.close();
          db.runGrouped(
            `UPDATE recordings SET duration_ms = ?, size_bytes = ?, sha256 = ?, pauses = ?
             WHERE id = ?`,
            result.durationMs,
            result.bytes,
            result.sha256,
            JSON.stringify(
              result.pauses.map((p) => ({ at_ms: p.atMs, duration_ms: p.durationMs })),
            ),
            id,
          );
          if (this.#sealing) await this.#seal(id, relative);
          if (recorder.error) {
            log.error("a recording lost audio: writing the file failed", {
              call_id: callId,
              recording_id: id,
              error: recorder.error,
            });
          }
          log.info("recording closed", {
            call_id: callId,
            recording_id: id,
            duration_ms: result.durationMs,
            pauses: result.pauses.length,
          });
        })(),
    };
  }

  get #sealing(): boolean {
    return this.#options.keys !== undefined && this.#options.seal !== false;
  }

  /** Seals a closed recording's file and points its row at the sealed one. */
  async #seal(id: number, relative: string): Promise<void> {
    const { dataDir, db, log, keys } = this.#options;
    try {
      await sealFile(`${dataDir}/${relative}`, `${dataDir}/${relative}.enc`, keys!);
      // Shares the group commit like the row's other writes (decision 048): a commit of
      // its own per call held up the calls being set up. Should the box stop before it
      // commits, the row names the plain file and `sealLeftovers` points it onward.
      db.runGrouped("UPDATE recordings SET path = ? WHERE id = ?", `${relative}.enc`, id);
    } catch (error) {
      log.error("sealing a recording failed; it stays unencrypted", { recording_id: id, error });
    }
  }

  /**
   * Seals closed recordings left plain (a crash between closing and sealing, files from
   * before encryption); returns how many were sealed. Open ones are left to their close.
   */
  async sealLeftovers(): Promise<number> {
    if (!this.#sealing) return 0;
    const rows = this.#options.db.all<{ id: number; path: string }>(
      "SELECT id, path FROM recordings WHERE duration_ms IS NOT NULL AND path NOT LIKE '%.enc'",
    );
    let sealed = 0;
    for (const row of rows) {
      const plain = `${this.#options.dataDir}/${row.path}`;
      if (!(await isFile(plain))) {
        // Sealed, but the box stopped before the row's new path was committed.
        if (await isFile(`${plain}.enc`)) {
          this.#options.db.run(
            "UPDATE recordings SET path = ? WHERE id = ?",
            `${row.path}.enc`,
            row.id,
          );
          sealed++;
        }
        continue; // otherwise gone (deleted by hand, or never written): nothing to seal
      }
      await this.#seal(row.id, row.path);
      if (this.get(row.id)?.path.endsWith(".enc")) sealed++;
    }
    if (sealed > 0) this.#options.log.info("plain recordings sealed", { recordings: sealed });
    return sealed;
  }

  /** A recording's audio as plain WAV bytes, whether sealed or not; see {@link openAudio}. */
  audio(row: RecordingRow): Promise<SealedReader> {
    return openAudio(this.file(row), this.#options.keys);
  }

  get(id: number): RecordingRow | undefined {
    const row = this.#options.db.get<StoredRow>("SELECT * FROM recordings WHERE id = ?", id);
    return row && toRow(row);
  }

  /** A call's recordings in the order they were made. */
  forCall(callId: string): RecordingRow[] {
    return this.#options.db.all<StoredRow>(
      "SELECT * FROM recordings WHERE call_id = ? ORDER BY id",
      callId,
    ).map(toRow);
  }

  /** The newest recordings, for supervisors and QA browsing without a call id. */
  recent(limit = 100): RecordingRow[] {
    return this.#options.db.all<StoredRow>(
      "SELECT * FROM recordings ORDER BY id DESC LIMIT ?",
      Math.min(Math.max(1, limit), 1000),
    ).map(toRow);
  }

  /** Puts a recording under legal hold (kept past its retention) or lifts the hold. */
  setLegalHold(id: number, hold: boolean): RecordingRow | undefined {
    this.#options.db.run("UPDATE recordings SET legal_hold = ? WHERE id = ?", hold ? 1 : 0, id);
    return this.get(id);
  }

  /** The absolute path of a recording's file. */
  file(row: RecordingRow): string {
    return `${this.#options.dataDir}/${row.path}`;
  }

  /** True when the user was an agent on the call (its agent, or in any of its events). */
  handledBy(callId: string, userId: number): boolean {
    return this.#options.db.get(
      `SELECT 1 FROM calls WHERE id = ? AND agent_id = ?
       UNION ALL SELECT 1 FROM call_events WHERE call_id = ? AND agent_id = ? LIMIT 1`,
      callId,
      userId,
      callId,
      userId,
    ) !== undefined;
  }
}

function toRow(row: StoredRow): RecordingRow {
  return {
    ...row,
    legs: JSON.parse(row.legs),
    pauses: JSON.parse(row.pauses),
    legal_hold: row.legal_hold === 1,
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
