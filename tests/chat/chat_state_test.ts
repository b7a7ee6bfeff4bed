import assert from "node:assert/strict";
import { IllegalChatMoveError, isFinished, transitionChat } from "../../src/chat/mod.ts";

Deno.test("a chat goes from the bot to waiting, offered, the agent and its end", () => {
  assert.equal(transitionChat(1, "bot", "waiting"), "waiting");
  assert.equal(transitionChat(1, "waiting", "offered"), "offered");
  assert.equal(transitionChat(1, "offered", "with_agent"), "with_agent");
  assert.equal(transitionChat(1, "with_agent", "ended"), "ended");
});

Deno.test("an offer not accepted goes back to waiting, and a transfer to a queue too", () => {
  assert.equal(transitionChat(1, "offered", "waiting"), "waiting");
  assert.equal(transitionChat(1, "with_agent", "waiting"), "waiting");
  assert.equal(transitionChat(1, "with_agent", "offered"), "offered");
});

Deno.test("a chat cannot skip the offer, nor leave its end", () => {
  assert.throws(() => transitionChat(7, "waiting", "with_agent"), IllegalChatMoveError);
  assert.throws(() => transitionChat(7, "ended", "waiting"), /chat 7 cannot move from ended/);
  assert.throws(() => transitionChat(7, "left_message", "bot"), IllegalChatMoveError);
  assert.ok(isFinished("ended") && isFinished("left_message") && !isFinished("offered"));
});
