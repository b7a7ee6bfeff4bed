import assert from "node:assert/strict";
import { caseInSubject, caseTag, decideThread, normaliseMessageId } from "../../src/email/mod.ts";

const lookups = (messages: Record<string, number>, cases: number[] = []) => ({
  caseOfMessage: (id: string) => messages[id] ?? null,
  liveCase: (id: number) => cases.includes(id) ? id : null,
});

Deno.test("a reply whose In-Reply-To names a Message-ID we stored joins that case", () => {
  const decision = decideThread(
    { subject: "Re: hello", inReplyTo: "abc@Center.Example", references: [] },
    lookups({ "abc@center.example": 7 }),
  );
  assert.deepEqual(decision, { kind: "join", caseId: 7, by: "headers" });
});

Deno.test("References are matched from the newest back when In-Reply-To is unknown", () => {
  const decision = decideThread(
    { subject: "x", inReplyTo: "nope@x", references: ["a@x", "b@x"] },
    lookups({ "a@x": 1, "b@x": 2 }),
  );
  assert.deepEqual(decision, { kind: "join", caseId: 2, by: "headers" });
});

Deno.test("a case number in the subject joins that case when no header matches", () => {
  const decision = decideThread(
    { subject: "Re: [Case #42] Printer", inReplyTo: null, references: [] },
    lookups({}, [42]),
  );
  assert.deepEqual(decision, { kind: "join", caseId: 42, by: "subject" });
  assert.equal(caseInSubject("回复：[工单 #9] 打印机"), 9);
});

Deno.test("a tag naming no case, or no tag and no known header, opens a new case", () => {
  assert.deepEqual(
    decideThread({ subject: "[Case #5] x", inReplyTo: null, references: [] }, lookups({})),
    { kind: "new" },
  );
  assert.deepEqual(
    decideThread({ subject: "Hello", inReplyTo: "z@y", references: ["q@y"] }, lookups({})),
    { kind: "new" },
  );
});

Deno.test("case tags read back in both languages and Message-IDs lose their brackets", () => {
  assert.equal(caseInSubject(caseTag(123, "en")), 123);
  assert.equal(caseInSubject(caseTag(123, "zh")), 123);
  assert.equal(caseInSubject("Case 123"), null);
  assert.equal(normaliseMessageId(" <Id.1@EXAMPLE.com> "), "Id.1@example.com");
});
