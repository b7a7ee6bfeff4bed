import assert from "node:assert/strict";
import { AcdEngine } from "../../src/acd/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { ChatSeats } from "../../src/queues/chat_seats.ts";
import type { AcdSetup } from "../../src/queues/queue_config.ts";

/** Chat queue 5 with agents 7 (two chats at once) and 8 (none), and voice queue 6 with 9. */
function seats() {
  const engine = new AcdEngine({
    clock: new VirtualClock(0),
    config: {
      queues: [
        { id: "5", channel: "chat", strategy: "longest_idle" },
        { id: "6", strategy: "longest_idle" },
      ],
      agents: [
        { id: "7", queues: [{ queueId: "5" }], capacity: { voice: 1, chat: 2 } },
        { id: "8", queues: [{ queueId: "5" }], capacity: { voice: 1, chat: 0 } },
        { id: "9", queues: [{ queueId: "6" }], capacity: { voice: 1, chat: 3 } },
      ],
    },
    output: {
      offer() {},
      stopRinging() {},
      announce() {},
      overflow() {},
      blocked() {},
      record() {},
      offerChat() {},
      withdrawChat() {},
    },
  });
  const chats = new ChatSeats({
    engine,
    setup: { queues: new Map(), agents: new Map() } as unknown as AcdSetup,
    input: (fn) => fn(engine),
  });
  return { engine, chats };
}

Deno.test("withRoom() counts the queue's ready members with room for one more chat", () => {
  const { engine, chats } = seats();
  assert.equal(chats.withRoom(5), 0, "nobody is logged in");
  for (const id of ["7", "8", "9"]) engine.agentLoggedIn(id, "ready");
  assert.equal(chats.withRoom(5), 1, "agent 8 takes no chats; agent 9 is not a member");
  chats.enter(1, 5);
  chats.enter(2, 5);
  assert.ok(chats.accept(1, 7));
  assert.equal(chats.withRoom(5), 0, "agent 7 holds two chats, one offered");
  chats.end(2);
  assert.equal(chats.withRoom(5), 1);
  engine.agentNotReady("7", "break");
  assert.equal(chats.withRoom(5), 0, "an agent on a break takes no chat");
});
