import assert from "node:assert/strict";
import { EmailWaitingController } from "../../ui/agent/email_waiting_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

Deno.test("the e-mail work list loads, and taking one asks for its case", async () => {
  const calls: string[] = [];
  const controller = new EmailWaitingController(host(), <T>(method: string, path: string) => {
    calls.push(`${method} ${path}`);
    return Promise.resolve({ waiting: [{ case_id: 4, subject: "Help", overdue: false }] } as T);
  });
  await controller.load();
  assert.equal(controller.waiting[0].case_id, 4);
  assert.equal(await controller.take(4), true);
  assert.deepEqual(calls, ["GET /email/waiting", "POST /email/waiting/4/take"]);
});

Deno.test("an e-mail another agent took is refused with the reason kept", async () => {
  const controller = new EmailWaitingController(
    host(),
    () => Promise.reject(new Error("Case 4 is taken by another agent")),
  );
  assert.equal(await controller.take(4), false);
  assert.equal(controller.error, "Case 4 is taken by another agent");
});
