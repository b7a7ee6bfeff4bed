import assert from "node:assert/strict";
import { QuickRepliesController } from "../../ui/admin/quick_replies_controller.ts";

const host = {
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
};

Deno.test("the admin's quick-reply list shows the center's replies, not the admin's own", async () => {
  const calls: string[] = [];
  const data = new QuickRepliesController(host, {
    request<T>(method: string, path: string, body?: unknown) {
      calls.push(`${method} ${path} ${body ? JSON.stringify(body) : ""}`.trim());
      return Promise.resolve({
        replies: [
          { id: 1, owner_id: null, title: "Greeting", body: "Hello {{customer.name}}" },
          { id: 2, owner_id: 7, title: "Mine", body: "mine" },
        ],
      } as T);
    },
  });
  await data.load();
  assert.deepEqual(data.replies.map((r) => r.id), [1]);
  await data.add("Thanks", "Thank you");
  assert.equal(
    calls[1],
    'POST /quick-replies {"title":"Thanks","body":"Thank you","scope":"center"}',
  );
});
