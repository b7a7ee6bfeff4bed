/** What deciding on an acknowledgement needs of an arriving e-mail. */
export interface ArrivingMail {
  from: string;
  headers: ReadonlyMap<string, string>;
}

/**
 * Whether an arriving e-mail may be acknowledged. Never to another machine's mail
 * (Auto-Submitted other than "no", Precedence bulk/junk/list, a mailing list, a bounce)
 * nor to one of our own addresses: two auto-responders answering each other is a loop
 * that fills both mailboxes (RFC 3834 section 2).
 */
export function mayAcknowledge(mail: ArrivingMail, ownAddresses: readonly string[]): boolean {
  const from = mail.from.trim().toLowerCase();
  if (!from || !from.includes("@")) return false;
  if (ownAddresses.some((own) => own.trim().toLowerCase() === from)) return false;
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/.test(from)) return false;
  const header = (name: string) => (mail.headers.get(name) ?? "").trim().toLowerCase();
  const auto = header("auto-submitted");
  if (auto && auto !== "no") return false;
  if (["bulk", "junk", "list"].includes(header("precedence"))) return false;
  if (header("list-id") || header("list-unsubscribe")) return false;
  if (header("x-auto-response-suppress").match(/\b(all|autoreply|oof)\b/)) return false;
  return true;
}

/** An article suggested in the acknowledgement. */
export interface SuggestedArticle {
  title: string;
  summary: string;
}

export interface Acknowledgement {
  subject: string;
  text: string;
}

/**
 * The acknowledgement's words: the case number in the subject and the body, and up to
 * three knowledge-base articles that may already answer the question.
 */
export function composeAcknowledgement(input: {
  caseId: number;
  tag: string;
  originalSubject: string;
  centerName: string;
  language: "en" | "zh";
  articles: readonly SuggestedArticle[];
}): Acknowledgement {
  const { caseId, tag, originalSubject, centerName, language, articles } = input;
  const subject = `${tag} ${
    stripReplyPrefixes(originalSubject) || (language === "zh" ? "您的来信" : "Your message")
  }`;
  const list = articles.slice(0, 3).map((a, i) => `${i + 1}. ${a.title}\n   ${a.summary}`);
  const lines = language === "zh"
    ? [
      "您好，",
      "",
      `我们已收到您的来信，并为其建立了工单 #${caseId}。客服人员会尽快回复您。`,
      "回复时请保留邮件主题中的工单号。",
      ...(list.length ? ["", "以下文章也许能解答您的问题：", ...list] : []),
      "",
      centerName,
      "（此邮件为自动回复）",
    ]
    : [
      "Hello,",
      "",
      `We have received your message and opened case #${caseId} for it. An agent will reply soon.`,
      "Please keep the case number in the subject when you reply.",
      ...(list.length ? ["", "These articles may already answer your question:", ...list] : []),
      "",
      centerName,
      "(This is an automatic reply.)",
    ];
  return { subject, text: lines.join("\n") };
}

/** A subject without its leading "Re:", "Fwd:", "回复：" and the like. */
export function stripReplyPrefixes(subject: string): string {
  return subject.replace(/^(\s*(re|fw|fwd|aw|回复|答复|转发)\s*[:：]\s*)+/i, "").trim();
}

/** The language to answer in: the customer's, else the message's script, else the center's. */
export function replyLanguage(
  customerLanguage: string | null | undefined,
  text: string,
  centerLanguage: string | null | undefined,
): "en" | "zh" {
  if (customerLanguage) return customerLanguage.toLowerCase().startsWith("zh") ? "zh" : "en";
  const han = (text.slice(0, 2000).match(/[\u4e00-\u9fff]/g) ?? []).length;
  if (han >= 2) return "zh";
  if (/[a-z]{3,}/i.test(text)) return "en";
  return (centerLanguage ?? "zh-CN").toLowerCase().startsWith("zh") ? "zh" : "en";
}
