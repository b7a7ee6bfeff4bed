/**
 * Automatic layout for flows made elsewhere: a small layered (Sugiyama-style) layout.
 * Nodes go in rows by their distance from the start along forward edges (edges that
 * close a loop are left out), each row is ordered by the mean position of the nodes that
 * lead into it to keep arrows short and uncrossed, and rows are centred. Boxes in a row
 * are a fixed gap apart and rows are a fixed gap apart, so no two boxes overlap.
 *
 * Written here rather than taken from a layout package: flows are small (tens of nodes,
 * a few hundred at most) and this is all they need.
 *
 * @module
 */

/** Box size and gaps, in canvas units. */
export interface LayoutOptions {
  width: number;
  height: number;
  gapX: number;
  gapY: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { width: 200, height: 64, gapX: 40, gapY: 70 };

/**
 * Positions (top-left corners) for every node. `edges` lists each node's targets in
 * exit order; `roots` are where callers come in (the start, then the fallback).
 */
export function layeredLayout(
  ids: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
  roots: readonly string[],
  options: LayoutOptions = DEFAULT_LAYOUT,
): Map<string, { x: number; y: number }> {
  const known = new Set(ids);
  const next = (id: string) => (edges.get(id) ?? []).filter((t) => known.has(t) && t !== id);

  // Depth-first from the roots (then from anything unreached) to find the edges that
  // close loops; the rest form a graph without cycles.
  const forward = new Map<string, string[]>(ids.map((id) => [id, []]));
  const state = new Map<string, "open" | "done">();
  const order: string[] = [];
  const visit = (start: string) => {
    const stack: { id: string; i: number }[] = [{ id: start, i: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = next(top.id);
      if (top.i < targets.length) {
        const t = targets[top.i++];
        const s = state.get(t);
        if (s === undefined) {
          forward.get(top.id)!.push(t);
          state.set(t, "open");
          stack.push({ id: t, i: 0 });
        } else if (s === "done") forward.get(top.id)!.push(t);
        // s === "open": a back edge, which closes a loop; left out.
      } else {
        state.set(top.id, "done");
        order.push(top.id);
        stack.pop();
      }
    }
  };
  for (const id of [...roots.filter((r) => known.has(r)), ...ids]) {
    if (!state.has(id)) visit(id);
  }

  // Longest path from a root gives each node its row (reverse post-order is topological).
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const id of order.reverse()) {
    for (const t of forward.get(id)!) {
      layer.set(t, Math.max(layer.get(t)!, layer.get(id)! + 1));
    }
  }
  const rows: string[][] = [];
  for (const id of order) (rows[layer.get(id)!] ??= []).push(id);

  // Order each row by the mean position of its parents (two sweeps down are enough here).
  // Each parent pulls a child towards its own place, shifted by the exit's rank, so a
  // node's exits fan out left to right in their order and arrows do not cross.
  const parents = new Map<string, { id: string; shift: number }[]>(ids.map((id) => [id, []]));
  for (const id of ids) {
    const targets = next(id);
    targets.forEach((t, rank) => {
      if (forward.get(id)!.includes(t)) {
        parents.get(t)!.push({ id, shift: (rank + 1) / (targets.length + 1) - 0.5 });
      }
    });
  }
  const position = new Map<string, number>();
  rows.forEach((row) => row.forEach((id, i) => position.set(id, i)));
  for (let sweep = 0; sweep < 2; sweep++) {
    for (const row of rows.slice(1)) {
      const weight = new Map(row.map((id, i) => {
        const ps = parents.get(id)!;
        return [
          id,
          ps.length ? ps.reduce((s, p) => s + position.get(p.id)! + p.shift, 0) / ps.length : i,
        ];
      }));
      row.sort((a, b) => weight.get(a)! - weight.get(b)! || position.get(a)! - position.get(b)!);
      row.forEach((id, i) => position.set(id, i));
    }
  }

  const widest = Math.max(1, ...rows.map((r) => r.length));
  const step = options.width + options.gapX;
  const result = new Map<string, { x: number; y: number }>();
  rows.forEach((row, r) => {
    const offset = ((widest - row.length) * step) / 2;
    row.forEach((id, i) => {
      result.set(id, { x: Math.round(offset + i * step), y: r * (options.height + options.gapY) });
    });
  });
  return result;
}
