import assert from "node:assert/strict";
import { applyTrunkEvent, trunksResource } from "../../ui/admin/telephony_resources.ts";
import { ResourceController } from "../../ui/admin/resource_controller.ts";
import type { ApiClient } from "../../ui/common/api_client.ts";

const trunks = () => [
  { id: 1, name: "PBX", host: "10.0.0.2", port: 5060, health: "up" },
  {
    id: 2,
    name: "Carrier",
    host: "sip.example.net",
    port: 5060,
    health: "unknown",
    registration: { state: "registering", expires_at: null, reason: null },
  },
];

const at = "2026-12-06T10:00:00.000Z";

Deno.test("a trunk that stops answering OPTIONS shows as down without reloading", () => {
  const items = trunks();
  const changed = applyTrunkEvent(items, {
    type: "trunk.health",
    at,
    data: { trunk_id: 1, name: "PBX", health: "down" },
  });
  assert.equal(changed?.[0].health, "down");
  assert.equal(changed?.[1], items[1], "other trunks are untouched");
  assert.equal(items[0].health, "up", "the list it was given is not changed in place");
});

Deno.test("a registration state change replaces the trunk's registration", () => {
  const changed = applyTrunkEvent(trunks(), {
    type: "trunk.registration",
    at,
    data: {
      trunk_id: 2,
      name: "Carrier",
      state: "failed",
      expires_at: null,
      reason: "403 Forbidden",
    },
  });
  assert.deepEqual(changed?.[1].registration, {
    state: "failed",
    expires_at: null,
    reason: "403 Forbidden",
  });
  assert.equal(trunksResource.columns[4].value(changed![1], {}), "Failed: 403 Forbidden");
});

Deno.test("events about other things or unknown trunks leave the list alone", () => {
  assert.equal(applyTrunkEvent(trunks(), { type: "agent.state", at, data: { trunk_id: 1 } }), null);
  assert.equal(
    applyTrunkEvent(trunks(), { type: "trunk.health", at, data: { trunk_id: 9, health: "up" } }),
    null,
  );
});

Deno.test("the trunks screen re-renders with the live state through its controller", () => {
  let updates = 0;
  const host = {
    addController() {},
    removeController() {},
    requestUpdate: () => updates++,
    updateComplete: Promise.resolve(true),
  };
  const data = new ResourceController(host, {} as ApiClient, trunksResource);
  data.items = trunks();
  data.handleEvent({ type: "trunk.health", at, data: { trunk_id: 2, health: "up" } });
  assert.equal(data.items[1].health, "up");
  assert.equal(updates, 1);
  data.handleEvent({ type: "call.started", at, data: {} });
  assert.equal(updates, 1);
});
