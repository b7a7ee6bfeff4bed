import assert from "node:assert/strict";
import { DEMO_MAIN_MENU } from "../../src/demo/data.ts";
import { DEFAULT_LAYOUT, layeredLayout } from "../../ui/admin/flows/flow_layout.ts";
import { type FlowDoc } from "../../ui/admin/flows/flow_model.ts";
import { flowEdges } from "../../ui/admin/flows/flow_graph.ts";

type Box = { x: number; y: number };

function overlaps(a: Box, b: Box): boolean {
  const { width, height } = DEFAULT_LAYOUT;
  return a.x < b.x + width && b.x < a.x + width && a.y < b.y + height && b.y < a.y + height;
}

function assertNoOverlap(positions: Map<string, Box>): void {
  const list = [...positions];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      assert.ok(!overlaps(list[i][1], list[j][1]), `${list[i][0]} overlaps ${list[j][0]}`);
    }
  }
}

Deno.test("the demo's main menu lays out with every node placed and no two boxes overlapping", () => {
  const doc = structuredClone(DEMO_MAIN_MENU) as unknown as FlowDoc;
  const ids = Object.keys(doc.nodes);
  const positions = layeredLayout(ids, flowEdges(doc), [doc.start, doc.fallback]);
  assert.deepEqual([...positions.keys()].sort(), [...ids].sort());
  assertNoOverlap(positions);
  // The start is on the top row; the menu is below it.
  assert.equal(positions.get(doc.start)!.y, 0);
  assert.ok(positions.get("menu")!.y > 0);
});

Deno.test("each node sits below every node that leads to it, except along a loop", () => {
  const edges = new Map([
    ["a", ["b", "c"]],
    ["b", ["d"]],
    ["c", ["d"]],
    ["d", ["a"]], // closes a loop back to the start
  ]);
  const at = layeredLayout(["a", "b", "c", "d"], edges, ["a"]);
  assert.equal(at.get("a")!.y, 0);
  assert.equal(at.get("b")!.y, at.get("c")!.y);
  assert.ok(at.get("d")!.y > at.get("b")!.y);
  assertNoOverlap(at);
});

Deno.test("nodes nothing leads to still get a place of their own", () => {
  const at = layeredLayout(["start", "orphan", "other"], new Map([["start", ["other"]]]), [
    "start",
  ]);
  assert.equal(at.size, 3);
  assertNoOverlap(at);
});

Deno.test("a 200-node flow lays out without overlaps", () => {
  const ids = Array.from({ length: 200 }, (_, i) => `n${i}`);
  const edges = new Map(ids.map((id, i) => [id, [`n${2 * i + 1}`, `n${2 * i + 2}`, "n0"]]));
  const at = layeredLayout(ids, edges, ["n0"]);
  assert.equal(at.size, 200);
  assertNoOverlap(at);
});

Deno.test("a node's exits fan out left to right in their order", () => {
  const edges = new Map([["menu", ["sales", "support", "voicemail"]]]);
  const at = layeredLayout(["menu", "voicemail", "support", "sales"], edges, ["menu"]);
  assert.ok(at.get("sales")!.x < at.get("support")!.x);
  assert.ok(at.get("support")!.x < at.get("voicemail")!.x);
});
