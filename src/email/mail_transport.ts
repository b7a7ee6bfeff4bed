import type { MailboxSettings } from "./mailbox_schema.ts";

/** An e-mail to send; threading headers name the Message-IDs it answers. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string | null;
  references?: readonly string[];
  /** Marks an automatic reply (RFC 3834), so other responders stay quiet. */
  auto?: boolean;
  attachments?: readonly { name: string; contentType: string; bytes: Uint8Array }[];
}

/** Sends mail through a mailbox's SMTP server; answers the Message-ID it went out with. */
export interface MailSender {
  send(mailbox: MailboxSettings, mail: OutgoingMail): Promise<{ messageId: string }>;
  /** Connects and signs in without sending, for the admin's test button. */
  verify(mailbox: MailboxSettings): Promise<void>;
  /** Drops kept connections. */
  close?(): void;
}

/** One message read from the folder. */
export interface FetchedMail {
  uid: number;
  source: Uint8Array;
}

/** An open IMAP session on one folder. */
export interface MailSession {
  readonly uidValidity: number;
  /** Messages with UIDs above `afterUid`, in UID order, at most `limit`. */
  fetchAfter(afterUid: number, limit: number): AsyncIterable<FetchedMail>;
  /** Sets \Seen on the UIDs; never deletes or moves anything. */
  markSeen(uids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens sessions on a mailbox's IMAP folder. */
export interface MailReader {
  open(mailbox: MailboxSettings): Promise<MailSession>;
}
