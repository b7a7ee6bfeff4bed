import assert from "node:assert/strict";
import { ApiError } from "../../../ui/common/api_client.ts";
import { setLanguage } from "../../../ui/common/i18n.ts";
import { fieldErrors } from "../../../ui/admin/field_errors.ts";

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
