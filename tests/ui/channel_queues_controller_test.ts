import assert from "node:assert/strict";
import {
  ChannelQueuesController,
  voiceQueuesOnly,
} from "../../ui/supervisor/channel_queues_controller.ts";

function fakeHost() {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

const SMS = {
  key: "sms",
  queue_id: null,
  name: "SMS",
  channel: "sms",
  waiting: 2,
  oldest_wait_s: 40,
  agents_with_capacity: null,
  service_level: 50,
  service_level_s: 900,
};

Deno.test("the channel queues controller reads the tiles and reads again on a text or chat event", async () => {
  let reads = 0;
  const c = new ChannelQueuesController(fakeHost(), <T>() => {
    reads++;
    return Promise.resolve({ queues: [SMS] } as T);
  });
  await c.load();
  assert.deepEqual(c.queues, [SMS]);
  c.onEvent("queue.status");
  assert.equal(reads, 1);
  c.onEvent("sms.received");
  c.onEvent("chat.offered");
  assert.equal(reads, 3);
});

Deno.test("a failed read keeps the tiles it had", async () => {
  let fail = false;
  const c = new ChannelQueuesController(
    fakeHost(),
    <T>() => fail ? Promise.reject(new Error("offline")) : Promise.resolve({ queues: [SMS] } as T),
  );
  await c.load();
  fail = true;
  await c.load();
  assert.deepEqual(c.queues, [SMS]);
});

Deno.test("the voice wallboard leaves out the queues the channel tiles show", () => {
  const voice = [{ queue_id: 1, name: "Sales" }, { queue_id: 7, name: "Web chat" }];
  const shown = voiceQueuesOnly(voice, [{ queue_id: 7 }, { queue_id: null }]);
  assert.deepEqual(shown.map((q) => q.name), ["Sales"]);
});
