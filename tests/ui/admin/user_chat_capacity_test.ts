import assert from "node:assert/strict";
import { type ApiClient, ApiError } from "../../../ui/common/api_client.ts";
import { setLanguage } from "../../../ui/common/i18n.ts";
import { chatCapacityOf, usersResource } from "../../../ui/admin/people_resources.ts";
import { problemOf } from "../../../ui/admin/resource_controller.ts";

/** An API that answers the user editor's reads and records every request. */
function fakeApi(capacity: number) {
  const requests: string[] = [];
  const api = {
    request(method: string, path: string, body?: unknown) {
      requests.push(`${method} ${path}${body === undefined ? "" : ` ${JSON.stringify(body)}`}`);
      if (path.endsWith("/skills")) return Promise.resolve({ skills: [] });
      if (path.endsWith("/chat-capacity")) return Promise.resolve({ chat_capacity: capacity });
      return Promise.resolve({});
    },
  } as unknown as ApiClient;
  return { api, requests };
}

const agent = { id: 7, username: "agent1", display_name: "Li Na", role: "agent", active: true };

Deno.test("the user editor shows the agent's chat capacity and sends it only when changed", async () => {
  const { api, requests } = fakeApi(2);
  const form = await usersResource.toForm(agent, {}, api);
  assert.equal(form.chat_capacity, "2");
  await usersResource.afterSave!(api, agent, form);
  assert.ok(!requests.some((r) => r.startsWith("PUT /agents/7/chat-capacity")));
  await usersResource.afterSave!(api, agent, { ...form, chat_capacity: "3" });
  assert.ok(requests.includes('PUT /agents/7/chat-capacity {"capacity":3}'));
  // Only the user's own fields go to the user endpoint.
  assert.equal(
    "chat_capacity" in usersResource.toBody({ ...form, chat_capacity: "3" }, false),
    false,
  );
});

Deno.test("a new agent starts with no chats unless a capacity is typed", async () => {
  const { api, requests } = fakeApi(0);
  const form = await usersResource.toForm(undefined, {}, api);
  assert.equal(form.chat_capacity, "0");
  await usersResource.afterSave!(api, { id: 9 }, { ...form, username: "new1" });
  assert.deepEqual(requests, []);
  await usersResource.afterSave!(api, { id: 9 }, { ...form, username: "new1", chat_capacity: "1" });
  assert.deepEqual(requests, ['PUT /agents/9/chat-capacity {"capacity":1}']);
});

Deno.test("a capacity that is not a whole number from 0 to 20 is refused at its field before saving", () => {
  for (const typed of ["", "-1", "21", "2.5", "three"]) {
    assert.equal(chatCapacityOf({ chat_capacity: typed }), undefined, typed);
  }
  assert.equal(chatCapacityOf({ chat_capacity: " 20 " }), 20);
  setLanguage("zh-CN", { persist: false });
  assert.deepEqual(usersResource.check!({ chat_capacity: "21" }), {
    chat_capacity: "请输入 0 到 20 之间的整数。",
  });
  setLanguage("en", { persist: false });
  assert.deepEqual(usersResource.check!({ chat_capacity: "21" }), {
    chat_capacity: "Enter a whole number from 0 to 20.",
  });
  assert.deepEqual(usersResource.check!({ chat_capacity: "4" }), {});
  // The capacity endpoint's own refusal lands on the same field.
  const refused = new ApiError(400, "invalid_request", "Invalid request body", {
    issues: [{ path: "capacity", message: "an agent holds at most 20 chats" }],
  });
  assert.deepEqual(problemOf(refused, usersResource).fields, {
    chat_capacity: "An agent holds at most 20 chats.",
  });
});
