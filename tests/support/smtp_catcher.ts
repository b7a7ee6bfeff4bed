import { Buffer } from "node:buffer";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message the catcher took. */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string;
  references: string;
  autoSubmitted: string;
  attachments: string[];
  raw: string;
}

export interface SmtpCatcher {
  port: number;
  mails: CaughtMail[];
  /** Resolves with the first caught mail that `match` accepts, within `ms`. */
  waitFor(match: (mail: CaughtMail) => boolean, ms?: number): Promise<CaughtMail>;
  stop(): Promise<void>;
}

/** A local SMTP server (npm smtp-server) that accepts any mail without TLS or sign-in. */
export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks);
        const mail = await simpleParser(raw);
        const header = (name: string) => String(mail.headers.get(name) ?? "");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          messageId: mail.messageId ?? "",
          inReplyTo: String(mail.inReplyTo ?? ""),
          references: ([] as string[]).concat(mail.references ?? []).join(" "),
          autoSubmitted: header("auto-submitted"),
          attachments: mail.attachments.map((a) => a.filename ?? ""),
          raw: raw.toString("utf8"),
        });
        callback();
      });
    },
  });
  // Replies go out at once, as a mail server's do; Nagle would hold each for the client's
  // delayed ACK (40 ms a message).
  server.server.on(
    "connection",
    (socket: { setNoDelay(on: boolean): void }) => socket.setNoDelay(true),
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    port,
    mails,
    async waitFor(match, ms = 30_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = mails.find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `No matching mail within ${ms} ms; caught: ${
              mails.map((m) => `${m.to} "${m.subject}"`).join(", ") || "none"
            }`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
