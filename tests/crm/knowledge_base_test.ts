import assert from "node:assert/strict";
import { crmFixture } from "./_crm.ts";

async function seeded() {
  const f = await crmFixture();
  const add = (title: string, body: string, published = true) =>
    f.crm.kb.create({ title, body, published }, null).id;
  const ids = {
    refund: add(
      "退款流程说明",
      "客户申请退款时，请先核对订单号，再确认付款方式。退款将在三个工作日内原路返回。",
    ),
    invoice: add("发票开具", "增值税专用发票需要提供公司名称、税号和开户行信息。"),
    password: add(
      "How to reset a customer's password",
      "Send the reset link from the account page; links expire after 24 hours.",
    ),
    delivery: add(
      "Delivery delays",
      "When the carrier reports a delay, offer a callback and log the tracking number.",
    ),
    draft: add("Draft: holiday hours", "春节期间的营业时间", false),
  };
  return { f, ids };
}

Deno.test("knowledge-base search finds Chinese articles by words of three or more characters", async () => {
  const { f, ids } = await seeded();
  await using _ = f;
  assert.deepEqual(f.crm.kb.search("订单号").map((a) => a.id), [ids.refund]);
  assert.deepEqual(f.crm.kb.search("专用发票").map((a) => a.id), [ids.invoice]);
  assert.match(f.crm.kb.search("三个工作日")[0].snippet, /«三个工作日»/);
});

Deno.test("knowledge-base search finds one- and two-character Chinese words by substring", async () => {
  const { f, ids } = await seeded();
  await using _ = f;
  assert.deepEqual(f.crm.kb.search("退款").map((a) => a.id), [ids.refund]);
  assert.deepEqual(f.crm.kb.search("税").map((a) => a.id), [ids.invoice]);
  // Title matches rank first.
  assert.deepEqual(f.crm.kb.search("发票 公司").map((a) => a.id), [ids.invoice]);
});

Deno.test("knowledge-base search finds English articles case-insensitively and needs every word", async () => {
  const { f, ids } = await seeded();
  await using _ = f;
  assert.deepEqual(f.crm.kb.search("PASSWORD").map((a) => a.id), [ids.password]);
  assert.deepEqual(f.crm.kb.search("callback tracking").map((a) => a.id), [ids.delivery]);
  assert.deepEqual(f.crm.kb.search("callback password").map((a) => a.id), []);
  assert.deepEqual(f.crm.kb.search("reset link").map((a) => a.id), [ids.password]);
});

Deno.test("knowledge-base search is safe with quotes, wildcards and FTS syntax in the query", async () => {
  const { f } = await seeded();
  await using _ = f;
  for (const q of ['"', "a*", "NOT reset", "%", "_", "title:退款", "(()"]) {
    assert.ok(Array.isArray(f.crm.kb.search(q)), q);
  }
  assert.deepEqual(f.crm.kb.search("%"), []);
});

Deno.test("drafts stay out of search unless asked for, and edits and deletes reach the index", async () => {
  const { f, ids } = await seeded();
  await using _ = f;
  assert.deepEqual(f.crm.kb.search("春节期间"), []);
  assert.deepEqual(f.crm.kb.search("春节期间", { includeDrafts: true }).map((a) => a.id), [
    ids.draft,
  ]);
  f.crm.kb.update(ids.delivery, { body: "Offer a voucher when the parcel is late." });
  assert.deepEqual(f.crm.kb.search("tracking"), []);
  assert.deepEqual(f.crm.kb.search("voucher").map((a) => a.id), [ids.delivery]);
  f.crm.kb.remove(ids.delivery);
  assert.deepEqual(f.crm.kb.search("voucher"), []);
});
