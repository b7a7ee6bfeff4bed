import assert from "node:assert/strict";
import { featuresFromSpec, unknownFeatures } from "../../ui/agent/call_features.ts";

Deno.test("featuresFromSpec() finds the transfer, conference and dial endpoints by shape", () => {
  const spec = {
    paths: {
      "/api/v1/calls": { get: {}, post: {} },
      "/api/v1/calls/{callId}/transfer": { post: {} },
      "/api/v1/calls/{id}/context": { get: {} },
    },
  };
  assert.deepEqual(featuresFromSpec(spec), { transfer: true, conference: false, dial: true });
});

Deno.test("featuresFromSpec() needs the right method, and knows nothing without a spec", () => {
  assert.deepEqual(featuresFromSpec({ paths: { "/api/v1/calls": { get: {} } } }), {
    transfer: false,
    conference: false,
    dial: false,
  });
  assert.deepEqual(featuresFromSpec(null), unknownFeatures());
  assert.deepEqual(featuresFromSpec({}), unknownFeatures());
});
