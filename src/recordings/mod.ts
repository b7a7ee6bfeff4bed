/**
 * Recordings: call audio as WAV files under `<data>/recordings/YYYY/MM/DD/<call id>.wav`
 * (the day the recording started, UTC), indexed in the `recordings` table with the call,
 * the legs heard, the start, and once closed the duration, size and SHA-256.
 *
 * A row is written when a recording starts, so a crash leaves an index entry pointing
 * at a playable file (the media recorder rewrites the WAV header every second); the
 * duration, size and hash are filled in when it closes. A call may have several
 * recordings, one per stretch: the IVR records the caller mono from answer until the
 * call leaves the IVR (what the IVR says is not mixed in: it is in the call's
 * `media.played` events and mixing it would hide a silent caller); the ACD opens a
 * stereo recording (caller left, agent right) once an agent is bridged and closes it
 * at hang-up. Later recordings of the same call get `-2`, `-3`… file names.
 *
 * Closed recordings (and voicemails) are sealed at rest: AES-256-GCM in 64 KiB chunks
 * with a key kept in files outside the database ({@link RecordingKeys}), so a file on
 * disk is not a playable WAV without the key while any byte range can still be served
 * (decision 024). A recording is plain while it is being written.
 *
 * Listening goes through the API (`GET /api/v1/recordings/:id/audio`, with ranges),
 * allowed to supervisors, QA, admins and the agents who handled the call, and every
 * fetch is audit-logged.
 *
 * @module
 */
export { RecordingStore } from "./recording_store.ts";
export { RecordingKeyMissingError, RecordingKeys } from "./recording_keys.ts";
export {
  isSealed,
  openSealed,
  SEAL_CHUNK,
  SealedFileError,
  sealedKeyId,
  sealFile,
} from "./sealed_file.ts";
export type { SealedReader } from "./sealed_file.ts";
export { holdSealingThread } from "./_sealing_thread.ts";
export { openAudio } from "./audio_file.ts";
export { RecordingRetention, RETENTION_SWEEP_MS } from "./recording_retention.ts";
export { RecordingSearchSchema, searchRecordings } from "./recording_search.ts";
export type { RecordingHit, RecordingSearch } from "./recording_search.ts";
export { timelineOf, wavePeaks } from "./recording_review.ts";
export type { RecordingReview, TimelineMark } from "./recording_review.ts";
export type { RecordingRow, RecordingStoreOptions } from "./recording_store.ts";
