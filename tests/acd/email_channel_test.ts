import assert from "node:assert/strict";
import { parseAcdConfig } from "../../src/acd/mod.ts";

Deno.test("a queue can carry e-mail beside voice and chat", () => {
  const config = parseAcdConfig({
    queues: [{ id: "mail", strategy: "longest_idle", channel: "email" }],
    agents: [{ id: "ann", queues: [{ queueId: "mail" }] }],
  });
  assert.equal(config.queues[0].channel, "email");
});
