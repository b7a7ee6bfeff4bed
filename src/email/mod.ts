/**
 * E-mail into cases. Admins configure mailboxes (IMAP to read, SMTP to send); each is
 * read by UID on its own timer, and every new e-mail is stored in SQLite — headers, text,
 * HTML sanitised on arrival, attachments on the case — before it is marked seen; nothing
 * is ever deleted from the server. A reply (In-Reply-To/References naming a Message-ID we
 * stored, or a case number tagged in the subject) joins its case; anything else opens a
 * case for the sender, found by address in the CRM or created, with an `email`
 * interaction on the timeline, and is acknowledged at once with the case number and
 * suggested knowledge-base articles (never to automatic mail or our own addresses).
 * A second delivery of the same e-mail (same Message-ID, or same UIDVALIDITY and UID)
 * makes no second case. A mailbox that cannot be read is an alarm and retried with a
 * growing wait; its place in the folder stays where it was, so nothing is lost.
 *
 * Agents work e-mail from the case: the thread, replies with the customer's variables
 * filled in and the case's attachments, threaded to the customer's last e-mail; e-mails
 * waiting for a first reply form the e-mail work list, aged against each mailbox's
 * service level. {@link EmailQueueTiles} shows that list per mailbox on the wallboard.
 *
 * @module
 */
export { EmailChannel } from "./email_channel.ts";
export type { EmailChannelOptions, MailboxFault, MailboxTest } from "./email_channel.ts";
export type { EmailMessage } from "./email_messages.ts";
export type { EmailWorkItem, ReplyInput } from "./email_desk.ts";
export type { IntakeResult } from "./email_intake.ts";
export type { FetchRound } from "./mailbox_poller.ts";
export {
  type EmailQueueTile,
  EmailQueueTiles,
  type EmailQueueTilesOptions,
} from "./email_queue_tiles.ts";
export { EmailError } from "./email_error.ts";
export type { EmailErrorKind } from "./email_error.ts";
export { MailboxSchema, MailboxUpdateSchema, viewOf } from "./mailbox_schema.ts";
export type {
  Mailbox,
  MailboxInput,
  MailboxSettings,
  MailboxUpdate,
  MailboxView,
} from "./mailbox_schema.ts";
export type {
  FetchedMail,
  MailReader,
  MailSender,
  MailSession,
  OutgoingMail,
} from "./mail_transport.ts";
export { caseInSubject, caseTag } from "./case_tag.ts";
export { decideThread, normaliseMessageId } from "./threading.ts";
export type { ThreadDecision, ThreadHeaders, ThreadLookups } from "./threading.ts";
export { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelayMs } from "./back_off.ts";
export { composeAcknowledgement, mayAcknowledge, replyLanguage } from "./auto_reply.ts";
