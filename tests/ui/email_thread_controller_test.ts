import assert from "node:assert/strict";
import { EmailThreadController } from "../../ui/agent/email_thread_controller.ts";
import { setLanguage } from "../../ui/common/i18n.ts";
import { alertText } from "../../ui/supervisor/alert_text.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const mail = {
  id: 1,
  direction: "inbound",
  kind: "mail",
  message_id: "m1@x",
  from_address: "a@b.c",
  to_addresses: "support@x",
  subject: "Help",
  text_body: "hi",
  html_body: null,
  attachment_ids: [],
  created_at: "2026-12-06T10:00:00Z",
};

Deno.test("the thread loads with the templates, and a sent reply reads the thread again", async () => {
  const calls: string[] = [];
  let sent = false;
  const controller = new EmailThreadController(host(), <T>(method: string, path: string) => {
    calls.push(`${method} ${path}`);
    if (path === "/scripts") {
      return Promise.resolve({ scripts: [{ id: 4, name: "Thanks", body: "x" }] } as T);
    }
    const emails = sent ? [mail, { ...mail, id: 2, direction: "outbound", kind: "reply" }] : [mail];
    if (method === "POST") sent = true;
    return Promise.resolve({ emails } as T);
  });
  await controller.load(9);
  assert.equal(controller.emails.length, 1);
  assert.deepEqual(controller.templates.map((s) => s.name), ["Thanks"]);
  assert.equal(await controller.send("Dear {{customer.name}}", [3]), true);
  assert.ok(calls.includes("POST /cases/9/emails"));
  assert.equal(controller.emails.length, 2);
  assert.equal(controller.sent, true);
});

Deno.test("a refused reply keeps the reason and says it was not sent", async () => {
  const controller = new EmailThreadController(host(), <T>(method: string) => {
    if (method === "POST") {
      return Promise.reject(new Error("No mailbox is configured to send from"));
    }
    return Promise.resolve({ emails: [], scripts: [] } as T);
  });
  await controller.load(9);
  assert.equal(await controller.send("hello", []), false);
  assert.equal(controller.error, "No mailbox is configured to send from");
  assert.equal(controller.sending, false);
});

Deno.test("a mailbox alarm reads as a sentence in both languages", () => {
  const alert = {
    key: "mailbox_down:1",
    kind: "mailbox_down" as const,
    queue_id: null,
    agent_id: null,
    trunk_id: null,
    subject: "Support",
    value: 3,
    limit: null,
    state: null,
    reason: "Authentication failed",
    since: "2026-12-06T12:00:00.000Z",
  };
  setLanguage("en", { persist: false });
  assert.equal(alertText(alert), "Mailbox Support cannot be read (3 tries failed)");
  setLanguage("zh-CN", { persist: false });
  try {
    assert.equal(alertText(alert), "邮箱 Support 无法读取（已失败 3 次）");
  } finally {
    setLanguage("en", { persist: false });
  }
});
