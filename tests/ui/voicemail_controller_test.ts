import assert from "node:assert/strict";
import { inChinese } from "../support/in_chinese.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import { type Voicemail, VoicemailController } from "../../ui/voicemail/voicemail_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const message = (id: number, change: Partial<Voicemail> = {}): Voicemail => ({
  id,
  call_id: `c${id}`,
  box: "general",
  queue_id: null,
  caller: "+8613800138000",
  customer_id: 7,
  customer_name: "Zhou Xiaoming",
  duration_ms: 4000,
  status: "new",
  has_audio: true,
  assigned_to: null,
  assigned_name: null,
  case_id: null,
  case_subject: null,
  handled_at: null,
  created_at: "2026-12-06T08:00:00.000Z",
  ...change,
});

function fakeApi(items: Voicemail[]) {
  const sent: string[] = [];
  return {
    sent,
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      if (path === "/voicemail-boxes") {
        return Promise.resolve({ boxes: [{ box: "general", queue_id: null, open: 1 }] } as T);
      }
      if (path.startsWith("/voicemails?")) return Promise.resolve({ voicemails: items } as T);
      if (path.startsWith("/cases?")) {
        return Promise.resolve(
          { cases: [{ id: 2, subject: "Late delivery", status: "open" }] } as T,
        );
      }
      if (method === "PATCH") {
        return Promise.resolve(
          { voicemail: message(1, { ...(body as object), status: "archived" }) } as T,
        );
      }
      return Promise.reject(new Error(`unexpected ${method} ${path}`));
    },
  };
}

Deno.test("the inbox loads the open messages of a box and reloads when a voicemail arrives", async () => {
  const api = fakeApi([message(1)]);
  const inbox = new VoicemailController(host(), api);
  await inbox.filter("general", "open");
  assert.deepEqual(inbox.items.map((v) => v.id), [1]);
  assert.ok(api.sent.includes("GET /voicemails?status=open&box=general"));
  const before = api.sent.length;
  inbox.handleEvent({ type: "voicemail.new", at: "", data: { id: 2 } });
  inbox.handleEvent({ type: "call.ended", at: "", data: {} });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(api.sent.length - before, 2, "one reload: boxes and messages");
});

Deno.test("selecting a message loads its customer's cases; a change replaces it with the server's answer", async () => {
  const api = fakeApi([message(1)]);
  const inbox = new VoicemailController(host(), api);
  await inbox.load();
  await inbox.select(1);
  assert.deepEqual(inbox.cases.map((c) => c.id), [2]);
  assert.equal(await inbox.change({ case_id: 2, handled: true }), true);
  assert.ok(api.sent.includes('PATCH /voicemails/1 {"case_id":2,"handled":true}'));
  assert.equal(inbox.selected?.case_id, 2);
  assert.equal(inbox.selected?.status, "archived");
});

Deno.test("a message marked handled stays selected after the open list no longer has it", async () => {
  const items = [message(1)];
  const api = fakeApi(items);
  const inbox = new VoicemailController(host(), api);
  await inbox.load();
  await inbox.select(1);
  await inbox.change({ handled: true });
  items.length = 0;
  await inbox.load();
  assert.deepEqual(inbox.items, []);
  assert.equal(inbox.selected?.id, 1);
  assert.equal(inbox.selected?.status, "archived");
});

/** An inbox with message 1 selected whose changes are answered in turn by `answers`. */
async function inboxAnswering(...answers: (Error | Promise<unknown>)[]) {
  const api = fakeApi([message(1)]);
  const request = api.request;
  api.request = <T>(method: string, path: string, body?: unknown) => {
    if (method !== "PATCH") return request<T>(method, path, body);
    const answer = answers.shift();
    if (answer instanceof Error) return Promise.reject(answer);
    return (answer ?? request<T>(method, path, body)) as Promise<T>;
  };
  const inbox = new VoicemailController(host(), api);
  await inbox.load();
  await inbox.select(1);
  return inbox;
}

const refused = (status: number, path: string, code: string, words: string) =>
  new ApiError(status, status === 403 ? "forbidden" : "invalid_request", words, {
    issues: [{ path, code, message: words }],
  });

const caseGone = refused(
  400,
  "case_id",
  "unknown_case",
  "Case 2 does not exist; link the voicemail to another case",
);

Deno.test("a case that is no longer there is said at the case choice, in Chinese or in English", async () => {
  await inChinese(async () => {
    const inbox = await inboxAnswering(caseGone);
    assert.equal(await inbox.change({ case_id: 2 }), false);
    assert.deepEqual(inbox.errors, { case_id: "没有这个工单，它可能已被删除。" });
    assert.equal(inbox.error, null, "nothing else to say at the top");
  });
  const inbox = await inboxAnswering(caseGone);
  await inbox.change({ case_id: 2 });
  assert.deepEqual(inbox.errors, {
    case_id: "Case 2 does not exist; link the voicemail to another case.",
  });
});

Deno.test("taking a message for someone else, or for a user who is gone, is said at Take it", async () => {
  await inChinese(async () => {
    const inbox = await inboxAnswering(
      refused(403, "assigned_to", "self_only", "Agents take voicemails for themselves only"),
      refused(400, "assigned_to", "unknown_user", "User 4 does not exist or is deactivated"),
    );
    await inbox.change({ assigned_to: 4 });
    assert.deepEqual(inbox.errors, { assigned_to: "此处只能选择你自己。" });
    await inbox.change({ assigned_to: 4 });
    assert.deepEqual(inbox.errors, { assigned_to: "没有这个用户，可能已被删除或停用。" });
  });
  const inbox = await inboxAnswering(
    refused(403, "assigned_to", "self_only", "Agents take voicemails for themselves only"),
  );
  await inbox.change({ assigned_to: 4 });
  assert.deepEqual(inbox.errors, { assigned_to: "Agents take voicemails for themselves only." });
});

Deno.test("a new change clears the last refusal as it starts, and picking another message does too", async () => {
  let answer!: (value: unknown) => void;
  const later = new Promise((resolve) => answer = resolve);
  const inbox = await inboxAnswering(caseGone, later, caseGone);
  await inbox.change({ case_id: 2 });
  assert.ok(inbox.errors.case_id);
  const changing = inbox.change({ handled: true });
  assert.deepEqual(inbox.errors, {}, "nothing refused beside the change in progress");
  answer({ voicemail: message(1, { handled_at: "2026-12-06T09:00:00.000Z" }) });
  assert.equal(await changing, true);
  assert.deepEqual(inbox.errors, {});
  await inbox.change({ case_id: 2 });
  assert.ok(inbox.errors.case_id);
  await inbox.select(2);
  assert.deepEqual(inbox.errors, {}, "the refusal was about the message picked before");
});

Deno.test("a refusal code the page does not know keeps the server's words at its control", async () => {
  const odd = refused(400, "case_id", "case_closed_meanwhile", "Case 2 was closed meanwhile");
  await inChinese(async () => {
    const inbox = await inboxAnswering(odd);
    await inbox.change({ case_id: 2 });
    assert.deepEqual(inbox.errors, { case_id: "此值不被接受（Case 2 was closed meanwhile）。" });
  });
  const inbox = await inboxAnswering(odd);
  await inbox.change({ case_id: 2 });
  assert.deepEqual(inbox.errors, { case_id: "Case 2 was closed meanwhile." });
});

Deno.test("a refusal about no field is said at the top, in the user's language", async () => {
  const gone = new ApiError(404, "not_found", "Voicemail 1 not found");
  await inChinese(async () => {
    const inbox = await inboxAnswering(gone);
    await inbox.change({ handled: true });
    assert.deepEqual(inbox.errors, {});
    assert.equal(inbox.error, "该项已不存在，请重新加载列表。");
  });
  const inbox = await inboxAnswering(gone);
  await inbox.change({ handled: true });
  assert.equal(inbox.error, "Voicemail 1 not found");
});
