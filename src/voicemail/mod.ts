/**
 * The voicemail inbox: messages callers leave in the IVR, per box (a box named after a
 * queue belongs to that queue's agents; any other box is shared by every agent). Each new
 * message becomes a voicemail interaction in the customer's timeline and a notice to the
 * box's agents in the page (`voicemail.new`); agents play it, give it to someone, link it
 * to a case and mark it handled. Supervisors see every box. Callers on live calls that no
 * flow runs (sent to voicemail from a queue) leave their message through
 * {@link LiveVoicemail}, on the call-control API.
 *
 * @module
 */
export { VoicemailError, VoicemailInbox } from "./voicemail_inbox.ts";
export { LiveVoicemail } from "./live_voicemail.ts";
export type { LiveMessage, LiveMessageResult, LiveVoicemailOptions } from "./live_voicemail.ts";
export type {
  VoicemailInboxOptions,
  VoicemailListQuery,
  VoicemailReader,
  VoicemailRow,
} from "./voicemail_inbox.ts";
export { VoicemailChangeSchema, VoicemailListQuerySchema } from "./voicemail_inbox.ts";
