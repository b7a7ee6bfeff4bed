import { Buffer } from "node:buffer";
import { normaliseMessageId, parseReferences } from "./threading.ts";

/** An e-mail as the intake needs it, parsed from its raw source. */
export interface ParsedMail {
  messageId: string | null;
  from: string;
  fromName: string;
  to: string[];
  subject: string;
  text: string;
  /** Sanitised: no scripts, handlers, styles or remote content. */
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  /** When the sender says it was written (the Date header), epoch ms; null without one. */
  date: number | null;
  /** Header names lower-cased, values as text. */
  headers: Map<string, string>;
  attachments: { name: string; contentType: string; bytes: Uint8Array }[];
}

type Address = { value?: { address?: string; name?: string }[] };

/** Parses a raw RFC 5322 message (MIME, encodings and charsets) with mailparser. */
export async function parseMail(source: Uint8Array): Promise<ParsedMail> {
  // Loaded on first use: a center without mailboxes does not carry the libraries.
  const [{ simpleParser }, { sanitiseHtml }] = await Promise.all([
    import("mailparser"),
    import("./sanitise_html.ts"),
  ]);
  const mail = await simpleParser(Buffer.from(source), {
    skipImageLinks: true,
    skipTextLinks: true,
  });
  const from = (mail.from as Address | undefined)?.value?.[0];
  const toList = ([] as Address[]).concat((mail.to as Address | Address[] | undefined) ?? []);
  const headers = new Map<string, string>();
  for (const line of mail.headerLines ?? []) {
    const at = line.line.indexOf(":");
    headers.set(line.key.toLowerCase(), at < 0 ? "" : line.line.slice(at + 1).trim());
  }
  const inReplyTo = parseReferences(mail.inReplyTo ?? null)[0] ?? null;
  const html = typeof mail.html === "string" ? sanitiseHtml(mail.html) : null;
  return {
    messageId: mail.messageId ? normaliseMessageId(mail.messageId) : null,
    from: (from?.address ?? "").toLowerCase(),
    fromName: from?.name ?? "",
    to: toList.flatMap((a) => a.value ?? []).map((v) => (v.address ?? "").toLowerCase())
      .filter(Boolean),
    subject: (mail.subject ?? "").trim(),
    text: (mail.text ?? "").trim(),
    html,
    inReplyTo,
    references: parseReferences(mail.references as string | string[] | undefined),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : null,
    headers,
    attachments: (mail.attachments ?? [])
      .filter((a: { content?: Uint8Array; related?: boolean }) => a.content && !a.related)
      .map((a: { filename?: string; contentType?: string; content: Uint8Array }) => ({
        name: a.filename ?? "attachment",
        contentType: a.contentType ?? "application/octet-stream",
        bytes: new Uint8Array(a.content),
      })),
  };
}
