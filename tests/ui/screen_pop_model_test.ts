import assert from "node:assert/strict";
import { lastCase, screenPopModel } from "../../ui/agent/screen_pop_model.ts";

const known = {
  call: {
    id: "0b9d2c1e-8a7f-4c3e-9d1a-2f6b5e4c3a21",
    state: "ringing",
    caller: "+8613800138000",
    did: "1000",
    started_at: "2026-03-01T09:00:00.000Z",
  },
  customer: {
    phone: "+8613800138000",
    match: {
      customer: {
        id: 12,
        name: "王芳",
        company: "Acme",
        vip_level: 2,
        language: "zh-CN",
        tags: ["gold"],
        notes: "",
        phones: [{ id: 1, e164: "+8613800138000", label: "mobile" }],
        emails: [{ id: 1, email: "wang@example.com" }],
      },
      vip: 2,
      open_cases: [
        {
          id: 4,
          subject: "Old",
          status: "open",
          priority: "low",
          category: "billing",
          updated_at: "2026-02-01T00:00:00Z",
        },
        {
          id: 9,
          subject: "Newest",
          status: "new",
          priority: "high",
          category: "tech",
          updated_at: "2026-02-20T00:00:00Z",
        },
        {
          id: 6,
          subject: "Middle",
          status: "open",
          priority: "normal",
          category: "tech",
          updated_at: "2026-02-10T00:00:00Z",
        },
      ],
      interactions: [
        {
          id: 1,
          channel: "call",
          direction: "inbound",
          started_at: "2026-01-01T00:00:00Z",
          agent: "Li",
          disposition_label: "Solved",
          notes: "",
        },
        {
          id: 2,
          channel: "call",
          direction: "outbound",
          started_at: "2026-02-01T00:00:00Z",
          agent: null,
          disposition: "callback",
          notes: "called back",
        },
      ],
      last_agent: { id: 3, name: "Li Lei", extension: "1001" },
    },
  },
  ivr: { path: ["welcome", "menu", "support"], digits: ["2"], language: "zh-CN" },
  queue: {
    id: 1,
    name: "Support",
    entered_at: "2026-03-01T09:00:05.000Z",
    wait_s: 42,
    priority: 0,
    position: 1,
  },
};

Deno.test("screenPopModel() shows a known caller with VIP level, queue, wait and IVR path", () => {
  const view = screenPopModel(known);
  assert.equal(view.callId, known.call.id);
  assert.equal(view.caller, "+8613800138000");
  assert.equal(view.queue, "Support");
  assert.equal(view.queueId, 1);
  assert.equal(view.waitSeconds, 42);
  assert.deepEqual(view.ivrPath, ["welcome", "menu", "support"]);
  assert.deepEqual(view.digits, ["2"]);
  assert.equal(view.customer?.name, "王芳");
  assert.equal(view.customer?.vipLevel, 2);
  assert.deepEqual(view.customer?.phones, ["+8613800138000"]);
  assert.equal(view.customer?.lastAgent, "Li Lei");
  assert.equal(view.newCustomer, null);
});

Deno.test("screenPopModel() lists open cases last touched first and preselects the newest", () => {
  const view = screenPopModel(known);
  assert.deepEqual(view.openCases.map((k) => k.id), [9, 6, 4]);
  assert.equal(lastCase(view)?.id, 9);
});

Deno.test("screenPopModel() puts the newest contact first on the timeline", () => {
  const view = screenPopModel(known);
  assert.deepEqual(view.timeline.map((i) => i.id), [2, 1]);
  assert.equal(view.timeline[1].disposition, "Solved");
  assert.equal(view.timeline[0].disposition, "callback");
});

Deno.test("screenPopModel() offers a one-step customer for an unknown caller", () => {
  const view = screenPopModel({
    call: { id: "c1", caller: "13900001111", did: "1000", wait_s: 3, queue: "Sales" },
    customer: {
      phone: "+8613900001111",
      match: null,
      new_customer: { name: "+8613900001111", phones: [{ number: "+8613900001111", label: "" }] },
    },
    ivr: { path: [], digits: [] },
  });
  assert.equal(view.customer, null);
  assert.deepEqual(view.openCases, []);
  assert.equal(view.queue, "Sales");
  assert.equal(view.waitSeconds, 3);
  // Empty labels are left out: the customer API refuses them.
  assert.deepEqual(view.newCustomer, {
    name: "+8613900001111",
    phones: [{ number: "+8613900001111" }],
  });
  assert.equal(lastCase(view), null);
});

Deno.test("screenPopModel() tolerates a partial or empty context", () => {
  const view = screenPopModel({});
  assert.equal(view.caller, "");
  assert.equal(view.queue, null);
  assert.equal(view.waitSeconds, null);
  assert.deepEqual(view.ivrPath, []);
  assert.equal(view.customer, null);
  assert.deepEqual(view.newCustomer, { name: "", phones: [] });
  assert.equal(view.dispositionRequired, true);
  assert.equal(screenPopModel(null).callId, "");
});

Deno.test("screenPopModel() reads a queue that does not require a disposition", () => {
  const view = screenPopModel({ ...known, queue: { ...known.queue, disposition_required: false } });
  assert.equal(view.dispositionRequired, false);
});

Deno.test("screenPopModel() shows who transferred the call and preselects the case they handed over", () => {
  const view = screenPopModel({
    ...known,
    transfer: { from_agent: "agent1", mode: "consult", case_id: 4, note: "Refund in writing" },
  });
  assert.deepEqual(view.transfer, { fromAgent: "agent1", note: "Refund in writing", caseId: 4 });
  assert.equal(lastCase(view)?.id, 4, "the handed-over case, not the newest");
  const named = screenPopModel({
    ...known,
    transfer: { from_agent: "agent1", from_name: "Li Na", case_id: null, note: null },
  });
  assert.equal(named.transfer?.fromAgent, "Li Na", "the display name when there is one");
  const plain = screenPopModel({ ...known, transfer: null });
  assert.equal(plain.transfer, null);
  assert.equal(lastCase(plain)?.id, 9);
});
