import assert from "node:assert/strict";
import { OutboundCallController, refusalMessage } from "../../ui/agent/outbound_call_controller.ts";

function fakeHost() {
  let updates = 0;
  return {
    addController() {},
    removeController() {},
    requestUpdate() {
      updates++;
    },
    updateComplete: Promise.resolve(true),
    updates: () => updates,
  };
}

class RefusedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

Deno.test("placing a call posts the number with its customer and case, and expects that call on the phone", async () => {
  const sent: unknown[] = [];
  const expected: (string | null)[] = [];
  const c = new OutboundCallController(fakeHost(), {
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push([method, path, body]);
      return Promise.resolve({ call: { call_id: "c-1" } } as T);
    },
    expect: (id) => expected.push(id),
    forget: () => expected.push("forgotten"),
  });
  const id = await c.place({ number: "13800138000", customerId: 12, caseId: 4 });
  assert.equal(id, "c-1");
  assert.deepEqual(sent, [["POST", "/calls", {
    number: "13800138000",
    customer_id: 12,
    case_id: 4,
  }]]);
  assert.deepEqual(expected, [null, "c-1"]);
  assert.equal(c.pending, false);
  assert.equal(c.refusal, null);
});

Deno.test("a refused call shows its reason and stops the phone waiting for it", async () => {
  const expected: (string | null)[] = [];
  const c = new OutboundCallController(fakeHost(), {
    request: () => Promise.reject(new RefusedError("do_not_call")),
    expect: (id) => expected.push(id),
    forget: () => expected.push("forgotten"),
  });
  assert.equal(await c.place({ number: "13800138000" }), null);
  assert.equal(c.refusal, "outbound.refused.do_not_call");
  assert.deepEqual(expected, [null, "forgotten"]);
  c.dismiss();
  assert.equal(c.refusal, null);
});

Deno.test("an unknown refusal code reads as a general failure", () => {
  assert.equal(refusalMessage("teapot"), "outbound.refused.other");
  assert.equal(refusalMessage(undefined), "outbound.refused.other");
  assert.equal(refusalMessage("trunk_full"), "outbound.refused.trunk_full");
});
