import assert from "node:assert/strict";
import { type Voicemail, VoicemailController } from "../../ui/voicemail/voicemail_controller.ts";

const host = () => ({
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
});

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
