import assert from "node:assert/strict";
import { inChinese } from "../support/in_chinese.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import {
  ReviewPlanController,
  type SamplingRuleInput,
} from "../../ui/recordings/review_plan_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

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

const RULE: SamplingRuleInput = {
  name: "Weekly",
  active: true,
  mode: "per_agent",
  amount: 4,
  queue_id: 2,
  team_id: null,
  agent_id: null,
  min_duration_s: null,
  max_duration_s: null,
  dispositions: [],
  form_id: null,
  evaluator_id: 3,
};

const refused = (status: number, issue: Record<string, unknown>) =>
  new ApiError(status, status === 409 ? "conflict" : "invalid_request", String(issue.message), {
    issues: [issue],
  });

/** A plan whose rule saves are answered in turn by `answers` (an Error is a refusal). */
function planAnswering(...answers: (Error | Promise<unknown>)[]) {
  const api = fakeApi(LISTS);
  const request = api.request;
  api.request = <T>(method: string, path: string, body?: unknown) => {
    if (method !== "POST" || path !== "/qa/sampling-rules") return request<T>(method, path, body);
    const answer = answers.shift() ?? {};
    return (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)) as Promise<
      T
    >;
  };
  const plan = new ReviewPlanController(host(), api);
  plan.enabled = true;
  return plan;
}

const nameTaken = refused(409, {
  path: "name",
  code: "already_exists",
  message: "A sampling rule named Weekly exists; choose another name",
});

Deno.test("a rule name already taken is said at the name input, in Chinese or in English", async () => {
  await inChinese(async () => {
    const plan = planAnswering(nameTaken);
    assert.equal(await plan.saveRule(RULE), false);
    assert.deepEqual(plan.ruleErrors, { name: "已被占用，请换一个。" });
    assert.equal(plan.error, null, "nothing else to say above the plan");
  });
  const plan = planAnswering(nameTaken);
  await plan.saveRule(RULE);
  assert.deepEqual(plan.ruleErrors, {
    name: "A sampling rule named Weekly exists; choose another name.",
  });
});

Deno.test("a queue, agent or evaluator that is no longer there is said at its choice", async () => {
  await inChinese(async () => {
    const plan = planAnswering(
      refused(400, { path: "queue_id", code: "unknown_queue", message: "Queue 2 does not exist" }),
      refused(400, { path: "agent_id", code: "unknown_agent", message: "Agent 9 does not exist" }),
      refused(400, { path: "evaluator_id", code: "unknown_user", message: "User 3 is gone" }),
    );
    await plan.saveRule(RULE);
    assert.deepEqual(plan.ruleErrors, { queue_id: "没有这个队列，它可能已被删除。" });
    await plan.saveRule(RULE);
    assert.deepEqual(plan.ruleErrors, { agent_id: "没有这个坐席，可能已被删除。" });
    await plan.saveRule(RULE);
    assert.deepEqual(plan.ruleErrors, { evaluator_id: "没有这个用户，可能已被删除或停用。" });
  });
});

Deno.test("an amount over its bound is said at the amount input with the bound", async () => {
  const tooBig = refused(400, {
    path: "amount",
    code: "too_big",
    origin: "number",
    maximum: 100,
    message: "Too big: expected number to be <=100",
  });
  await inChinese(async () => {
    const plan = planAnswering(tooBig);
    await plan.saveRule({ ...RULE, amount: 120 });
    assert.deepEqual(plan.ruleErrors, { amount: "不能大于 100。" });
  });
  const plan = planAnswering(tooBig);
  await plan.saveRule({ ...RULE, amount: 120 });
  assert.deepEqual(plan.ruleErrors, { amount: "Must be 100 or less." });
});

Deno.test("a refused form or team, which the form has no input for, is said above the plan naming it", async () => {
  await inChinese(async () => {
    const plan = planAnswering(
      refused(400, { path: "form_id", code: "unknown_form", message: "QA form 5 does not exist" }),
      refused(400, { path: "team_id", code: "unknown_team", message: "Team 4 does not exist" }),
    );
    await plan.saveRule({ ...RULE, form_id: 5 });
    assert.deepEqual(plan.ruleErrors, {});
    assert.equal(plan.error, "质检表：没有这个质检表，它可能已被删除。");
    await plan.saveRule({ ...RULE, team_id: 4 });
    assert.equal(plan.error, "班组：没有这个班组，请先添加。");
  });
  const plan = planAnswering(
    refused(400, { path: "form_id", code: "unknown_form", message: "QA form 5 does not exist" }),
  );
  await plan.saveRule({ ...RULE, form_id: 5 });
  assert.equal(plan.error, "QA form 5 does not exist");
});

Deno.test("a new save clears the last refusal as it starts, and a saved rule leaves none", async () => {
  let answer!: (value: unknown) => void;
  const plan = planAnswering(nameTaken, new Promise((resolve) => answer = resolve));
  await plan.saveRule(RULE);
  assert.ok(plan.ruleErrors.name);
  const saving = plan.saveRule({ ...RULE, name: "Weekly 2" });
  assert.deepEqual(plan.ruleErrors, {}, "nothing refused beside the save in progress");
  assert.equal(plan.error, null);
  answer({ rule: { id: 8 } });
  assert.equal(await saving, true);
  assert.deepEqual(plan.ruleErrors, {});
  assert.equal(plan.error, null);
});

Deno.test("a refusal code the page does not know keeps the server's words at its input", async () => {
  const custom = refused(400, {
    path: "amount",
    code: "custom",
    message: "a number of calls per agent is a whole number from 1 to 50",
  });
  await inChinese(async () => {
    const plan = planAnswering(custom);
    await plan.saveRule({ ...RULE, amount: 60 });
    assert.deepEqual(plan.ruleErrors, {
      amount: "此值不被接受（a number of calls per agent is a whole number from 1 to 50）。",
    });
  });
  const plan = planAnswering(custom);
  await plan.saveRule({ ...RULE, amount: 60 });
  assert.deepEqual(plan.ruleErrors, {
    amount: "A number of calls per agent is a whole number from 1 to 50.",
  });
});
