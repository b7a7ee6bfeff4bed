/**
 * The call core: a call is the caller's leg and a set of parties (agents, supervisors,
 * outside numbers), each with a mode (talk, listen, whisper, barge, hold); who hears whom
 * is derived from those modes in one place ({@link arrange}) and carried by a relay or a
 * mix ({@link CallAudio}). {@link CallService} is the call-control API every other domain
 * goes through: it answers trunk calls, rings new parties, records, hands calls to
 * whoever routes them (IVR, queues) and hangs up, writing every step of a call's life to
 * the call history (src/call_history). It knows nothing of queues, IVR or CRM.
 *
 * @module
 */
export { Call, CallState, describeEnd, IllegalCallTransition } from "./call.ts";
export type { CallListener } from "./call.ts";
export { arrange, type Arrangement, hearing } from "./arrangement.ts";
export { CallAudio, CALLER } from "./call_audio.ts";
export { assertPartyMode, IllegalPartyMove, Party, PartyMode } from "./party.ts";
export type { PartyRole, PartyView } from "./party.ts";
export type { DialedLeg, DialOutcome, DialRequest, DialTarget } from "./party_dial.ts";
export type { LegMedia, WebRtcLegOptions } from "./leg_media.ts";
export { mediaTimeouts, MediaWatch } from "./media_watch.ts";
export type { MediaTimeouts, WatchedCall } from "./media_watch.ts";
export { CallMedia } from "./call_media.ts";
export type { CallDigit, MediaPlane } from "./call_media.ts";
export { CallService } from "./call_service.ts";
export type { CallRouteListener, CallServiceOptions, FlowVariables } from "./call_service.ts";
export { PlaceOutcome, unansweredOutcome } from "./placed_call.ts";
export type { CustomerCallRequest, PlaceCallRequest, PlacedCall } from "./placed_call.ts";
export type { CallRecordings, RecordingMark, RecordingWriter } from "./recording.ts";
