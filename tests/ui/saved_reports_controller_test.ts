import assert from "node:assert/strict";
import { inChinese } from "../support/in_chinese.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import { SavedReportsController } from "../../ui/reports/saved_reports_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const deactivated = new ApiError(400, "invalid_request", "Agent 7 is deactivated; choose another", {
  issues: [{
    path: "definition.id",
    code: "agent_deactivated",
    message: "Agent 7 is deactivated; choose another",
  }],
});

function refusingSaves() {
  return new SavedReportsController(host(), {
    request: <T>(method: string) =>
      (method === "POST" ? Promise.reject(deactivated) : Promise.resolve({ saved: [] })) as Promise<
        T
      >,
  });
}

const AGENT_REPORT = { view: "figures", days: 7, scope: "agent" as const, id: 7 };

Deno.test("a report refused for its deactivated agent says so in the server's words in English", async () => {
  const saved = refusingSaves();
  assert.equal(await saved.save("Agent 7 weekly", AGENT_REPORT), false);
  assert.equal(saved.error, "Agent 7 is deactivated; choose another");
});

Deno.test("a report refused for its deactivated agent is worded in Chinese at the agent number", async () => {
  await inChinese(async () => {
    const saved = refusingSaves();
    assert.equal(await saved.save("坐席7周报", AGENT_REPORT), false);
    assert.match(saved.error ?? "", /该坐席已停用；请选择其他坐席。/);
  });
});
