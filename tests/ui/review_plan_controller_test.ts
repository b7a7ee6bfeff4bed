import assert from "node:assert/strict";
import { ReviewPlanController } from "../../ui/recordings/review_plan_controller.ts";

const host = () => ({
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
});

function fakeApi(answers: Record<string, unknown>) {
  const sent: string[] = [];
  return {
    sent,
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      const answer = answers[`${method} ${path}`];
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve((answer ?? {}) as T);
    },
  };
}

const LISTS = {
  "GET /qa/sampling-rules": { rules: [] },
  "GET /qa/worklist": { items: [] },
  "GET /qa/calibrations": { calibrations: [] },
  "GET /qa/evaluators": { evaluators: [{ id: 3, name: "Peter" }] },
};

Deno.test("nothing is loaded until the view is an evaluator's", async () => {
  const api = fakeApi(LISTS);
  const plan = new ReviewPlanController(host(), api);
  await plan.load();
  assert.deepEqual(api.sent, []);
  plan.enabled = true;
  await plan.load();
  assert.equal(api.sent.length, 4);
  assert.deepEqual(plan.evaluators, [{ id: 3, name: "Peter" }]);
});

Deno.test("picking now reports how many calls were picked and reloads the worklist", async () => {
  const api = fakeApi({ ...LISTS, "POST /qa/sampling-rules/7/run": { rule_id: 7, picked: 3 } });
  const plan = new ReviewPlanController(host(), api);
  plan.enabled = true;
  assert.equal(await plan.runRule(7), true);
  assert.equal(plan.notice, "3");
  assert.ok(api.sent.includes("GET /qa/worklist"));
});

Deno.test("a calibration score keeps the answer the server gives, spread included; a refusal is shown", async () => {
  const detail = { id: 2, name: "May", spread: { range: 50 }, scores: [] };
  const api = fakeApi({
    ...LISTS,
    "POST /qa/calibrations/2/scores": { calibration: detail },
    "POST /qa/calibrations/2/close": new Error("Calibration May is closed"),
  });
  const plan = new ReviewPlanController(host(), api);
  plan.enabled = true;
  assert.equal(await plan.scoreCalibration(2, { q1: "yes" }), true);
  assert.ok(api.sent.includes('POST /qa/calibrations/2/scores {"answers":{"q1":"yes"}}'));
  assert.equal(plan.calibration?.spread?.range, 50);
  assert.equal(await plan.endCalibration(2), false);
  assert.equal(plan.error, "Calibration May is closed");
});
