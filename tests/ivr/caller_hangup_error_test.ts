import assert from "node:assert/strict";
import { CallerHangupError } from "../../src/ivr/call_port.ts";

Deno.test("a caller's hang-up is raised without a stack trace and leaves other errors theirs", () => {
  const hangup = new CallerHangupError();
  assert.equal(hangup.stack, "CallerHangupError: The caller hung up");
  assert.ok(hangup instanceof Error);
  const fault = new Error("a real fault");
  assert.match(fault.stack ?? "", /\n\s+at /, "an ordinary error still carries its trace");
});
