import assert from "node:assert/strict";
import { TrunkInputSchema } from "../../src/sip/mod.ts";
import { type ApiClient, ApiError } from "../../ui/common/api_client.ts";
import { setLanguage } from "../../ui/common/i18n.ts";
import { problemOf } from "../../ui/admin/resource_controller.ts";
import { DIAL_SAMPLE, dialPreview, trunksResource } from "../../ui/admin/telephony_resources.ts";

const SAVED = {
  id: 2,
  name: "Branch PBX",
  host: "192.0.2.10",
  port: 5060,
  transport: "udp",
  allow_cidrs: ["192.0.2.0/28"],
  username: null,
  register: false,
  default_country: "44",
  max_calls: 30,
  enabled: true,
  dial_plan: {
    format: "national",
    strip_prefix: "",
    add_prefix: "9",
    allowed_prefixes: ["+44", "+353"],
    max_outbound: 6,
  },
};

Deno.test("the trunk form shows a trunk's dial plan and sends it back unchanged, as the API takes it", async () => {
  const values = await trunksResource.toForm(SAVED, {}, {} as ApiClient);
  assert.equal(values["dial_plan.format"], "national");
  assert.equal(values["dial_plan.allowed_prefixes"], "+44, +353");
  assert.equal(values["dial_plan.max_outbound"], "6");
  assert.equal(values.dial_sample, DIAL_SAMPLE);
  const body = trunksResource.toBody(values, false);
  assert.deepEqual(body.dial_plan, SAVED.dial_plan);
  assert.equal(body.default_country, "44");
  assert.ok(!("dial_sample" in body), "the sample number is the preview's alone");
  const parsed = TrunkInputSchema.parse(body);
  assert.deepEqual(parsed.dial_plan, SAVED.dial_plan);
  // A cleared limit is no limit, and a new trunk starts with the API's defaults.
  const cleared = trunksResource.toBody({ ...values, "dial_plan.max_outbound": " " }, false);
  assert.equal((cleared.dial_plan as { max_outbound: unknown }).max_outbound, null);
  const fresh = trunksResource.toBody(
    await trunksResource.toForm(undefined, {}, {} as ApiClient),
    true,
  );
  assert.deepEqual(fresh.dial_plan, TrunkInputSchema.shape.dial_plan.parse(undefined));
});

Deno.test("a refused dial plan value is shown at its own input", () => {
  const problem = problemOf(
    new ApiError(400, "invalid_request", "Invalid request body", {
      issues: [
        {
          path: "dial_plan.allowed_prefixes.1",
          code: "invalid_format",
          message: "must be an E.164 prefix such as +86",
        },
        { path: "dial_plan.max_outbound", code: "too_small", origin: "number", minimum: 1 },
      ].map((i) => ({ message: "x", ...i })),
    }),
    trunksResource,
  );
  assert.deepEqual(Object.keys(problem.fields).sort(), [
    "dial_plan.allowed_prefixes",
    "dial_plan.max_outbound",
  ]);
  assert.equal(
    problem.fields["dial_plan.allowed_prefixes"],
    "Must be an E.164 prefix such as +86.",
  );
});

Deno.test("the preview asks the server what the sample becomes under the plan in the form", async () => {
  const asked: unknown[] = [];
  const api = (answer: unknown) =>
    ({
      request: (method: string, path: string, body: unknown) => {
        asked.push([method, path, body]);
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
    }) as unknown as ApiClient;
  const values = await trunksResource.toForm(SAVED, {}, {} as ApiClient);
  assert.equal(
    await dialPreview(values, api({ number: DIAL_SAMPLE, dialled: "92079460000" })),
    `${DIAL_SAMPLE} → 92079460000`,
  );
  assert.deepEqual(asked[0], ["POST", "/trunks/dial-preview", {
    number: DIAL_SAMPLE,
    default_country: "44",
    dial_plan: SAVED.dial_plan,
  }]);
  const refused = await dialPreview(
    { ...values, dial_sample: "+15550100" },
    api({ number: "+15550100", refused: "not_allowed_on_trunk" }),
  );
  assert.match(refused!, /^\+15550100 → refused/);
  setLanguage("zh-CN", { persist: false });
  try {
    assert.match(
      (await dialPreview(values, api({ number: "+15550100", refused: "x" })))!,
      /拒绝/,
    );
  } finally {
    setLanguage("en", { persist: false });
  }
  // A plan the server refuses, or no sample, shows no line rather than a wrong one.
  assert.equal(await dialPreview(values, api(new ApiError(400, "invalid_request", "x"))), null);
  assert.equal(await dialPreview({ ...values, dial_sample: "" }, api({})), null);
});
