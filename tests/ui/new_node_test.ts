import assert from "node:assert/strict";
import { newNode } from "../../ui/admin/flows/new_node.ts";

Deno.test("a new queue node takes the first queue, and a menu starts with the menu prompt", () => {
  const queue = newNode({
    type: "queue",
    summary: "",
    exits: { required: [], optional: [] },
    schema: { properties: { queue: { type: "string" } }, required: ["type", "queue"] },
  }, { queues: ["Sales", "Support"], schedules: [] });
  assert.deepEqual(queue, { type: "queue", queue: "Sales" });
  const menu = newNode({
    type: "menu",
    summary: "",
    exits: { required: [], optional: [] },
    schema: { properties: { play: { type: "array" } }, required: ["type", "play"] },
  }, { queues: [], schedules: [] });
  assert.deepEqual(menu, { type: "menu", play: ["main_menu"] });
});
