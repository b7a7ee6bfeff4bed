/**
 * The call layer: a call is the caller's leg, the agent's leg and the media between
 * them, moving through one guarded state machine. It joins signalling (src/sip) to
 * media (src/media), hands answered calls to the router for their number (IVR, queue),
 * and writes every change to `calls` and the append-only `call_events`.
 *
 * @module
 */
export { Call, CallState, describeEnd, IllegalCallTransition } from "./call.ts";
export { CallJournal, END_RETRY_MS, RESTART_CAUSE } from "./call_journal.ts";
export type { CallEventRow } from "./call_journal.ts";
export { CallMedia } from "./call_media.ts";
export type { CallDigit, MediaPlane } from "./call_media.ts";
export { CallListQuerySchema, getCall, listCalls } from "./call_queries.ts";
export type { CallListQuery, CallRow } from "./call_queries.ts";
export { CallService } from "./call_service.ts";
export type { CallRouter, CallServiceOptions } from "./call_service.ts";
export { NumberDirectory, NumberInputSchema, UnknownTargetError } from "./number_directory.ts";
export type { DialedNumber, NumberInput } from "./number_directory.ts";
export { NumberRouter } from "./routing.ts";
export { IvrSession } from "./ivr_session.ts";
export type { IvrMedia, IvrSessionOptions } from "./ivr_session.ts";
export { exitFor, LiveIvr } from "./live_ivr.ts";
export type { LiveIvrOptions } from "./live_ivr.ts";
export { CachedPromptAudio, espeakSynthesizer, MissingPromptError } from "./prompt_audio.ts";
export type { CachedPromptAudioOptions, Synthesizer } from "./prompt_audio.ts";
export type { CallIvr, CallQueues, IvrExit, QueueRequest } from "./routing.ts";
export type { CallRecordings, PromptAudio, RecordingWriter } from "./seams.ts";
export { QueueDesk, QueueDeskError } from "./queue_desk.ts";
export type { QueueDeskOptions } from "./queue_desk.ts";
export { TransferDesk } from "./transfer_desk.ts";
export type { TransferActor, TransferRequest, TransferStarted } from "./transfer_desk.ts";
export type { TransferMode } from "./call_transfer.ts";
export {
  DEFAULT_WRAP_UP_S,
  OverflowTargetSchema,
  QueueInputSchema,
  QueueOptionsSchema,
} from "./queue_config.ts";
export type { QueueDefinition, QueueInput } from "./queue_config.ts";
export { QueueChangeError, QueueStore } from "./queue_store.ts";
export type { QueueStatus } from "./queue_status.ts";
export { AgentPresence } from "./agent_presence.ts";
export { agentDaysSince, EMPTY_DAY, startOfToday } from "./acd_figures.ts";
export type { AgentDay } from "./acd_figures.ts";
export { callContext } from "./call_context.ts";
export type { CallContext } from "./call_context.ts";
