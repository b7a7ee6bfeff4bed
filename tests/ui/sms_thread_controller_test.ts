import assert from "node:assert/strict";
import { smsSize, SmsThreadController } from "../../ui/agent/sms_thread_controller.ts";

function fakeHost() {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

const THREAD = {
  id: 3,
  phone: "+8613800138000",
  started_at: "2026-05-01T02:00:00.000Z",
  last_message_at: "2026-05-01T02:00:00.000Z",
  waiting_since: "2026-05-01T02:00:00.000Z",
  messages: [],
};

Deno.test("smsSize() counts segments for plain and for Chinese text", () => {
  assert.deepEqual(smsSize(""), { count: 0, segments: 0 });
  assert.deepEqual(smsSize("a".repeat(160)), { count: 160, segments: 1 });
  assert.deepEqual(smsSize("a".repeat(161)), { count: 161, segments: 2 });
  assert.deepEqual(smsSize("你".repeat(70)), { count: 70, segments: 1 });
  assert.deepEqual(smsSize("你".repeat(71)), { count: 71, segments: 2 });
});

Deno.test("the SMS controller replies to the newest thread's number and reloads the thread", async () => {
  const sent: unknown[][] = [];
  const c = new SmsThreadController(
    fakeHost(),
    <T>(method: string, path: string, body?: unknown) => {
      sent.push([method, path, body]);
      if (method === "GET") return Promise.resolve({ threads: [THREAD] } as T);
      return Promise.resolve({ message: { id: 9, status: "sent" } } as T);
    },
  );
  await c.load(7);
  assert.equal(c.replyNumber, "+8613800138000");
  assert.equal(await c.send("hello", c.replyNumber!), true);
  assert.deepEqual(sent[1], ["POST", "/customers/7/sms", {
    text: "hello",
    phone: "+8613800138000",
  }]);
  assert.deepEqual(sent[2], ["GET", "/customers/7/sms", undefined]);
  assert.equal(c.problem, null);
});

Deno.test("a text the gateway never took is a failure with its reason; a missing gateway is a refusal", async () => {
  let answer: unknown = { code: "sms_not_sent", message: "The gateway answered HTTP 503" };
  const c = new SmsThreadController(fakeHost(), <T>(method: string) => {
    if (method === "GET") return Promise.resolve({ threads: [THREAD] } as T);
    return Promise.reject(answer);
  });
  await c.load(7);
  assert.equal(await c.send("x"), false);
  assert.deepEqual(c.problem, { kind: "failed", reason: "The gateway answered HTTP 503" });
  answer = { code: "not_configured", message: "No SMS gateway is configured" };
  assert.equal(await c.resend(4), false);
  assert.deepEqual(c.problem, { kind: "refused", code: "not_configured" });
});

Deno.test("the SMS controller reloads on a text for its customer and ignores others", async () => {
  let gets = 0;
  const c = new SmsThreadController(fakeHost(), <T>() => {
    gets++;
    return Promise.resolve({ threads: [THREAD] } as T);
  });
  await c.load(7);
  c.onEvent("sms.received", { customer_id: 8 });
  assert.equal(gets, 1);
  c.onEvent("sms.received", { customer_id: 7 });
  c.onEvent("sms.status", { conversation_id: 3 });
  assert.equal(gets, 3);
});
