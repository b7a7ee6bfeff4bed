import { z } from "zod";

const host = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:_-]+$/, "expected a host name");
const port = z.number().int().min(1).max(65535);

/** A mailbox as the admin enters it: where to read (IMAP) and how to send (SMTP). */
export const MailboxSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** The address customers write to; acknowledgements and replies come from it. */
  address: z.email(),
  imap: z.object({
    host,
    port: port.default(993),
    /** Implicit TLS (993); false means plain, for a server on the same machine. */
    tls: z.boolean().default(true),
    user: z.string().min(1).max(200),
    password: z.string().min(1).max(500),
    folder: z.string().min(1).max(200).default("INBOX"),
  }),
  smtp: z.object({
    host,
    port: port.default(465),
    tls: z.boolean().default(true),
    user: z.string().max(200).default(""),
    password: z.string().max(500).default(""),
  }),
  /** Seconds within which an e-mail should have its first reply, for the service level. */
  service_level_s: z.number().int().min(60).max(14 * 86_400).default(86_400),
  /** The ACD queue whose agents answer this mailbox (null: any agent). */
  queue_id: z.number().int().positive().nullable().default(null),
  /** Send the acknowledgement with the case number at once. */
  acknowledge: z.boolean().default(true),
  /** Seconds between fetches while the server answers. */
  poll_s: z.number().int().min(5).max(3600).default(30),
  enabled: z.boolean().default(true),
});
export type MailboxInput = z.input<typeof MailboxSchema>;
export type MailboxSettings = z.output<typeof MailboxSchema>;

/** A change: any field; an empty password keeps the stored one. */
export const MailboxUpdateSchema = z.object({
  name: MailboxSchema.shape.name,
  address: MailboxSchema.shape.address,
  imap: MailboxSchema.shape.imap.extend({ password: z.string().max(500) }).partial(),
  smtp: MailboxSchema.shape.smtp.partial(),
  service_level_s: z.number().int().min(60).max(14 * 86_400),
  queue_id: z.number().int().positive().nullable(),
  acknowledge: z.boolean(),
  poll_s: z.number().int().min(5).max(3600),
  enabled: z.boolean(),
}).partial();
export type MailboxUpdate = z.input<typeof MailboxUpdateSchema>;

/** A stored mailbox with how its reading goes. */
export interface Mailbox extends MailboxSettings {
  id: number;
  uid_validity: number | null;
  last_uid: number;
  last_fetch_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  /** Failed fetches in a row; 0 once a fetch works. */
  failures: number;
}

/** A mailbox as the API shows it: passwords never leave the box. */
export type MailboxView =
  & Omit<Mailbox, "imap" | "smtp">
  & {
    imap: Omit<MailboxSettings["imap"], "password"> & { password_set: boolean };
    smtp: Omit<MailboxSettings["smtp"], "password"> & { password_set: boolean };
  };

export function viewOf(m: Mailbox): MailboxView {
  const { password: ip, ...imap } = m.imap;
  const { password: sp, ...smtp } = m.smtp;
  return {
    ...m,
    imap: { ...imap, password_set: ip !== "" },
    smtp: { ...smtp, password_set: sp !== "" },
  };
}
