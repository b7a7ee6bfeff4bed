import assert from "node:assert/strict";
import { ApiClient, ApiError } from "../../ui/common/api_client.ts";
import { setLanguage } from "../../ui/common/i18n.ts";
import { encodeWav } from "../../ui/admin/prompt_recorder.ts";
import { PromptsController } from "../../ui/admin/prompts_controller.ts";
import { readWav } from "../../src/ivr/mod.ts";
import { controllerHost as host } from "../support/controller_host.ts";

/** An API client over a fake fetch that records what was sent and answers from `answer`. */
function fakeApi(answer: (method: string, path: string) => Response) {
  const sent: { method: string; path: string; type: string | null; body: unknown }[] = [];
  const api = new ApiClient({
    fetch: (input, init) => {
      const path = String(input).replace(/^.*\/api\/v1/, "");
      const method = init?.method ?? "GET";
      sent.push({
        method,
        path,
        type: new Headers(init?.headers).get("content-type"),
        body: init?.body,
      });
      return Promise.resolve(answer(method, path));
    },
  });
  return { api, sent };
}

const listing = {
  prompts: [{
    name: "promo",
    language: "en",
    builtin: false,
    text: null,
    path: "prompts/en/promo.wav",
    duration_ms: 500,
    description: "May offers",
    used_by: [{ kind: "flow", flow_id: 1, flow: "Main menu", version: 2, published: true }],
  }],
  max_duration_ms: 300_000,
};

Deno.test("a recording is uploaded as WAV to the same endpoint as files, then the list is read again", async () => {
  const { api, sent } = fakeApi((method) =>
    method === "GET" ? Response.json(listing) : Response.json({ prompt: {} }, { status: 201 })
  );
  const prompts = new PromptsController(host(), api);
  const wav = new Blob([encodeWav([new Float32Array(1600)], 16000)], { type: "audio/wav" });
  await prompts.upload("thanks", "zh-CN", "", wav);
  assert.equal(sent[0].method, "POST");
  assert.equal(sent[0].path, "/ivr/prompts?name=thanks&language=zh-CN");
  assert.equal(sent[0].type, "audio/wav");
  assert.equal(sent[1].path, "/ivr/prompts");
  assert.deepEqual(prompts.prompts[0].used_by[0].kind, "flow");
});

Deno.test("typed text is sent for speech with its name and language", async () => {
  const { api, sent } = fakeApi((method) =>
    method === "GET" ? Response.json(listing) : Response.json({ prompt: {} }, { status: 201 })
  );
  const prompts = new PromptsController(host(), api);
  await prompts.speak("closed", "en", "We are closed.", "");
  assert.equal(sent[0].path, "/ivr/prompts/speech");
  assert.deepEqual(JSON.parse(String(sent[0].body)), {
    name: "closed",
    language: "en",
    text: "We are closed.",
  });
});

Deno.test("a refused deletion comes back as the API error naming what plays the prompt", async () => {
  const uses = [{ kind: "queue", queue_id: 3, queue: "Sales", setting: "music_on_hold" }];
  const { api, sent } = fakeApi(() =>
    Response.json(
      {
        error: {
          code: "conflict",
          message: "Prompt promo (en) is still played",
          details: { uses },
        },
      },
      { status: 409 },
    )
  );
  const prompts = new PromptsController(host(), api);
  const refused = await prompts.remove({ name: "promo", language: "en" }).catch((e) => e);
  assert.ok(refused instanceof ApiError);
  assert.equal(refused.status, 409);
  assert.deepEqual((refused.details as { uses: unknown }).uses, uses);
  assert.deepEqual(sent.map((s) => `${s.method} ${s.path}`), ["DELETE /ivr/prompts/en/promo"]);
});

Deno.test("a listing that fails is shown in the admin's language", async () => {
  setLanguage("zh-CN", { persist: false });
  try {
    const { api } = fakeApi(() =>
      Response.json({ error: { code: "forbidden", message: "No", details: null } }, {
        status: 403,
      })
    );
    const prompts = new PromptsController(host(), api);
    await prompts.load();
    assert.equal(prompts.error, "你的角色无权进行此修改。");
  } finally {
    setLanguage("en", { persist: false });
  }
});

Deno.test("a browser recording is encoded as mono 16-bit WAV the server's converter reads", () => {
  const left = Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 5) * 0.5);
  const right = new Float32Array(16000);
  const decoded = readWav(encodeWav([left, right], 16000));
  assert.deepEqual([decoded.sampleRate, decoded.channels, decoded.data[0].length], [
    16000,
    1,
    16000,
  ]);
  assert.ok(Math.abs(decoded.data[0][10] - left[10] / 2) < 1e-4, "the channels are averaged");
});
