import assert from "node:assert/strict";
import { DEMO_PASSWORD, type TestAppliance, testAppliance } from "../support/test_appliance.ts";

async function signedIn(app: TestAppliance, username: string) {
  const client = app.client();
  const response = await client.login(username, DEMO_PASSWORD);
  assert.equal(response.status, 200);
  return client;
}

/** A chat held by the demo's agent1, with a file the visitor sent. */
function heldChat(app: TestAppliance) {
  const agentId = app.users.byUsername("agent1")!.id;
  const store = app.chats.store;
  const chat = store.create({
    token: "tok-0123456789abcdef",
    customer_id: null,
    visitor_name: "Visitor",
    visitor_email: "v@example.com",
    state: "waiting",
  });
  store.move(chat.id, "offered", { agent_id: agentId });
  store.move(chat.id, "with_agent");
  const file = store.addFile(chat.id, {
    name: "receipt.txt",
    contentType: "text/plain",
    data: new TextEncoder().encode("paid"),
  });
  store.addMessage({ chatId: chat.id, sender: "visitor", body: "", attachmentId: file.id });
  return { chat, file, agentId };
}

Deno.test("a chat is seen by its agent and supervisors, and by no other agent", async () => {
  await using app = await testAppliance({ demo: true });
  const { chat } = heldChat(app);
  const agent1 = await signedIn(app, "agent1");
  const agent2 = await signedIn(app, "agent2");
  const supervisor = await signedIn(app, "super1");
  assert.equal((await agent1.get(`/api/v1/chats/${chat.id}`)).status, 200);
  assert.equal((await supervisor.get(`/api/v1/chats/${chat.id}`)).status, 200);
  const other = await agent2.get(`/api/v1/chats/${chat.id}`);
  assert.equal(other.status, 404);
  assert.equal((await other.json()).error.code, "not_found");
  const send = await agent2.post(`/api/v1/chats/${chat.id}/messages`, { text: "hi" });
  assert.equal(send.status, 404);
});

Deno.test("an agent's file of a type a page could run is refused in the standard error shape", async () => {
  await using app = await testAppliance({ demo: true });
  const { chat } = heldChat(app);
  const agent1 = await signedIn(app, "agent1");
  const response = await agent1.request(
    "POST",
    `/api/v1/chats/${chat.id}/files?name=page.html`,
    "<script>alert(1)</script>",
    { "content-type": "text/html" },
  );
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.error.code, "file_type_not_allowed");
  assert.ok(Array.isArray(body.error.details.allowed));
});

Deno.test("a chat's file reaches the visitor only with the chat's token, as a download", async () => {
  await using app = await testAppliance({ demo: true });
  const { chat, file } = heldChat(app);
  const visitor = app.client("198.51.100.7");
  const wrong = await visitor.get(`/widget/files/tok-wrong-token-00000/${file.id}`);
  assert.equal(wrong.status, 404);
  const right = await visitor.get(`/widget/files/${chat.token}/${file.id}`);
  assert.equal(right.status, 200);
  assert.match(right.headers.get("content-disposition") ?? "", /^attachment;/);
  assert.equal(await right.text(), "paid");
});

Deno.test("supervisors read and set an agent's chat capacity; agents cannot", async () => {
  await using app = await testAppliance({ demo: true });
  const agentId = app.users.byUsername("agent1")!.id;
  const agent1 = await signedIn(app, "agent1");
  const supervisor = await signedIn(app, "super1");
  const path = `/api/v1/agents/${agentId}/chat-capacity`;
  assert.equal((await agent1.request("PUT", path, { capacity: 3 })).status, 403);
  const tooMany = await supervisor.request("PUT", path, { capacity: 21 });
  assert.equal(tooMany.status, 400);
  const set = await supervisor.request("PUT", path, { capacity: 3 });
  assert.equal(set.status, 200);
  assert.equal(app.chats.store.capacity(agentId), 3);
  const read = await supervisor.get(path);
  assert.deepEqual(await read.json(), { user_id: agentId, chat_capacity: 3 });
  assert.equal((await agent1.get(path)).status, 403);
  assert.equal((await supervisor.get("/api/v1/agents/99999/chat-capacity")).status, 404);
});

Deno.test("supervisors see each chat queue's chats by state; agents do not", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = app.client();
  assert.equal((await admin.login("admin", "admin-secret-1")).status, 200);
  const created = await admin.post("/api/v1/queues", {
    name: "Web chat",
    options: { channel: "chat" },
  });
  assert.equal(created.status, 201, await created.clone().text());
  const queueId = (await created.json()).queue.id;
  app.chats.store.create({
    token: "tok-aaaaaaaaaaaaaaaa",
    customer_id: null,
    visitor_name: "V",
    queue_id: queueId,
    state: "waiting",
  });
  app.clock.advance(30_000);
  const supervisor = await signedIn(app, "super1");
  const response = await supervisor.get("/api/v1/chats/queues");
  assert.equal(response.status, 200);
  const { queues } = await response.json();
  const web = queues.find((q: { queue_id: number }) => q.queue_id === queueId);
  assert.equal(web.waiting, 1);
  assert.equal(web.with_agent, 0);
  assert.equal(web.oldest_wait_s, 30);
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.get("/api/v1/chats/queues")).status, 403);
});
