import assert from "node:assert/strict";
import { ApiError } from "../../../ui/common/api_client.ts";
import { setLanguage } from "../../../ui/common/i18n.ts";
import { fieldErrors, refusalAtFields } from "../../../ui/admin/field_errors.ts";

Deno.test("fieldErrors() puts each refused value at its input, or the nearest enclosing one", () => {
  setLanguage("en", { persist: false });
  const error = new ApiError(400, "validation_failed", "Invalid body", {
    issues: [
      { path: "rules.1.resolve_within_min", message: "expected number, received null" },
      { path: "tags.0", message: "too small" },
      { path: "body", message: "unknown variable customer.pin" },
      { path: "elsewhere", message: "nobody claims this" },
    ],
  });
  assert.deepEqual(fieldErrors(error, ["rules.1.resolve_within_min", "tags", "body"]), {
    "rules.1.resolve_within_min": "Expected number, received null.",
    tags: "Too small.",
    body: "Unknown variable customer.pin.",
  });
  assert.deepEqual(fieldErrors(new Error("offline"), ["body"]), {});
});

Deno.test("refusalAtFields() says at the top only what no input shows, naming its field", () => {
  const error = new ApiError(400, "invalid_request", "Invalid request body: name: taken", {
    issues: [
      { path: "name", code: "already_exists", message: "taken" },
      { path: "form_id", code: "unknown_form", message: "QA form 5 does not exist" },
    ],
  });
  const label = (path: string) => path === "form_id" ? "质检表" : undefined;
  setLanguage("zh-CN", { persist: false });
  try {
    assert.deepEqual(refusalAtFields(error, ["name"], label), {
      fields: { name: "已被占用，请换一个。" },
      notice: "质检表：没有这个质检表，它可能已被删除。",
    });
    assert.deepEqual(refusalAtFields(error, ["name", "form_id"]).notice, null);
  } finally {
    setLanguage("en", { persist: false });
  }
  assert.deepEqual(refusalAtFields(new Error("offline"), ["name"]), {
    fields: {},
    notice: "offline",
  });
});
