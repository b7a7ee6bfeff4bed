import { Buffer } from "node:buffer";
import type nodemailer from "nodemailer";
import type { MailboxSettings } from "./mailbox_schema.ts";
import type { MailSender, OutgoingMail } from "./mail_transport.ts";
import { normaliseMessageId } from "./threading.ts";

type Transport = ReturnType<typeof nodemailer.createTransport>;

/**
 * Sends through the mailbox's SMTP server with nodemailer. Pooled connections per server
 * and account are kept and reused: a burst of acknowledgements then costs one handshake,
 * not one each. A changed setting makes a new key, so the next mail uses the new server.
 */
export class SmtpSender implements MailSender {
  readonly #pools = new Map<string, Transport>();

  async verify(mailbox: MailboxSettings): Promise<void> {
    const transport = await this.#transport(mailbox, false);
    try {
      await transport.verify();
    } finally {
      transport.close();
    }
  }

  async send(mailbox: MailboxSettings, mail: OutgoingMail): Promise<{ messageId: string }> {
    const key = JSON.stringify([mailbox.smtp, mailbox.address, mailbox.name]);
    let transport = this.#pools.get(key);
    if (!transport) {
      transport = await this.#transport(mailbox, true);
      this.#pools.set(key, transport);
    }
    const headers: Record<string, string> = {};
    if (mail.auto) {
      headers["Auto-Submitted"] = "auto-replied";
      headers["X-Auto-Response-Suppress"] = "All";
    }
    const info = await transport.sendMail({
      from: { name: mailbox.name, address: mailbox.address },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      inReplyTo: mail.inReplyTo ? `<${mail.inReplyTo}>` : undefined,
      references: mail.references?.length
        ? mail.references.map((id) => `<${id}>`).join(" ")
        : undefined,
      headers,
      attachments: mail.attachments?.map((a) => ({
        filename: a.name,
        contentType: a.contentType,
        content: Buffer.from(a.bytes),
      })),
    });
    return { messageId: normaliseMessageId(String(info.messageId)) };
  }

  /** Closes the kept connections. */
  close(): void {
    for (const transport of this.#pools.values()) transport.close();
    this.#pools.clear();
  }

  async #transport(mailbox: MailboxSettings, pool: boolean): Promise<Transport> {
    // Loaded on first use: a center without mailboxes does not carry the library.
    const { default: mailer } = await import("nodemailer");
    return mailer.createTransport({
      pool,
      maxConnections: 2,
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      secure: mailbox.smtp.tls,
      // A plain local relay (port 25 or 1025) is not asked to upgrade with STARTTLS.
      ignoreTLS: !mailbox.smtp.tls,
      auth: mailbox.smtp.user
        ? { user: mailbox.smtp.user, pass: mailbox.smtp.password }
        : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }
}
