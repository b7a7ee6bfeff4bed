import assert from "node:assert/strict";
import { composeAcknowledgement, mayAcknowledge, replyLanguage } from "../../src/email/mod.ts";

const mail = (from: string, headers: Record<string, string> = {}) => ({
  from,
  headers: new Map(Object.entries(headers)),
});

Deno.test("automatic, bulk and list mail and our own address get no acknowledgement", () => {
  const own = ["support@center.example"];
  assert.equal(mayAcknowledge(mail("zhang@customer.example"), own), true);
  assert.equal(mayAcknowledge(mail("a@b.c", { "auto-submitted": "auto-replied" }), own), false);
  assert.equal(mayAcknowledge(mail("a@b.c", { "auto-submitted": "no" }), own), true);
  assert.equal(mayAcknowledge(mail("a@b.c", { precedence: "bulk" }), own), false);
  assert.equal(mayAcknowledge(mail("a@b.c", { "list-id": "<x.list>" }), own), false);
  assert.equal(mayAcknowledge(mail("Support@Center.example"), own), false);
  assert.equal(mayAcknowledge(mail("MAILER-DAEMON@b.c"), own), false);
});

Deno.test("the acknowledgement carries the case number in subject and body, with articles", () => {
  const en = composeAcknowledgement({
    caseId: 42,
    tag: "[Case #42]",
    originalSubject: "Re: Printer jams",
    centerName: "Harbour",
    language: "en",
    articles: [{ title: "Clearing a jam", summary: "Open the tray" }],
  });
  assert.equal(en.subject, "[Case #42] Printer jams");
  assert.match(en.text, /case #42/);
  assert.match(en.text, /Clearing a jam/);
  const zh = composeAcknowledgement({
    caseId: 42,
    tag: "[工单 #42]",
    originalSubject: "打印机卡纸",
    centerName: "港湾",
    language: "zh",
    articles: [],
  });
  assert.equal(zh.subject, "[工单 #42] 打印机卡纸");
  assert.match(zh.text, /工单 #42/);
});

Deno.test("the reply language follows the customer, then the message, then the center", () => {
  assert.equal(replyLanguage("en", "打印机坏了", "zh-CN"), "en");
  assert.equal(replyLanguage(null, "打印机坏了", "en"), "zh");
  assert.equal(replyLanguage(null, "the printer is broken", "zh-CN"), "en");
  assert.equal(replyLanguage(null, "123", "zh-CN"), "zh");
});
