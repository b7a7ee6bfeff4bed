import { html, LitElement, nothing, svg } from "lit";
import { I18nController, t } from "../../common/i18n.ts";
import type { FlowTrafficView } from "./flow_editor_controller.ts";
import { flowCanvasStyles } from "./flow_canvas_styles.ts";
import { NODE_SIZE } from "./flow_graph.ts";
import {
  type FlowDoc,
  type FlowProblem,
  type NodeExit,
  nodeExits,
  nodeName,
  nodeSummary,
  type NodeType,
} from "./flow_model.ts";
import { nodeIcon } from "./node_icons.ts";
import { typeLabel } from "./type_labels.ts";

/** MIME type a palette item carries while it is dragged onto the canvas. */
export const NODE_TYPE_MIME = "application/x-cc-node-type";

const { width: W, height: H } = NODE_SIZE;

interface Port {
  exit: NodeExit;
  x: number;
  y: number;
}

type Drag =
  | { kind: "node"; id: string; dx: number; dy: number; x: number; y: number; moved: boolean }
  | { kind: "wire"; from: string; exit: string; x: number; y: number }
  | { kind: "pan"; x: number; y: number; panX: number; panY: number };

/**
 * The flow drawn as boxes and arrows: each node with its type's icon, its name and one
 * line about it; each wired exit an arrow labelled with its name (and, with traffic, the
 * callers who took it); unwired exits a stub with a mark. Problems mark the node they
 * concern. Nodes are dragged to move, a port is dragged onto a node to wire it, the
 * background is dragged to pan and the wheel zooms; every one of these also has a key
 * in the editor.
 *
 * @fires node-select - `{ ids, additive }`: nodes clicked (`additive` with Shift).
 * @fires node-move - `{ id, x, y }`: a node dropped at a new place.
 * @fires exit-connect - `{ from, exit, to }`: a port dropped on a node.
 * @fires node-add - `{ type, x, y }`: a palette item dropped on the canvas.
 * @fires node-calls - `{ id }`: the traffic count of a node was clicked.
 */
export class CcFlowCanvas extends LitElement {
  static override styles = flowCanvasStyles;

  static override properties = {
    doc: { attribute: false },
    types: { attribute: false },
    problems: { attribute: false },
    pendingKeys: { attribute: false },
    selected: { attribute: false },
    current: { attribute: false },
    traffic: { attribute: false },
    marks: { attribute: false },
    zoom: { type: Number },
    panX: { type: Number },
    panY: { type: Number },
    drag: { state: true },
  };

  /** The document drawn. */
  declare doc: FlowDoc | null;
  /** The node types, for exits. */
  declare types: NodeType[];
  /** Problems to mark on nodes. */
  declare problems: FlowProblem[];
  /** Menu keys added but not wired yet, per node. */
  declare pendingKeys: Record<string, string[]>;
  /** Ids of the selected nodes. */
  declare selected: string[];
  /** The node the simulator is at, highlighted. */
  declare current: string | null;
  /** Callers on the graph, when the traffic view is on. */
  declare traffic: FlowTrafficView | null;
  /** Nodes a version diff added or changed, drawn in their colours. */
  declare marks: Record<string, "added" | "changed"> | null;
  /** Scale of the drawing (1 is 100 %). */
  declare zoom: number;
  /** Offset of the drawing, in screen pixels. */
  declare panX: number;
  declare panY: number;
  declare private drag: Drag | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.doc = null;
    this.types = [];
    this.problems = [];
    this.pendingKeys = {};
    this.selected = [];
    this.current = null;
    this.traffic = null;
    this.marks = null;
    this.zoom = 1;
    this.panX = 0;
    this.panY = 0;
    this.drag = null;
  }

  override render() {
    const doc = this.doc;
    if (!doc) return nothing;
    const ids = Object.keys(doc.nodes);
    const ports = new Map(ids.map((id) => [id, this.ports(doc, id)]));
    return html`
      <svg
        class="canvas"
        role="application"
        aria-label=${t("flows.canvas")}
        data-testid="flow-canvas"
        @pointerdown=${this.onBackgroundDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @wheel=${this.onWheel}
        @dragover=${this.onDragOver}
        @drop=${this.onDrop}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
            orient="auto-start-reverse">
            <path d="M0 0 L10 5 L0 10 z" fill="#6b7785"></path>
          </marker>
        </defs>
        <g transform="translate(${this.panX} ${this.panY}) scale(${this.zoom})">
          ${ids.map((id) => this.renderWires(doc, id, ports.get(id)!))}
          ${ids.map((id) => this.renderNode(doc, id, ports.get(id)!))}
          ${ids.map((id) => this.renderExitLabels(id, ports.get(id)!))}
          ${this.renderGhost()}
        </g>
      </svg>
    `;
  }

  /** Where a node is drawn (while dragged, where the pointer has it). */
  private at(doc: FlowDoc, id: string): { x: number; y: number } {
    const drag = this.drag;
    if (drag?.kind === "node" && drag.id === id) return { x: drag.x, y: drag.y };
    return doc.nodes[id].ui ?? { x: 0, y: 0 };
  }

  private ports(doc: FlowDoc, id: string): Port[] {
    const node = doc.nodes[id];
    const type = this.types.find((t) => t.type === node.type);
    // Unwired optional exits lead to the fallback; they get a port only on the selected node.
    const showAll = this.selected.includes(id);
    const exits = nodeExits(node, type, this.pendingKeys[id]).filter((e) =>
      e.target !== null || e.required || showAll
    );
    const { x, y } = this.at(doc, id);
    return exits.map((exit, i) => ({
      exit,
      x: x + (W * (i + 1)) / (exits.length + 1),
      y: y + H,
    }));
  }

  private problemsOf(id: string): FlowProblem[] {
    return this.problems.filter((p) => p.node === id);
  }

  private renderNode(doc: FlowDoc, id: string, ports: Port[]) {
    const node = doc.nodes[id];
    const { x, y } = this.at(doc, id);
    const problems = this.problemsOf(id);
    const open = ports.filter((p) => p.exit.required && p.exit.target === null);
    const marked = problems.length > 0 || open.length > 0;
    const typeName = typeLabel(node.type);
    const summary = nodeSummary(doc, id, typeName);
    const classes = [
      "node",
      id === doc.start ? "start" : "",
      this.selected.includes(id) ? "selected" : "",
      this.current === id ? "current" : "",
      marked ? "bad" : "",
      this.marks?.[id] ? `diff-${this.marks[id]}` : "",
    ].join(" ");
    const why = [
      ...problems.map((p) => p.message),
      ...open.map((p) => t("flows.exitOpen", { exit: p.exit.name })),
    ];
    const entered = this.traffic?.nodes[id];
    return svg`
      <g
        class=${classes}
        transform="translate(${x} ${y})"
        tabindex="0"
        role="button"
        aria-label=${`${nodeName(doc, id)} — ${summary}${why.length ? ` — ${why.join("; ")}` : ""}`}
        data-node=${id}
        data-x=${x}
        data-y=${y}
        @pointerdown=${(e: PointerEvent) => this.onNodeDown(e, id)}
        @focus=${() => this.select([id], false, true)}
      >
        <title>${nodeName(doc, id)}: ${summary}${why.length ? `\n${why.join("\n")}` : ""}</title>
        <rect class="box" width=${W} height=${H} rx="8"></rect>
        <g class="icon-wrap" transform="translate(10 10)">${nodeIcon(node.type, 18)}</g>
        <text class="title" x="36" y="24">${clip(nodeName(doc, id), 22)}</text>
        <text class="summary" x="10" y="48">${clip(summary, 34)}</text>
        ${marked
          ? svg`
            <g class="mark" data-testid="node-mark" transform="translate(${W - 4} 4)">
              <circle r="9"></circle>
              <text x="-2.5" y="4">!</text>
            </g>
          `
          : nothing}
        ${entered
          ? svg`
            <g class="count entered" data-testid="node-traffic" transform="translate(${W - 44} -10)"
              @pointerdown=${(e: Event) => e.stopPropagation()}
              @click=${() => this.fire("node-calls", { id })}>
              <title>${t("flows.traffic.entered", { n: entered.entered })}</title>
              <rect width="40" height="18" rx="9"></rect>
              <text x="20" y="13" text-anchor="middle">${entered.entered}</text>
            </g>
            ${entered.hung_up
              ? svg`
                <g class="count hung" transform="translate(-4 -10)">
                  <title>${t("flows.traffic.hungUp", { n: entered.hung_up })}</title>
                  <rect width="40" height="18" rx="9"></rect>
                  <text x="20" y="13" text-anchor="middle">✕${entered.hung_up}</text>
                </g>
              `
              : nothing}
          `
          : nothing}
      </g>
    `;
  }

  private renderWires(doc: FlowDoc, id: string, ports: Port[]) {
    return ports.map((port) => {
      const target = port.exit.target;
      if (target === null || !doc.nodes[target]) {
        return svg`<path class="wire" d="M${port.x} ${port.y} v14"></path>`;
      }
      const to = this.at(doc, target);
      const tx = to.x + W / 2;
      const ty = to.y;
      const busy = (this.exitTraffic(id, port.exit.name) ?? 0) > 0;
      return svg`
        <path class="wire ${busy ? "busy" : ""}" marker-end="url(#arrow)"
          data-wire=${`${id}:${port.exit.name}`}
          d=${wirePath(port.x, port.y, tx, ty)}></path>
      `;
    });
  }

  private renderExitLabels(id: string, ports: Port[]) {
    // Labels wider than the gap between ports take turns at two heights.
    const gap = W / (ports.length + 1);
    const widest = Math.max(0, ...ports.map((p) => p.exit.name.length * 6.5 + 8));
    const crowded = widest > gap - 4;
    return ports.map((port, index) => {
      const drop = crowded && index % 2 === 1 ? 34 : 18;
      const open = port.exit.target === null;
      const label = port.exit.name;
      const width = Math.max(16, label.length * 6.5 + 8);
      const callers = this.exitTraffic(id, port.exit.name);
      return svg`
        <g class="exit-label ${open && port.exit.required ? "open" : ""}"
          data-exit=${`${id}:${label}`}
          transform="translate(${port.x} ${port.y + drop})">
          <rect x=${-width / 2} y="-8" width=${width} height="15" rx="4"></rect>
          <text text-anchor="middle" y="3">${label}</text>
          ${callers !== undefined
            ? svg`
              <g class="count" data-testid="exit-traffic" data-exit=${`${id}:${label}`}
                transform="translate(${width / 2 + 2} -8)">
                <title>${t("flows.traffic.took", { n: callers })}</title>
                <rect width=${10 + String(callers).length * 7} height="15" rx="7"></rect>
                <text x=${(10 + String(callers).length * 7) /
                  2} y="11" text-anchor="middle">${callers}</text>
              </g>
            `
            : nothing}
        </g>
        <circle class="port ${open && port.exit.required ? "open" : ""} ${port.exit.required
          ? ""
          : "optional"}"
          data-port=${`${id}:${label}`}
          cx=${port.x} cy=${port.y} r="6"
          @pointerdown=${(e: PointerEvent) => this.onPortDown(e, id, label, port)}>
          <title>${t("flows.dragToConnect", { exit: label })}</title>
        </circle>
      `;
    });
  }

  private renderGhost() {
    const drag = this.drag;
    if (drag?.kind !== "wire" || !this.doc) return nothing;
    const port = this.ports(this.doc, drag.from).find((p) => p.exit.name === drag.exit);
    if (!port) return nothing;
    return svg`<path class="ghost" d=${wirePath(port.x, port.y, drag.x, drag.y)}></path>`;
  }

  private exitTraffic(node: string, exit: string): number | undefined {
    if (!this.traffic) return undefined;
    const rows = this.traffic.exits.filter((e) => e.node === node && e.exit === exit);
    return rows.reduce((sum, e) => sum + e.callers, 0);
  }

  /** Canvas coordinates of a pointer position. */
  toCanvas(clientX: number, clientY: number): { x: number; y: number } {
    const box = this.getBoundingClientRect();
    return {
      x: (clientX - box.left - this.panX) / this.zoom,
      y: (clientY - box.top - this.panY) / this.zoom,
    };
  }

  private onNodeDown(event: PointerEvent, id: string): void {
    if (event.button !== 0) return;
    event.stopPropagation();
    const p = this.toCanvas(event.clientX, event.clientY);
    const at = this.at(this.doc!, id);
    this.drag = {
      kind: "node",
      id,
      dx: p.x - at.x,
      dy: p.y - at.y,
      x: at.x,
      y: at.y,
      moved: false,
    };
    this.capture(event);
    this.select([id], event.shiftKey);
  }

  private onPortDown(event: PointerEvent, id: string, exit: string, port: Port): void {
    if (event.button !== 0) return;
    event.stopPropagation();
    this.drag = { kind: "wire", from: id, exit, x: port.x, y: port.y };
    this.capture(event);
  }

  private onBackgroundDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.drag = {
      kind: "pan",
      x: event.clientX,
      y: event.clientY,
      panX: this.panX,
      panY: this.panY,
    };
    this.capture(event);
    if (!event.shiftKey) this.select([], false);
  }

  private capture(event: PointerEvent): void {
    const svgEl = this.renderRoot.querySelector("svg");
    try {
      svgEl?.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic pointers (tests) cannot always be captured; moves still reach the canvas.
    }
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    if (drag.kind === "pan") {
      this.panX = drag.panX + event.clientX - drag.x;
      this.panY = drag.panY + event.clientY - drag.y;
      this.fire("view-change", { zoom: this.zoom, panX: this.panX, panY: this.panY });
      return;
    }
    const p = this.toCanvas(event.clientX, event.clientY);
    if (drag.kind === "node") {
      const x = p.x - drag.dx;
      const y = p.y - drag.dy;
      const moved = drag.moved || Math.abs(x - drag.x) + Math.abs(y - drag.y) > 2;
      this.drag = { ...drag, x, y, moved };
    } else this.drag = { ...drag, x: p.x, y: p.y };
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    this.drag = null;
    if (!drag) return;
    if (drag.kind === "node" && drag.moved) {
      this.fire("node-move", { id: drag.id, x: Math.round(drag.x), y: Math.round(drag.y) });
    } else if (drag.kind === "wire") {
      const target = this.nodeAt(event.clientX, event.clientY);
      if (target) this.fire("exit-connect", { from: drag.from, exit: drag.exit, to: target });
    }
  }

  /** The node under a screen point, by geometry (the pointer is captured by the canvas). */
  private nodeAt(clientX: number, clientY: number): string | null {
    const doc = this.doc;
    if (!doc) return null;
    const p = this.toCanvas(clientX, clientY);
    for (const id of Object.keys(doc.nodes).reverse()) {
      const at = this.at(doc, id);
      if (p.x >= at.x && p.x <= at.x + W && p.y >= at.y && p.y <= at.y + H) return id;
    }
    return null;
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const factor = event.deltaY < 0 ? 1.1 : 1 / 1.1;
    this.zoomAt(factor, event.clientX, event.clientY);
  }

  /** Zooms by `factor` keeping the point under (clientX, clientY) in place. */
  zoomAt(factor: number, clientX?: number, clientY?: number): void {
    const box = this.getBoundingClientRect();
    const cx = clientX ?? box.left + box.width / 2;
    const cy = clientY ?? box.top + box.height / 2;
    const before = this.toCanvas(cx, cy);
    this.zoom = Math.min(2.5, Math.max(0.2, this.zoom * factor));
    this.panX = cx - box.left - before.x * this.zoom;
    this.panY = cy - box.top - before.y * this.zoom;
    this.fire("view-change", { zoom: this.zoom, panX: this.panX, panY: this.panY });
  }

  /** Pans by screen pixels. */
  panBy(dx: number, dy: number): void {
    this.panX += dx;
    this.panY += dy;
  }

  /** Fits the whole flow in view. */
  fit(): void {
    const doc = this.doc;
    if (!doc) return;
    const points = Object.values(doc.nodes).map((n) => n.ui ?? { x: 0, y: 0 });
    if (points.length === 0) return;
    const minX = Math.min(...points.map((p) => p.x)) - 20;
    const minY = Math.min(...points.map((p) => p.y)) - 30;
    const maxX = Math.max(...points.map((p) => p.x)) + W + 20;
    const maxY = Math.max(...points.map((p) => p.y)) + H + 40;
    const box = this.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    this.zoom = Math.min(
      1.25,
      Math.max(0.2, Math.min(box.width / (maxX - minX), box.height / (maxY - minY))),
    );
    this.panX = (box.width - (maxX - minX) * this.zoom) / 2 - minX * this.zoom;
    this.panY = (box.height - (maxY - minY) * this.zoom) / 2 - minY * this.zoom;
  }

  private onDragOver(event: DragEvent): void {
    if (event.dataTransfer?.types.includes(NODE_TYPE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }

  private onDrop(event: DragEvent): void {
    const type = event.dataTransfer?.getData(NODE_TYPE_MIME);
    if (!type) return;
    event.preventDefault();
    const p = this.toCanvas(event.clientX, event.clientY);
    this.fire("node-add", { type, x: Math.round(p.x - W / 2), y: Math.round(p.y - H / 2) });
  }

  private select(ids: string[], additive: boolean, fromFocus = false): void {
    if (fromFocus && this.selected.length === 1 && this.selected[0] === ids[0]) return;
    this.fire("node-select", { ids, additive });
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

/** A curve from a port down to a node's top; loops back up go around the side. */
function wirePath(x1: number, y1: number, x2: number, y2: number): string {
  if (y2 > y1 + 10) {
    const mid = (y2 - y1) / 2;
    return `M${x1} ${y1} C${x1} ${y1 + mid} ${x2} ${y2 - mid} ${x2} ${y2}`;
  }
  const side = Math.max(x1, x2) + W * 0.75;
  return `M${x1} ${y1} C${x1} ${y1 + 60} ${side} ${y1 + 60} ${side} ${(y1 + y2) / 2} S${x2} ${
    y2 - 60
  } ${x2} ${y2}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

customElements.define("cc-flow-canvas", CcFlowCanvas);

declare global {
  interface HTMLElementTagNameMap {
    "cc-flow-canvas": CcFlowCanvas;
  }
}
