import assert from "node:assert/strict";
import { CampaignPreviewController } from "../../ui/agent/campaign_preview_controller.ts";
import { CampaignsController, newCampaign } from "../../ui/supervisor/campaigns_controller.ts";

function fakeHost() {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

const CAMPAIGN = {
  ...newCampaign(),
  id: 4,
  name: "Renewals",
  state: "draft",
  progress: { contacts: 2, pending: 2, done: 0, failed: 0, skipped: 0 },
};

Deno.test("the campaigns controller saves a new campaign, opens it and follows its board", async () => {
  const sent: unknown[][] = [];
  const c = new CampaignsController(
    fakeHost(),
    <T>(method: string, path: string, body?: unknown) => {
      sent.push([method, path, body]);
      if (path === "/campaigns" && method === "GET") {
        return Promise.resolve(
          { campaigns: [CAMPAIGN] } as T,
        );
      }
      if (path === "/queues") {
        return Promise.resolve(
          { queues: [{ id: 3, name: "sales", extra: 1 }] } as T,
        );
      }
      if (path === "/campaigns" && method === "POST") {
        return Promise.resolve(
          { campaign: CAMPAIGN } as T,
        );
      }
      if (path.endsWith("/board")) return Promise.resolve({ lines: 1 } as T);
      return Promise.resolve({} as T);
    },
    60_000,
  );
  await c.load();
  assert.deepEqual(c.queues, [{ id: 3, name: "sales" }]);
  await c.open(null);
  c.edit({ name: "Renewals", queue_id: 3 });
  assert.equal(await c.save(), true);
  const post = sent.find(([m, p]) => m === "POST" && p === "/campaigns")!;
  assert.equal((post[2] as { name: string }).name, "Renewals");
  assert.equal(c.selected, 4);
  assert.equal(c.board?.lines, 1);
  await c.setState("running");
  assert.ok(
    sent.some(([m, p, b]) =>
      m === "POST" && p === "/campaigns/4/state" && (b as { state: string }).state === "running"
    ),
  );
  c.hostDisconnected();
});

Deno.test("the preview card shows the running preview campaign's contact, dials it and expects the call", async () => {
  const expected: (string | null)[] = [];
  const p = new CampaignPreviewController(fakeHost(), {
    request: <T>(method: string, path: string) => {
      if (path === "/campaigns") {
        return Promise.resolve({
          campaigns: [
            { id: 1, name: "Care", mode: "preview", state: "running" },
            { id: 2, name: "Sales", mode: "progressive", state: "running" },
          ],
        } as T);
      }
      if (path === "/campaigns/1/preview") {
        return Promise.resolve({
          contact: { id: 9, number: "+8613900139000", name: "Li Lei", attempts: 0 },
          script: "Hello",
        } as T);
      }
      if (method === "POST" && path === "/campaigns/1/preview/9/dial") {
        return Promise.resolve({ call_id: "c-9" } as T);
      }
      return Promise.reject(new Error(`unexpected ${path}`));
    },
    expect: (id) => expected.push(id),
    forget: () => expected.push("forgotten"),
  });
  await p.load();
  assert.deepEqual(p.campaigns.map((c) => c.id), [1], "only running preview campaigns");
  assert.equal(p.contact?.name, "Li Lei");
  assert.equal(p.script, "Hello");
  assert.equal(await p.dial(), "c-9");
  assert.deepEqual(expected, [null, "c-9"]);
});
