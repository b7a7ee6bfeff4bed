import assert from "node:assert/strict";
import { QualityController } from "../../ui/recordings/quality_controller.ts";

const host = () => ({
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
});

Deno.test("scoring, acknowledging and disputing reach the API and reload the evaluations", async () => {
  const sent: string[] = [];
  let loads = 0;
  const quality = new QualityController(host(), {
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      if (path === "/qa/forms" && method === "GET") return Promise.resolve({ forms: [] } as T);
      if (path === "/qa/evaluations" && method === "GET") {
        loads++;
        return Promise.resolve({ evaluations: [] } as T);
      }
      if (path.endsWith("/dispute")) return Promise.reject(new Error("Say why you dispute"));
      return Promise.resolve({} as T);
    },
  });
  await quality.load();
  assert.equal(
    await quality.submit({ form_id: 1, recording_id: 9, answers: { q1: "yes" }, comments: [] }),
    true,
  );
  assert.equal(await quality.acknowledge(4), true);
  assert.equal(await quality.dispute(4, ""), false);
  assert.equal(quality.error, "Say why you dispute");
  assert.ok(
    sent.includes(
      'POST /qa/evaluations {"form_id":1,"recording_id":9,"answers":{"q1":"yes"},"comments":[]}',
    ),
  );
  assert.ok(sent.includes("POST /qa/evaluations/4/acknowledge {}"));
  assert.equal(loads, 3, "a reload after each change that went through");
});
