import assert from "node:assert/strict";
import { CampaignPreviewController } from "../../ui/agent/campaign_preview_controller.ts";
import { CampaignInputSchema } from "../../src/campaigns/mod.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import {
  CampaignsController,
  EDITOR_FIELDS,
  newCampaign,
} from "../../ui/supervisor/campaigns_controller.ts";

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

Deno.test("a refused preview dial shows why and the card the server holds now", async () => {
  let card = { id: 9, number: "+8613900139000", name: "Li Lei", attempts: 0 };
  const p = new CampaignPreviewController(fakeHost(), {
    request: <T>(method: string, path: string) => {
      if (path === "/campaigns") {
        return Promise.resolve({
          campaigns: [{ id: 1, name: "Care", mode: "preview", state: "running" }],
        } as T);
      }
      if (path === "/campaigns/1/preview") {
        return Promise.resolve({ contact: card, script: "" } as T);
      }
      if (method === "POST" && path === "/campaigns/1/preview/9/dial") {
        // The number is on the do-not-call list: the server moves the card on.
        card = { id: 10, number: "+8613900139001", name: "Han Meimei", attempts: 0 };
        return Promise.reject(new ApiError(409, "do_not_call", "The contact cannot be dialled"));
      }
      return Promise.reject(new Error(`unexpected ${path}`));
    },
    expect: () => {},
    forget: () => {},
  });
  await p.load();
  assert.equal(await p.dial(), null);
  assert.ok(p.refusal, "the reason is shown");
  assert.equal(p.contact?.id, 10, "the card moved on to the contact the server holds");
  assert.equal(p.busy, false);
});

Deno.test("a refused campaign shows the blending rule's and the agent key's problems at their inputs", async () => {
  const draft = {
    ...newCampaign(),
    name: "Parcel notices",
    mode: "agentless" as const,
  };
  draft.options = {
    ...draft.options,
    blend: { max_inbound_waiting: -1, min_service_level: 140, outbound_share: 1.5 },
    notice: { text: "Your parcel arrives tomorrow.", agent_digit: "1", agent_queue_id: null },
  };
  // The server's own schema names the problems, as the API would.
  const parsed = CampaignInputSchema.safeParse(draft);
  assert.equal(parsed.success, false);
  const issues = parsed.error!.issues.map((i) => ({
    path: i.path.join("."),
    message: i.message,
    code: i.code,
  }));
  const c = new CampaignsController(
    fakeHost(),
    <T>(method: string) =>
      method === "POST"
        ? Promise.reject(
          new ApiError(400, "invalid_request", "Invalid request body", { issues }),
        )
        : Promise.resolve({ campaigns: [], queues: [] } as T),
    60_000,
  );
  await c.open(null);
  c.edit(draft);
  assert.equal(await c.save(), false);
  assert.deepEqual(Object.keys(c.errors).sort(), [
    "options.blend.max_inbound_waiting",
    "options.blend.min_service_level",
    "options.blend.outbound_share",
    "options.notice.agent_queue_id",
  ]);
  for (const key of Object.keys(c.errors)) {
    assert.ok((EDITOR_FIELDS as readonly string[]).includes(key));
    assert.notEqual(c.errors[key], "");
  }
  // Opening another campaign starts with a clean form.
  await c.open(null);
  assert.deepEqual(c.errors, {});
});
