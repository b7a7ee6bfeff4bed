import type { ImapFlow } from "imapflow";
import type { MailboxSettings } from "./mailbox_schema.ts";
import type { FetchedMail, MailReader, MailSession } from "./mail_transport.ts";

/** Reads a mailbox's folder with imapflow: by UID, read-only except for the \Seen flag. */
export class ImapReader implements MailReader {
  async open(mailbox: MailboxSettings): Promise<MailSession> {
    // Loaded on first use: a center without mailboxes does not carry the library.
    const { ImapFlow } = await import("imapflow");
    const client = new ImapFlow({
      host: mailbox.imap.host,
      port: mailbox.imap.port,
      secure: mailbox.imap.tls,
      doSTARTTLS: mailbox.imap.tls ? undefined : false,
      auth: { user: mailbox.imap.user, pass: mailbox.imap.password },
      logger: false,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    // An idle socket error after use must not become an unhandled error event.
    client.on("error", () => {});
    await client.connect();
    try {
      const opened = await client.mailboxOpen(mailbox.imap.folder);
      return new ImapSession(client, Number(opened.uidValidity));
    } catch (error) {
      await client.logout().catch(() => {});
      throw error;
    }
  }
}

class ImapSession implements MailSession {
  constructor(private readonly client: ImapFlow, readonly uidValidity: number) {}

  async *fetchAfter(afterUid: number, limit: number): AsyncIterable<FetchedMail> {
    // "n:*" always names the newest message even when its UID is below n (RFC 3501
    // section 6.4.8), so UIDs at or below afterUid are skipped here.
    const uids = ((await this.client.search({ uid: `${afterUid + 1}:*` }, { uid: true })) || [])
      .filter((uid: number) => uid > afterUid)
      .sort((a: number, b: number) => a - b)
      .slice(0, limit);
    if (uids.length === 0) return;
    const wanted = new Set(uids);
    const found = new Map<number, Uint8Array>();
    for await (
      const message of this.client.fetch(uids.join(","), { uid: true, source: true }, { uid: true })
    ) {
      if (wanted.has(message.uid) && message.source) {
        found.set(message.uid, new Uint8Array(message.source));
      }
    }
    for (const uid of uids) {
      const source = found.get(uid);
      if (source) yield { uid, source };
    }
  }

  async markSeen(uids: readonly number[]): Promise<void> {
    if (uids.length === 0) return;
    await this.client.messageFlagsAdd(uids.join(","), ["\\Seen"], { uid: true });
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => this.client.close());
  }
}
