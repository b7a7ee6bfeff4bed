import assert from "node:assert/strict";
import { type ApiClient, ApiError } from "../../ui/common/api_client.ts";
import { FlowEditorController } from "../../ui/admin/flows/flow_editor_controller.ts";
import { connect } from "../../ui/admin/flows/flow_graph.ts";
import type { FlowDoc } from "../../ui/admin/flows/flow_model.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const draft = (): FlowDoc => ({
  format: 1,
  name: "Sales line",
  timezone: "Asia/Shanghai",
  start: "welcome",
  fallback: "goodbye",
  nodes: {
    welcome: { type: "play", play: ["welcome"], exits: { next: "goodbye" } },
    goodbye: { type: "hangup" },
  },
});

/** An API that answers the editor's reads and records its writes; `refuse` answers a save. */
function fakeApi(refuse?: ApiError) {
  const sent: { method: string; path: string; headers?: Record<string, string> }[] = [];
  const api = {
    request: <T>(
      method: string,
      path: string,
      _body?: unknown,
      options: { headers?: Record<string, string> } = {},
    ): Promise<T> => {
      sent.push({ method, path, headers: options.headers });
      const answers: Record<string, unknown> = {
        "GET /ivr/node-types": {
          node_types: [{
            type: "play",
            summary: "",
            exits: { required: ["next"], optional: [] },
            schema: {},
          }],
        },
        "GET /queues": { queues: [{ name: "Sales" }] },
        "GET /ivr/prompts": { prompts: [] },
        "GET /ivr/schedules": { schedules: [] },
        "GET /ivr/flows/4": {
          flow: { id: 4, name: "Sales line", revision: 3, published_version: null },
          versions: [],
          draft: draft(),
          published: null,
        },
        "POST /ivr/flows/4/validate": { problems: [] },
      };
      if (method === "PUT" && refuse) return Promise.reject(refuse);
      if (method === "PUT") {
        return Promise.resolve(
          { flow: { id: 4, name: "Sales line", revision: 4 }, problems: [] } as T,
        );
      }
      return Promise.resolve(answers[`${method} ${path}`] as T);
    },
  };
  return { api: api as unknown as ApiClient, sent };
}

Deno.test("the editor lays out a draft without positions and saves with the revision it read", async () => {
  const { api, sent } = fakeApi();
  const editor = new FlowEditorController(host(), api, 4);
  await editor.load();
  assert.ok(editor.doc!.nodes.welcome.ui, "positions come from the automatic layout");
  assert.deepEqual(editor.queues, ["Sales"]);
  assert.equal(editor.dirty, false);

  editor.apply(connect(editor.doc!, "welcome", "next", "welcome"));
  assert.equal(editor.dirty, true);
  assert.equal(await editor.save(), true);
  const put = sent.find((s) => s.method === "PUT")!;
  assert.equal(put.headers?.["If-Match"], '"3"');
  // The next save sends the revision the server answered with.
  editor.apply(connect(editor.doc!, "welcome", "next", "goodbye"));
  await editor.save();
  assert.equal(sent.filter((s) => s.method === "PUT")[1].headers?.["If-Match"], '"4"');
  editor.hostDisconnected();
});

Deno.test("a save refused as stale says who saved meanwhile and keeps the edits", async () => {
  const { api } = fakeApi(
    new ApiError(409, "changed_meanwhile", "The draft of Sales line was changed by lin", {
      changed_by: "lin",
      changed_at: "2026-12-06T10:00:00.000Z",
    }),
  );
  const editor = new FlowEditorController(host(), api, 4);
  await editor.load();
  editor.apply(connect(editor.doc!, "welcome", "next", "welcome"));
  assert.equal(await editor.save(), false);
  assert.deepEqual(editor.stale, { who: "lin", when: "2026-12-06T10:00:00.000Z" });
  assert.equal(editor.dirty, true);
  assert.equal(editor.doc!.nodes.welcome.exits!.next, "welcome");
  editor.hostDisconnected();
});

Deno.test("menu keys not wired yet count as problems until wired, and undo brings them back", async () => {
  const { api } = fakeApi();
  const editor = new FlowEditorController(host(), api, 4);
  await editor.load();
  assert.equal(editor.hasProblems, false);
  const doc = structuredClone(editor.doc!);
  doc.nodes.menu = { type: "menu", play: ["main_menu"] };
  editor.apply(doc, { menu: ["1"] });
  assert.equal(editor.hasProblems, true);
  editor.apply(connect(editor.doc!, "menu", "1", "goodbye"));
  assert.deepEqual(editor.pendingKeys, {});
  assert.equal(editor.hasProblems, false);
  editor.undo();
  assert.deepEqual(editor.pendingKeys, { menu: ["1"] });
  editor.redo();
  assert.deepEqual(editor.pendingKeys, {});
  editor.hostDisconnected();
});
