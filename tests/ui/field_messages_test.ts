import assert from "node:assert/strict";
import { ApiError } from "../../ui/common/api_client.ts";
import { setLanguage } from "../../ui/common/i18n.ts";
import { fieldMessage } from "../../ui/admin/field_messages.ts";
import { queuesResource } from "../../ui/admin/queue_resource.ts";
import { problemOf } from "../../ui/admin/resource_controller.ts";

Deno.test("a refused value is explained in Chinese from the issue code, in English by the API's words", () => {
  const short = {
    path: "password",
    message: "must be at least 8 characters",
    code: "too_small",
    origin: "string",
    minimum: 8,
  };
  setLanguage("zh-CN", { persist: false });
  assert.equal(fieldMessage(short), "至少 8 个字符。");
  assert.equal(
    fieldMessage({
      path: "limit_s",
      message: "x",
      code: "too_small",
      origin: "number",
      minimum: 60,
    }),
    "不能小于 60。",
  );
  assert.equal(
    fieldMessage({ path: "name", message: "odd", code: "custom" }),
    "此值不被接受（odd）。",
  );
  setLanguage("en", { persist: false });
  assert.equal(fieldMessage(short), "Must be at least 8 characters.");
});

Deno.test("a refusal lands on the field it names, also through the API's nested paths", () => {
  setLanguage("en", { persist: false });
  const error = new ApiError(400, "invalid_request", "Invalid request body", {
    issues: [{ path: "options.wrap_up_s", message: "wrap-up time cannot be negative" }],
  });
  const problem = problemOf(error, queuesResource);
  assert.deepEqual(problem.fields, { wrap_up_s: "Wrap-up time cannot be negative." });
  const stale = problemOf(
    new ApiError(409, "changed_meanwhile", "changed", {
      changed_by: "lin",
      changed_at: "2026-05-01T02:01:00.000Z",
    }),
    queuesResource,
  );
  assert.deepEqual(stale.stale, { who: "lin", when: "2026-05-01T02:01:00.000Z" });
});

Deno.test("in English the validation library's own wording gives way to the code's, and the program's own reasons stay", () => {
  setLanguage("en", { persist: false });
  const libraryWords = [
    [{
      path: "name",
      code: "too_small",
      origin: "string",
      minimum: 1,
      message: "Too small: expected string to have >=1 characters",
    }, "This field is required."],
    [{
      path: "name",
      code: "too_big",
      origin: "string",
      maximum: 60,
      message: "Too big: expected string to have <=60 characters",
    }, "Use at most 60 characters."],
    [{
      path: "amount",
      code: "too_small",
      origin: "number",
      minimum: 5,
      message: "Too small: expected number to be >=5",
    }, "Must be 5 or more."],
    [{
      path: "kind",
      code: "invalid_value",
      message: 'Invalid option: expected one of "shift"|"break"',
    }, "Choose one of the offered values."],
    [{
      path: "age",
      code: "invalid_type",
      message: "Invalid input: expected number, received string",
    }, "Enter a valid value."],
  ] as const;
  for (const [issue, words] of libraryWords) assert.equal(fieldMessage(issue), words);
  assert.equal(
    fieldMessage({
      path: "subject",
      code: "too_small",
      origin: "string",
      minimum: 1,
      message: "a case needs a subject",
    }),
    "A case needs a subject.",
  );
});
