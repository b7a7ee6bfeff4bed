import assert from "node:assert/strict";
import { AcdEngine } from "../../src/acd/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";

/** A voice queue and a chat queue; ann takes up to `annChats` chats, bob up to 3. */
function chatCenter(annChats = 2) {
  const clock = new VirtualClock(0);
  const chatOffers: string[] = [];
  const withdrawn: string[] = [];
  const voiceOffers: string[] = [];
  const engine = new AcdEngine({
    clock,
    config: {
      queues: [
        { id: "voice", strategy: "longest_idle" },
        { id: "web", channel: "chat", strategy: "longest_idle", ringTimeoutSeconds: 30 },
      ],
      agents: [
        {
          id: "ann",
          queues: [{ queueId: "voice" }, { queueId: "web" }],
          capacity: { voice: 1, chat: annChats },
        },
        {
          id: "bob",
          queues: [{ queueId: "voice" }, { queueId: "web", penalty: 1 }],
          capacity: { voice: 1, chat: 3 },
        },
      ],
    },
    output: {
      offer: (callId, agentId) => voiceOffers.push(`${callId}→${agentId}`),
      stopRinging() {},
      announce() {},
      overflow() {},
      blocked() {},
      record() {},
      offerChat: (chatId, agentId) => chatOffers.push(`${chatId}→${agentId}`),
      withdrawChat: (chatId, agentId, reason) => withdrawn.push(`${chatId}→${agentId}:${reason}`),
    },
  });
  return { clock, engine, chatOffers, withdrawn, voiceOffers };
}

Deno.test("an agent takes chats up to the chat capacity and a further chat waits until one ends", () => {
  const { engine, chatOffers } = chatCenter(2);
  engine.agentLoggedIn("ann", "ready");
  for (const id of ["c1", "c2", "c3"]) engine.chatEntered({ chatId: id, queueId: "web" });
  assert.deepEqual(chatOffers, ["c1→ann", "c2→ann"]);
  assert.ok(engine.chatAccepted("c1", "ann") && engine.chatAccepted("c2", "ann"));
  assert.deepEqual(engine.chatLoad("ann"), { chats: 2, capacity: 2 });
  assert.equal(engine.chat("c3")?.state, "waiting");
  assert.equal(engine.chatsWaiting("web"), 1);
  assert.ok(engine.chatEnded("c1"));
  assert.deepEqual(chatOffers, ["c1→ann", "c2→ann", "c3→ann"]);
  assert.equal(engine.chatsWaiting("web"), 0);
});

Deno.test("a chat goes to the member with the fewest chats, then the lower penalty", () => {
  const { engine, chatOffers } = chatCenter(3);
  engine.agentLoggedIn("bob", "ready");
  engine.agentLoggedIn("ann", "ready");
  engine.chatEntered({ chatId: "c1", queueId: "web" });
  engine.chatEntered({ chatId: "c2", queueId: "web" });
  engine.chatEntered({ chatId: "c3", queueId: "web" });
  assert.deepEqual(chatOffers, ["c1→ann", "c2→bob", "c3→ann"]);
});

Deno.test("a chat not accepted within the offer time goes to the next agent", () => {
  const { engine, clock, chatOffers, withdrawn } = chatCenter();
  engine.agentLoggedIn("ann", "ready");
  engine.agentLoggedIn("bob", "ready");
  engine.chatEntered({ chatId: "c1", queueId: "web" });
  assert.deepEqual(chatOffers, ["c1→ann"]);
  clock.advance(29_999);
  assert.equal(engine.chat("c1")?.agentId, "ann");
  clock.advance(1);
  assert.deepEqual(withdrawn, ["c1→ann:offer_timeout"]);
  assert.deepEqual(chatOffers, ["c1→ann", "c1→bob"]);
  assert.equal(engine.chatAccepted("c1", "ann"), false, "the lapsed offer is no longer ann's");
  assert.ok(engine.chatAccepted("c1", "bob"));
  assert.equal(
    engine.agent("ann").state,
    "ready",
    "a lapsed chat offer does not make ann not ready",
  );
});

Deno.test("a declined chat goes to the next agent and is not offered back to the one who declined", () => {
  const { engine, chatOffers } = chatCenter();
  engine.agentLoggedIn("ann", "ready");
  engine.chatEntered({ chatId: "c1", queueId: "web" });
  assert.ok(engine.chatDeclined("c1", "ann"));
  assert.equal(engine.chat("c1")?.state, "waiting");
  engine.agentLoggedIn("bob", "ready");
  assert.deepEqual(chatOffers, ["c1→ann", "c1→bob"]);
});

Deno.test("an agent holding a chat is offered no voice call, and an agent on a call no chat", () => {
  const { engine, chatOffers, voiceOffers } = chatCenter();
  engine.agentLoggedIn("ann", "ready");
  engine.chatEntered({ chatId: "c1", queueId: "web" });
  engine.chatAccepted("c1", "ann");
  engine.callEntered({ callId: "v1", queueId: "voice" });
  assert.deepEqual(voiceOffers, [], "ann holds a chat");
  engine.chatEnded("c1");
  assert.deepEqual(voiceOffers, ["v1→ann"], "the waiting call reaches ann once her chat ends");
  engine.agentAnswered("v1", "ann");
  engine.chatEntered({ chatId: "c2", queueId: "web" });
  assert.deepEqual(chatOffers, ["c1→ann"], "ann is on a call");
  engine.callEnded("v1");
  assert.deepEqual(chatOffers, ["c1→ann", "c2→ann"], "no wrap-up: ready, and the chat reaches her");
});

Deno.test("a chat transferred to a named agent waits for that agent only", () => {
  const { engine, chatOffers } = chatCenter(1);
  engine.agentLoggedIn("ann", "ready");
  engine.agentLoggedIn("bob", "ready");
  engine.chatEntered({ chatId: "c1", queueId: "web" });
  engine.chatAccepted("c1", "ann");
  assert.ok(engine.chatTransferred("c1", { queueId: "web", agentId: "bob" }));
  assert.deepEqual(chatOffers, ["c1→ann", "c1→bob"]);
  assert.deepEqual(engine.chatLoad("ann"), { chats: 0, capacity: 1 });
});

Deno.test("going not ready takes back chat offers but keeps the chats in progress", () => {
  const { engine, withdrawn } = chatCenter(3);
  engine.agentLoggedIn("ann", "ready");
  engine.chatEntered({ chatId: "c1", queueId: "web" });
  engine.chatAccepted("c1", "ann");
  engine.chatEntered({ chatId: "c2", queueId: "web" });
  engine.agentNotReady("ann", "break");
  assert.deepEqual(withdrawn, ["c2→ann:not_ready"]);
  assert.equal(engine.chat("c1")?.agentId, "ann");
  assert.equal(engine.chat("c2")?.state, "waiting");
});

Deno.test("a chat cannot enter a voice queue", () => {
  const { engine } = chatCenter();
  assert.throws(
    () => engine.chatEntered({ chatId: "c1", queueId: "voice" }),
    /Queue voice does not carry chats/,
  );
});
