import assert from "node:assert/strict";
import { QualityController } from "../../ui/recordings/quality_controller.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import { inChinese } from "../support/in_chinese.ts";
import { controllerHost as host } from "../support/controller_host.ts";

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

Deno.test("a refused score or dispute is said in the page's language, naming the question or the reason box", async () => {
  const form = {
    id: 1,
    name: "Service basics",
    pass_mark: 80,
    active: true,
    definition: {
      sections: [{
        title: "Call",
        questions: [{ id: "clarity", text: "讲解清楚", kind: "scale" }],
      }],
    },
  };
  const refusal = (path: string, code: string) =>
    new ApiError(400, "invalid_request", `Question ${path} refused`, {
      issues: [{ path, code, message: "English words" }],
    });
  const quality = new QualityController(host(), {
    request: <T>(method: string, path: string) => {
      if (path === "/qa/forms" && method === "GET") return Promise.resolve({ forms: [form] } as T);
      if (method === "GET") return Promise.resolve({ evaluations: [], rows: [] } as T);
      if (path.endsWith("/dispute")) return Promise.reject(refusal("note", "required"));
      return Promise.reject(refusal("answers.clarity", "not_answered"));
    },
  });
  await quality.load();
  await inChinese(async () => {
    assert.equal(
      await quality.submit({ form_id: 1, recording_id: 9, answers: {}, comments: [] }),
      false,
    );
    assert.equal(quality.error, "讲解清楚：请回答这个问题。");
    assert.equal(await quality.dispute(4, " "), false);
    assert.equal(quality.error, "申诉理由：此项为必填项。");
  });
  assert.equal(await quality.dispute(4, " "), false);
  assert.equal(quality.error, "Question note refused", "English readers get the server's words");
});
