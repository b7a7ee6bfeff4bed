import assert from "node:assert/strict";
import {
  addNode,
  autoLayout,
  connect,
  copyNodes,
  needsLayout,
  pasteNodes,
  removeNodes,
} from "../../ui/admin/flows/flow_graph.ts";
import {
  type FlowDoc,
  flowVariables,
  nodeExits,
  nodeSummary,
} from "../../ui/admin/flows/flow_model.ts";
import { diffFlows, isEmptyDiff } from "../../ui/admin/flows/flow_diff.ts";
import { EditHistory } from "../../ui/admin/flows/edit_history.ts";

function starter(): FlowDoc {
  return {
    format: 1,
    name: "Test",
    timezone: "Asia/Shanghai",
    start: "welcome",
    fallback: "goodbye",
    nodes: {
      welcome: { type: "play", play: ["welcome"], exits: { next: "goodbye" } },
      goodbye: { type: "hangup", play: ["goodbye"] },
    },
  };
}

const menuType = {
  type: "menu",
  summary: "",
  exits: { required: [], optional: ["invalid", "timeout"] },
  schema: {},
};

Deno.test("a dropped menu gets a fresh id, and its keys become exits once wired", () => {
  let { doc, id } = addNode(starter(), { type: "menu", play: ["main_menu"] }, { x: 10, y: 20 });
  assert.equal(id, "menu");
  assert.deepEqual(doc.nodes.menu.ui, { x: 10, y: 20 });
  const second = addNode(doc, { type: "menu" }, { x: 0, y: 0 });
  assert.equal(second.id, "menu_2");

  // Keys the admin added but has not wired are exits without a target.
  assert.deepEqual(
    nodeExits(doc.nodes.menu, menuType, ["9", "1"]).map((e) => [e.name, e.target, e.required]),
    [["1", null, true], ["9", null, true], ["invalid", null, false], ["timeout", null, false]],
  );
  doc = connect(doc, "menu", "1", "welcome");
  doc = connect(doc, "menu", "9", "goodbye");
  assert.equal(nodeSummary(doc, "menu", "Menu"), "Menu: 1 welcome, 9 goodbye");
  doc = connect(doc, "menu", "9", null);
  assert.deepEqual(doc.nodes.menu.exits, { "1": "welcome" });
});

Deno.test("removing nodes unwires the exits that led to them but never removes the start", () => {
  const doc = connect(
    addNode(starter(), { type: "menu" }, { x: 0, y: 0 }).doc,
    "menu",
    "1",
    "welcome",
  );
  const after = removeNodes(doc, ["welcome", "menu"]);
  assert.ok(after.nodes.welcome, "the start stays");
  assert.equal(after.nodes.menu, undefined);
  // The original is untouched: edits return new documents (undo relies on it).
  assert.ok(doc.nodes.menu);
});

Deno.test("a pasted group gets fresh ids with its inner exits following and outer ones dropped", () => {
  const doc = starter();
  const group = copyNodes(doc, ["welcome"]);
  assert.deepEqual(group.welcome.exits, {}, "the exit to goodbye left the group");
  const both = copyNodes(doc, ["welcome", "goodbye"]);
  const pasted = pasteNodes(doc, both, { x: 30, y: 30 });
  assert.deepEqual(pasted.ids.sort(), ["goodbye_2", "welcome_2"]);
  assert.deepEqual(pasted.doc.nodes.welcome_2.exits, { next: "goodbye_2" });
});

Deno.test("automatic layout places flows made elsewhere", () => {
  const doc = starter();
  assert.equal(needsLayout(doc), true);
  const laid = autoLayout(doc);
  assert.equal(needsLayout(laid), false);
  assert.ok(laid.nodes.goodbye.ui!.y > laid.nodes.welcome.ui!.y);
});

Deno.test("the diff of two versions lists nodes added, removed and changed, not moves", () => {
  const before = starter();
  const after = structuredClone(before);
  after.nodes.welcome.play = ["hello"];
  after.nodes.goodbye.ui = { x: 5, y: 5 };
  delete (after.nodes as Record<string, unknown>).goodbye;
  after.nodes.bye = { type: "hangup" };
  after.nodes.welcome.exits = { next: "bye" };
  after.fallback = "bye";
  const diff = diffFlows(before, after);
  assert.deepEqual(diff, {
    added: ["bye"],
    removed: ["goodbye"],
    changed: [{ node: "welcome", fields: ["exits", "play"] }],
    settings: ["fallback"],
  });
  const moved = structuredClone(before);
  moved.nodes.welcome.ui = { x: 100, y: 100 };
  assert.equal(isEmptyDiff(diffFlows(before, moved)), true);
});

Deno.test("undo goes back edit by edit and redo forward, and a new edit drops what was undone", () => {
  const history = new EditHistory<{ n: number }>();
  assert.equal(history.undo({ n: 0 }), undefined);
  history.record({ n: 0 });
  history.record({ n: 1 });
  assert.deepEqual(history.undo({ n: 2 }), { n: 1 });
  assert.deepEqual(history.undo({ n: 1 }), { n: 0 });
  assert.equal(history.canUndo, false);
  assert.deepEqual(history.redo({ n: 0 }), { n: 1 });
  history.record({ n: 1 });
  assert.equal(history.canRedo, false);
});

Deno.test("the variable picker offers the call's variables and those the flow's nodes set", () => {
  const doc = starter();
  doc.nodes.account = { type: "collect", variable: "account", exits: { done: "goodbye" } };
  doc.nodes.tag = { type: "set", values: { "segment": "gold" }, exits: { next: "goodbye" } };
  const names = flowVariables(doc);
  for (const name of ["caller", "customer.vip", "account", "segment"]) {
    assert.ok(names.includes(name), name);
  }
});
