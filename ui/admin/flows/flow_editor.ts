import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../../common/i18n.ts";
import { areaStyles, baseStyles } from "../../common/styles.ts";
import { adminStyles } from "../admin_styles.ts";
import { diffFlows, type FlowDiff } from "./flow_diff.ts";
import { flowEditorStyles } from "./flow_editor_styles.ts";
import { type CcFlowCanvas, NODE_TYPE_MIME } from "./flow_canvas.ts";
import "./flow_canvas.ts";
import {
  FlowEditorController,
  type FlowTrafficView,
  type NodeCallRow,
  type SimulationRun,
} from "./flow_editor_controller.ts";
import {
  addNode,
  autoLayout,
  connect,
  copyNodes,
  moveNode,
  needsLayout,
  NODE_SIZE,
  type NodeGroup,
  pasteNodes,
  removeNodes,
} from "./flow_graph.ts";
import { type FlowDoc, type FlowNode, MENU_KEY } from "./flow_model.ts";
import "./flow_simulator.ts";
import "./flow_versions.ts";
import { newNode } from "./new_node.ts";
import { nodeIcon } from "./node_icons.ts";
import "./node_properties.ts";
import { typeLabel } from "./type_labels.ts";
import { dateTime } from "../../common/dates.ts";

type Tab = "properties" | "simulator" | "traffic" | "versions";
type PeriodChoice = "today" | "7d" | "30d";

const DAY_MS = 86_400_000;

/** The period a choice means, ending now. */
function periodOf(choice: PeriodChoice, now = Date.now()): { from: string; to: string } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const from = choice === "today"
    ? start.getTime()
    : start.getTime() - (choice === "7d" ? 6 : 29) * DAY_MS;
  return { from: new Date(from).toISOString(), to: new Date(now + 60_000).toISOString() };
}

/** Colours for the nodes a diff added or changed. */
function diffMarks(diff: FlowDiff): Record<string, "added" | "changed"> {
  return Object.fromEntries([
    ...diff.added.map((id) => [id, "added"] as const),
    ...diff.changed.map((c) => [c.node, "changed"] as const),
  ]);
}

/**
 * One call flow in the canvas editor: a palette of node types, the canvas, and beside it
 * the selected node's properties, the simulator, the traffic for a period and the
 * versions. Every mouse action has a key: Ctrl+Z / Ctrl+Y undo and redo, Ctrl+S saves,
 * Ctrl+C / Ctrl+V copy and paste nodes, Delete removes them, arrows move them (the view
 * when none is selected), + and − zoom, 0 fits, L lays out; palette items are buttons;
 * exits are wired from the property panel.
 *
 * @fires flow-close - back to the list of flows.
 */
export class CcFlowEditor extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    flowEditorStyles,
  ];

  static override properties = {
    api: { attribute: false },
    flowId: { type: Number },
    selected: { state: true },
    tab: { state: true },
    comment: { state: true },
    simResult: { state: true },
    simRunning: { state: true },
    simProblem: { state: true },
    simNode: { state: true },
    period: { state: true },
    traffic: { state: true },
    callsOf: { state: true },
    calls: { state: true },
    diff: { state: true },
    diffDoc: { state: true },
    notice: { state: true },
  };

  declare api: ApiClient;
  declare flowId: number;
  declare private selected: string[];
  declare private tab: Tab;
  declare private comment: string;
  declare private simResult: SimulationRun | null;
  declare private simRunning: boolean;
  declare private simProblem: string | null;
  declare private simNode: string | null;
  declare private period: PeriodChoice;
  declare private traffic: FlowTrafficView | null;
  declare private callsOf: string | null;
  declare private calls: NodeCallRow[];
  declare private diff: FlowDiff | null;
  /** The newer version of the last comparison, drawn read-only while the versions are open. */
  declare private diffDoc: FlowDoc | null;
  declare private notice: string | null;

  private readonly i18n = new I18nController(this);
  private data: FlowEditorController | undefined;
  private clipboard: NodeGroup | null = null;
  private fitted = false;

  constructor() {
    super();
    this.selected = [];
    this.tab = "properties";
    this.comment = "";
    this.simResult = null;
    this.simRunning = false;
    this.simProblem = null;
    this.simNode = null;
    this.period = "today";
    this.traffic = null;
    this.callsOf = null;
    this.calls = [];
    this.diff = null;
    this.diffDoc = null;
    this.notice = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if ((changed.has("api") || changed.has("flowId")) && this.api && this.flowId) {
      this.data = new FlowEditorController(this, this.api, this.flowId);
      this.fitted = false;
      void this.data.load();
    }
  }

  override updated(): void {
    if (!this.fitted && this.data?.doc) {
      const canvas = this.canvas();
      if (canvas && canvas.getBoundingClientRect().width > 0) {
        this.fitted = true;
        canvas.fit();
      }
    }
  }

  override render() {
    const data = this.data;
    if (!data?.doc || !data.flow) {
      return html`${
        data?.error
          ? html`<p class="banner bad" role="alert">${data.error}</p>`
          : html`<p class="muted">${t("app.loading")}</p>`
      }`;
    }
    const doc = data.doc;
    const problemCount = data.problems.length +
      Object.values(data.pendingKeys).reduce((n, keys) => n + keys.length, 0);
    return html`
      <div @keydown=${this.onKey} data-testid="flow-editor">
        <div class="bar">
          <button class="button" type="button" @click=${this.close}>← ${t("flows.back")}</button>
          <h2 tabindex="-1" data-focus-target>${data.flow.name}</h2>
          <span class="status ${problemCount ? "bad" : ""}" data-testid="flow-status" role="status">
            ${data.flow.published_version
              ? t("flows.version", { version: data.flow.published_version })
              : t("flows.notPublished")} · ${data.dirty
              ? t("flows.unsaved")
              : data.flow.draft_version
              ? t("flows.draftWaiting", { version: data.flow.draft_version })
              : t("flows.noDraft")} · ${problemCount
              ? t("flows.problemCount", { n: problemCount })
              : t("flows.noProblems")}
          </span>
          <span class="spacer"></span>
          <button class="button" type="button" ?disabled=${!data.history.canUndo} @click=${() =>
            data.undo()}
            title="Ctrl+Z">${t("flows.undo")}</button>
          <button class="button" type="button" ?disabled=${!data.history.canRedo} @click=${() =>
            data.redo()}
            title="Ctrl+Y">${t("flows.redo")}</button>
          <button class="button" type="button" @click=${this.layout} title="L">${t(
            "flows.layout",
          )}</button>
          <button class="button" type="button" aria-label=${t("flows.zoomOut")} @click=${() =>
            this.canvas()?.zoomAt(1 / 1.2)}>−</button>
          <button class="button" type="button" aria-label=${t("flows.zoomIn")} @click=${() =>
            this.canvas()?.zoomAt(1.2)}>+</button>
          <button class="button" type="button" @click=${() => this.canvas()?.fit()} title="0">
            ${t("flows.fit")}</button>
          <button class="button" type="button" data-testid="flow-save" ?disabled=${!data.dirty ||
            data.busy} @click=${() => void data.save()} title="Ctrl+S">${t("flows.save")}</button>
          <input
            aria-label=${t("flows.publishComment")}
            placeholder=${t("flows.publishComment")}
            data-testid="publish-comment"
            .value=${this.comment}
            @input=${(e: Event) => this.comment = (e.target as HTMLInputElement).value}
          />
          <button
            class="button primary"
            type="button"
            data-testid="flow-publish"
            ?disabled=${problemCount > 0 || data.busy}
            title=${problemCount ? t("flows.publishBlocked") : ""}
            @click=${this.publish}
          >${t("flows.publish")}</button>
        </div>
        ${data.stale
          ? html`
            <div class="banner bad" role="alert" data-testid="flow-stale">
              ${t("flows.stale", {
                who: data.stale.who,
                when: data.stale.when ? dateTime(data.stale.when) : "",
              })}
              <button class="button" type="button" @click=${() => void data.reload()}>
                ${t("flows.reload")}</button>
            </div>
          `
          : nothing}
        ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
        ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
        <div class="body">
          <div class="palette" role="toolbar" aria-label=${t(
            "flows.palette",
          )} data-testid="palette">
            ${data.nodeTypes.map((type) =>
              html`
                <button
                  class="button"
                  type="button"
                  draggable="true"
                  data-type=${type.type}
                  title=${type.summary}
                  @dragstart=${(e: DragEvent) => {
                    e.dataTransfer?.setData(NODE_TYPE_MIME, type.type);
                    if (e.dataTransfer) e.dataTransfer.effectAllowed = "copy";
                  }}
                  @click=${() => this.addAtFreeSpot(type.type)}
                >${nodeIcon(type.type, 16)} ${typeLabel(type.type)}</button>
              `
            )}
          </div>
          <cc-flow-canvas
            .doc=${this.showingDiff() ? this.diffDoc : doc}
            .marks=${this.showingDiff() ? diffMarks(this.diff!) : null}
            .types=${data.nodeTypes}
            .problems=${data.problems}
            .pendingKeys=${data.pendingKeys}
            .selected=${this.selected}
            .current=${this.tab === "simulator" ? this.simNode : null}
            .traffic=${this.tab === "traffic" ? this.traffic : null}
            @node-select=${this.onSelect}
            @node-move=${this.onMove}
            @exit-connect=${this.onConnect}
            @node-add=${this.onAdd}
            @node-calls=${this.onNodeCalls}
          ></cc-flow-canvas>
          <div class="side">
            <div role="tablist" aria-label=${t("flows.side")}>
              ${(["properties", "simulator", "traffic", "versions"] as Tab[]).map((tab) =>
                html`
                  <button role="tab" type="button" data-tab=${tab} aria-selected=${this.tab ===
                    tab}
                    @click=${() => this.openTab(tab)}>${t(
                      `flows.tab.${tab}` as MessageKey,
                    )}</button>
                `
              )}
            </div>
            <div role="tabpanel">${this.renderTab(doc)}</div>
          </div>
        </div>
      </div>
    `;
  }

  private renderTab(doc: FlowDoc) {
    const data = this.data!;
    switch (this.tab) {
      case "properties":
        return html`
          <cc-node-properties
            .doc=${doc}
            .nodeId=${this.selected.length === 1 ? this.selected[0] : null}
            .types=${data.nodeTypes}
            .problems=${data.problems}
            .pendingKeys=${data.pendingKeys}
            .queues=${data.queues}
            .schedules=${data.schedules}
            .prompts=${data.prompts}
            @node-change=${this.onNodeChange}
            @exit-connect=${this.onConnect}
            @keys-change=${this.onKeys}
            @flow-change=${this.onFlowChange}
            @node-delete=${(e: CustomEvent<{ ids: string[] }>) => this.deleteNodes(e.detail.ids)}
          ></cc-node-properties>
          ${data.problems.filter((p) => p.node === null).map((p) =>
            html`<p class="banner bad">${p.message}</p>`
          )}
        `;
      case "simulator":
        return html`
          <cc-flow-simulator
            .result=${this.simResult}
            .running=${this.simRunning}
            .problem=${this.simProblem}
            @simulate=${this.onSimulate}
            @sim-node=${(e: CustomEvent<{ id: string | null }>) => this.simNode = e.detail.id}
          ></cc-flow-simulator>
        `;
      case "traffic":
        return this.renderTraffic();
      case "versions":
        return html`
          <cc-flow-versions
            .versions=${data.versions}
            .published=${data.flow!.published_version}
            .diff=${this.diff}
            @compare=${this.onCompare}
            @rollback=${this.onRollback}
          ></cc-flow-versions>
        `;
    }
  }

  private renderTraffic() {
    const traffic = this.traffic;
    const share = traffic && traffic.calls
      ? Math.round((traffic.self_served / traffic.calls) * 100)
      : 0;
    return html`
      <div data-testid="flow-traffic">
        <label>
          ${t("flows.traffic.period")}
          <select @change=${(e: Event) => {
            this.period = (e.target as HTMLSelectElement).value as PeriodChoice;
            void this.loadTraffic();
          }}>
            ${(["today", "7d", "30d"] as PeriodChoice[]).map((p) =>
              html`<option value=${p} ?selected=${this.period === p}>${
                t(`flows.traffic.${p}` as MessageKey)
              }</option>`
            )}
          </select>
        </label>
        ${traffic
          ? html`
            <div class="figures">
              <div><strong data-testid="traffic-calls">${traffic.calls}</strong>${t(
                "flows.traffic.calls",
              )}</div>
              <div><strong>${share} %</strong>${t("flows.traffic.selfServed")}</div>
            </div>
            <p class="hint">${t("flows.traffic.hint")}</p>
          `
          : nothing}
        ${this.callsOf
          ? html`
            <h4>${t("flows.traffic.callsAt", { node: this.callsOf })}</h4>
            <table data-testid="node-calls">
              <thead>
                <tr>
                  <th>${t("flows.traffic.when")}</th>
                  <th>${t("flows.traffic.caller")}</th>
                  <th>${t("flows.traffic.end")}</th>
                </tr>
              </thead>
              <tbody>${this.calls.map((c) =>
                html`
                  <tr>
                    <td>${dateTime(c.entered_at)}</td>
                    <td>${c.caller ??
                      ""}</td>
                    <td>${c.end_cause ?? c.state ?? ""}</td>
                  </tr>
                `
              )}</tbody>
            </table>
          `
          : nothing}
      </div>
    `;
  }

  /** Whether the canvas shows a compared version (read-only) rather than the draft. */
  private showingDiff(): boolean {
    return this.tab === "versions" && this.diffDoc !== null && this.diff !== null;
  }

  private canvas(): CcFlowCanvas | null {
    return this.renderRoot.querySelector("cc-flow-canvas");
  }

  private openTab(tab: Tab): void {
    this.tab = tab;
    if (tab === "traffic") void this.loadTraffic();
  }

  private async loadTraffic(): Promise<void> {
    try {
      this.traffic = await this.data!.traffic(periodOf(this.period));
    } catch (error) {
      this.notice = null;
      this.data!.error = (error as Error).message;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent("flow-close", { bubbles: true, composed: true }));
  }

  private onSelect(event: CustomEvent<{ ids: string[]; additive: boolean }>): void {
    const { ids, additive } = event.detail;
    this.selected = additive ? [...new Set([...this.selected, ...ids])] : ids;
    if (
      ids.length && this.tab !== "properties" && !additive && this.tab !== "simulator" &&
      this.tab !== "traffic"
    ) this.tab = "properties";
  }

  private onMove(event: CustomEvent<{ id: string; x: number; y: number }>): void {
    if (this.showingDiff()) return;
    const { id, x, y } = event.detail;
    this.data!.apply(moveNode(this.data!.doc!, id, { x, y }));
  }

  private onConnect(event: CustomEvent<{ from: string; exit: string; to: string | null }>): void {
    if (this.showingDiff()) return;
    const { from, exit, to } = event.detail;
    this.data!.apply(connect(this.data!.doc!, from, exit, to));
  }

  private onAdd(event: CustomEvent<{ type: string; x: number; y: number }>): void {
    if (this.showingDiff()) return;
    this.add(event.detail.type, event.detail);
  }

  private add(typeName: string, at: { x: number; y: number }): void {
    const data = this.data!;
    const type = data.typeOf(typeName);
    if (!type) return;
    const node: FlowNode = newNode(type, data);
    const { doc, id } = addNode(data.doc!, node, at);
    data.apply(doc);
    this.selected = [id];
    this.tab = "properties";
  }

  /** Adds a node below everything else: the keyboard's way to drop one. */
  private addAtFreeSpot(type: string): void {
    const nodes = Object.values(this.data!.doc!.nodes);
    const bottom = Math.max(0, ...nodes.map((n) => (n.ui?.y ?? 0) + NODE_SIZE.height));
    this.add(type, { x: 20, y: bottom + 60 });
  }

  private onNodeChange(event: CustomEvent<{ id: string; node: FlowNode }>): void {
    const doc = structuredClone(this.data!.doc!);
    doc.nodes[event.detail.id] = event.detail.node;
    this.data!.apply(doc);
  }

  private onKeys(event: CustomEvent<{ id: string; keys: string[] }>): void {
    const data = this.data!;
    const { id, keys } = event.detail;
    let doc = data.doc!;
    const wired = Object.keys(doc.nodes[id].exits ?? {}).filter((k) => MENU_KEY.test(k));
    for (const key of wired) if (!keys.includes(key)) doc = connect(doc, id, key, null);
    const pending = { ...data.pendingKeys, [id]: keys.filter((k) => !wired.includes(k)) };
    data.apply(doc === data.doc ? structuredClone(doc) : doc, pending);
  }

  private onFlowChange(event: CustomEvent<{ patch: Partial<FlowDoc> }>): void {
    this.data!.apply({ ...structuredClone(this.data!.doc!), ...event.detail.patch });
  }

  private deleteNodes(ids: string[]): void {
    if (ids.length === 0) return;
    this.data!.apply(removeNodes(this.data!.doc!, ids));
    this.selected = [];
  }

  private layout(): void {
    this.data!.apply(autoLayout(this.data!.doc!));
    requestAnimationFrame(() => this.canvas()?.fit());
  }

  private async publish(): Promise<void> {
    const ok = await this.data!.publish(this.comment.trim());
    if (ok) {
      this.notice = t("flows.publishedNotice", {
        version: this.data!.flow!.published_version ?? "",
      });
      this.comment = "";
    }
  }

  private async onSimulate(event: CustomEvent<{ caller: string; at: string; digits: string }>) {
    this.simRunning = true;
    this.simProblem = null;
    try {
      this.simResult = await this.data!.simulate(event.detail);
    } catch (error) {
      this.simProblem = (error as Error).message;
    } finally {
      this.simRunning = false;
    }
  }

  private async onNodeCalls(event: CustomEvent<{ id: string }>): Promise<void> {
    this.callsOf = event.detail.id;
    this.calls = await this.data!.nodeCalls(event.detail.id, periodOf(this.period));
  }

  private async onCompare(event: CustomEvent<{ from: number; to: number }>): Promise<void> {
    const [a, b] = await Promise.all([
      this.data!.versionDoc(event.detail.from),
      this.data!.versionDoc(event.detail.to),
    ]);
    this.diff = diffFlows(a, b);
    this.diffDoc = needsLayout(b) ? autoLayout(b) : b;
  }

  private async onRollback(event: CustomEvent<{ version: number }>): Promise<void> {
    if (!confirm(t("flows.ver.confirmRollback", { version: event.detail.version }))) return;
    await this.data!.rollback(event.detail.version);
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.composedPath()[0] as HTMLElement;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(target?.tagName)) return;
    const data = this.data!;
    if (this.showingDiff()) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const canvas = this.canvas();
    let handled = true;
    if (mod && key === "z" && !event.shiftKey) data.undo();
    else if (mod && (key === "y" || (key === "z" && event.shiftKey))) data.redo();
    else if (mod && key === "s") void data.save();
    else if (mod && key === "c") this.clipboard = copyNodes(data.doc!, this.selected);
    else if (mod && key === "v" && this.clipboard) {
      const pasted = pasteNodes(data.doc!, this.clipboard, { x: 40, y: 40 });
      data.apply(pasted.doc);
      this.selected = pasted.ids;
    } else if (key === "delete" || key === "backspace") this.deleteNodes(this.selected);
    else if (key.startsWith("arrow")) {
      const step = event.shiftKey ? 50 : 10;
      const dx = key === "arrowleft" ? -step : key === "arrowright" ? step : 0;
      const dy = key === "arrowup" ? -step : key === "arrowdown" ? step : 0;
      if (this.selected.length) {
        let doc = data.doc!;
        for (const id of this.selected) {
          const at = doc.nodes[id]?.ui ?? { x: 0, y: 0 };
          doc = moveNode(doc, id, { x: at.x + dx, y: at.y + dy });
        }
        data.apply(doc);
      } else canvas?.panBy(-dx * 2, -dy * 2);
    } else if (key === "+" || key === "=") canvas?.zoomAt(1.2);
    else if (key === "-") canvas?.zoomAt(1 / 1.2);
    else if (key === "0") canvas?.fit();
    else if (key === "l") this.layout();
    else if (key === "escape") this.selected = [];
    else handled = false;
    if (handled) event.preventDefault();
  }
}

customElements.define("cc-flow-editor", CcFlowEditor);

declare global {
  interface HTMLElementTagNameMap {
    "cc-flow-editor": CcFlowEditor;
  }
}
