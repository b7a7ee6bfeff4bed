import assert from "node:assert/strict";
import { asksForPerson, KbBot } from "../../src/chat/mod.ts";
import { crmFixture } from "../crm/_crm.ts";

async function withArticles() {
  const f = await crmFixture();
  const add = (title: string, body: string) => f.crm.kb.create({ title, body }, null).id;
  const ids = {
    password: add(
      "How to reset your password",
      "Open the account page and choose reset password; the link expires after 24 hours.",
    ),
    refund: add("退款流程说明", "客户申请退款时，请先核对订单号。退款将在三个工作日内原路返回。"),
    delivery: add(
      "Delivery delays",
      "When the carrier reports a delay, check the tracking number.",
    ),
  };
  return { f, ids, bot: new KbBot(f.crm.kb) };
}

Deno.test("the bot offers the article a visitor's English question is about", async () => {
  const { f, ids, bot } = await withArticles();
  await using _ = f;
  const reply = bot.reply("How can I reset my password?");
  assert.equal(reply.kind, "articles");
  assert.equal(reply.kind === "articles" && reply.articles[0].id, ids.password);
});

Deno.test("the bot offers the article a visitor's Chinese question is about", async () => {
  const { f, ids, bot } = await withArticles();
  await using _ = f;
  const reply = bot.reply("我想申请退款");
  assert.equal(reply.kind === "articles" && reply.articles[0].id, ids.refund);
});

Deno.test("the bot hands over when asked for a person or when nothing fits", async () => {
  const { f, bot } = await withArticles();
  await using _ = f;
  assert.deepEqual(bot.reply("I want to talk to a person"), { kind: "handover", reason: "asked" });
  assert.deepEqual(bot.reply("转人工"), { kind: "handover", reason: "asked" });
  assert.deepEqual(bot.reply("quantum chromodynamics lecture"), {
    kind: "handover",
    reason: "unsure",
  });
  assert.ok(
    !asksForPerson("my personal account"),
    "a word that merely contains 'person' is not a request",
  );
});
