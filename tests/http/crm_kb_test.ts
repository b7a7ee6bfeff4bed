import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn } from "./crm_helpers.ts";

Deno.test("supervisors write articles and agents search them in Chinese and English", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.post("/api/v1/kb/articles", { title: "x", body: "y" })).status, 403);
  const lead = await signedIn(app, "lead1");
  const write = async (title: string, body: string, published = true) => {
    const response = await lead.post("/api/v1/kb/articles", { title, body, published });
    assert.equal(response.status, 201);
    return (await response.json()).article.id;
  };
  const refund = await write("退款流程", "客户申请退款时请核对订单号");
  const reset = await write("Password reset", "Send the reset link from the account page");
  const draft = await write("Draft", "未发布的文章内容", false);
  const search = async (q: string, extra = "") =>
    (await (await agent.get(`/api/v1/kb/articles?q=${encodeURIComponent(q)}${extra}`)).json())
      .articles
      .map((a: { id: number }) => a.id);
  assert.deepEqual(await search("订单号"), [refund]);
  assert.deepEqual(await search("退款"), [refund]);
  assert.deepEqual(await search("reset"), [reset]);
  assert.deepEqual(await search("未发布"), []);
  assert.deepEqual(await search("未发布", "&drafts=1"), [], "agents never see drafts");
  const leadSearch =
    await (await lead.get(`/api/v1/kb/articles?q=${encodeURIComponent("未发布")}&drafts=1`)).json();
  assert.deepEqual(leadSearch.articles.map((a: { id: number }) => a.id), [draft]);
  assert.equal((await agent.get(`/api/v1/kb/articles/${draft}`)).status, 404);
  assert.equal((await agent.get(`/api/v1/kb/articles/${refund}`)).status, 200);
  assert.equal(
    (await lead.request("PATCH", `/api/v1/kb/articles/${reset}`, {
      body: "Use the self-service portal",
    })).status,
    200,
  );
  assert.deepEqual(await search("portal"), [reset]);
  assert.equal((await lead.request("DELETE", `/api/v1/kb/articles/${reset}`)).status, 204);
  assert.deepEqual(await search("portal"), []);
  assert.equal(auditRows(app, "DELETE /kb/articles/:id")[0].entity_id, String(reset));
});
