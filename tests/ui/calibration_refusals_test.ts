import assert from "node:assert/strict";
import { inChinese } from "../support/in_chinese.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import { fieldMessage } from "../../ui/admin/field_messages.ts";
import {
  type CalibrationInput,
  ReviewPlanController,
} from "../../ui/recordings/review_plan_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const LISTS: Record<string, unknown> = {
  "GET /qa/sampling-rules": { rules: [] },
  "GET /qa/worklist": { items: [] },
  "GET /qa/calibrations": { calibrations: [] },
  "GET /qa/evaluators": { evaluators: [] },
};

/** A plan whose calibration starts are answered in turn by `answers` (an Error is a refusal). */
function planAnswering(...answers: (Error | Promise<unknown>)[]) {
  const plan = new ReviewPlanController(host(), {
    request: <T>(method: string, path: string) => {
      if (method === "POST" && path === "/qa/calibrations") {
        const answer = answers.shift() ?? { calibration: { id: 1 } };
        return (answer instanceof Error
          ? Promise.reject(answer)
          : Promise.resolve(answer)) as Promise<T>;
      }
      return Promise.resolve(LISTS[`${method} ${path}`] as T);
    },
  });
  plan.enabled = true;
  return plan;
}

const START: CalibrationInput = { name: "May calibration", recording_id: 12, form_id: 5 };

const refused = (status: number, issue: Record<string, unknown>) =>
  new ApiError(status, status === 409 ? "conflict" : "invalid_request", String(issue.message), {
    issues: [issue],
  });

const blankName = refused(400, {
  path: "name",
  code: "too_small",
  origin: "string",
  minimum: 1,
  message: "Too small: expected string to have >=1 characters",
});
const retiredForm = refused(409, {
  path: "form_id",
  code: "form_retired",
  message: "Form Service basics is retired; choose a form in use",
});
const goneForm = refused(400, {
  path: "form_id",
  code: "unknown_form",
  message: "There is no form 5; choose another",
});
const goneCall = refused(400, {
  path: "recording_id",
  code: "unknown_recording",
  message: "There is no recording 12; it may have been removed",
});

Deno.test("a blank session name is said at the name input, in Chinese or in English", async () => {
  await inChinese(async () => {
    const plan = planAnswering(blankName);
    assert.equal(await plan.startCalibration({ ...START, name: "" }), false);
    assert.deepEqual(plan.calibrationErrors, { name: "此项为必填项。" });
    assert.equal(plan.calibrationNotice, null, "nothing else to say beneath the form");
    assert.equal(plan.error, null, "nor above the plan");
  });
  const plan = planAnswering(blankName);
  await plan.startCalibration({ ...START, name: "" });
  assert.deepEqual(plan.calibrationErrors, { name: "This field is required." });
});

Deno.test("a form retired or removed meanwhile is said at the form choice", async () => {
  await inChinese(async () => {
    const plan = planAnswering(retiredForm, goneForm);
    await plan.startCalibration(START);
    assert.deepEqual(plan.calibrationErrors, { form_id: "该质检表已停用；请选择在用的质检表。" });
    await plan.startCalibration(START);
    assert.deepEqual(plan.calibrationErrors, { form_id: "没有这个质检表，它可能已被删除。" });
    assert.equal(plan.error, null);
  });
  const plan = planAnswering(retiredForm);
  await plan.startCalibration(START);
  assert.deepEqual(plan.calibrationErrors, {
    form_id: "Form Service basics is retired; choose a form in use.",
  });
});

Deno.test("a call removed meanwhile, which the form has no input for, is said beneath the form naming the call", async () => {
  await inChinese(async () => {
    const plan = planAnswering(goneCall);
    await plan.startCalibration(START);
    assert.deepEqual(plan.calibrationErrors, {});
    assert.equal(plan.calibrationNotice, "通话：没有这个录音，它可能已被删除。");
    assert.equal(plan.error, null, "not above the plan, out of sight of the form");
  });
  const plan = planAnswering(goneCall);
  await plan.startCalibration(START);
  assert.equal(plan.calibrationNotice, "There is no recording 12; it may have been removed");
});

Deno.test("a new start clears the last refusal as it begins, and a started calibration leaves none", async () => {
  let answer!: (value: unknown) => void;
  const plan = planAnswering(blankName, goneCall, new Promise((resolve) => answer = resolve));
  await plan.startCalibration({ ...START, name: "" });
  assert.ok(plan.calibrationErrors.name);
  await plan.startCalibration(START);
  assert.ok(plan.calibrationNotice);
  const starting = plan.startCalibration(START);
  assert.deepEqual(plan.calibrationErrors, {}, "nothing refused beside the start in progress");
  assert.equal(plan.calibrationNotice, null);
  answer({ calibration: { id: 3, name: "May calibration" } });
  assert.equal(await starting, true);
  assert.equal(plan.calibration?.id, 3, "the started calibration is opened");
  assert.deepEqual(plan.calibrationErrors, {});
  assert.equal(plan.calibrationNotice, null);
});

Deno.test("an agent refused as deactivated is worded in Chinese; English readers get the server's words", () => {
  const worded = () =>
    fieldMessage({
      path: "definition.id",
      code: "agent_deactivated",
      message: "Agent 7 is deactivated; choose another",
    });
  inChinese(() => assert.equal(worded(), "该坐席已停用；请选择其他坐席。"));
  assert.equal(
    worded(),
    "Agent 7 is deactivated; choose another.",
    "English gets the server's words",
  );
});
