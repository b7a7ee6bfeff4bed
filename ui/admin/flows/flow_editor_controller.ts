import type { ReactiveController, ReactiveControllerHost } from "lit";
import { type ApiClient, ApiError } from "../../common/api_client.ts";
import { EditHistory } from "./edit_history.ts";
import { autoLayout, needsLayout } from "./flow_graph.ts";
import type { FlowDoc, FlowProblem, NodeType } from "./flow_model.ts";
import type { FlowListItem } from "./flows_controller.ts";

/** A version as the flow's history lists it. */
export interface FlowVersion {
  version: number;
  created_at: string;
  published_at: string | null;
  published_by: string | null;
  comment: string;
}

/** A flow as `GET /ivr/flows/:id` answers it. */
interface FlowDetail {
  flow: FlowListItem;
  versions: FlowVersion[];
  draft: FlowDoc | null;
  published: FlowDoc | null;
}

/** Someone else saved the draft since it was opened here. */
export interface StaleDraft {
  who: string;
  when: string | null;
}

/** One simulated run as `/ivr/flows/:id/simulate` answers it. */
export interface SimulationRun {
  route: { type: string; [key: string]: unknown };
  last_node: string;
  prompts: { node: string | null; kind: string; name?: string; text?: string | null }[];
  variables: Record<string, unknown>;
  events: { at: string; type: string; data: Record<string, unknown> }[];
}

/** Callers on the graph for a period, as `/ivr/flows/:id/traffic` answers it. */
export interface FlowTrafficView {
  calls: number;
  self_served: number;
  nodes: Record<string, { entered: number; hung_up: number; ended: Record<string, number> }>;
  exits: { node: string; exit: string; to: string; fallback: boolean; callers: number }[];
}

/** A call that went through a node. */
export interface NodeCallRow {
  call_id: string;
  entered_at: string;
  caller: string | null;
  state: string | null;
  end_cause: string | null;
}

const VALIDATE_DELAY_MS = 250;

/**
 * The data behind the flow editor: the flow and its draft document, the node types and
 * what nodes may pick (queues, prompts, schedules), edits with undo and redo, saving with
 * If-Match so a stale copy never overwrites someone else's save, validation of every
 * edit, publish and roll back, the simulator, and traffic for a period.
 */
export class FlowEditorController implements ReactiveController {
  flow: FlowListItem | null = null;
  versions: FlowVersion[] = [];
  doc: FlowDoc | null = null;
  problems: FlowProblem[] = [];
  nodeTypes: NodeType[] = [];
  queues: string[] = [];
  prompts: { name: string; language: string }[] = [];
  schedules: string[] = [];
  /** Menu keys added but not wired yet, per node; kept in the editor only. */
  pendingKeys: Record<string, string[]> = {};
  dirty = false;
  busy = false;
  error: string | null = null;
  stale: StaleDraft | null = null;
  readonly history = new EditHistory<{ doc: FlowDoc; pending: Record<string, string[]> }>();
  #revision: string | null = null;
  #validateTimer: ReturnType<typeof setTimeout> | undefined;
  #validation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: ApiClient,
    private readonly flowId: number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.#validateTimer);
  }

  /** Loads the flow, its draft (else its published version) and what nodes may pick. */
  async load(): Promise<void> {
    try {
      // The flow and everything its nodes may pick, in one round trip.
      const [detail, types, queues, prompts, schedules] = await Promise.all([
        this.#fetchDetail(),
        this.api.request<{ node_types: NodeType[] }>("GET", "/ivr/node-types"),
        this.api.request<{ queues: { name: string }[] }>("GET", "/queues").catch(() => ({
          queues: [],
        })),
        this.api.request<{ prompts: { name: string; language: string }[] }>(
          "GET",
          "/ivr/prompts",
        ),
        this.api.request<{ schedules: { name: string }[] }>("GET", "/ivr/schedules"),
      ]);
      this.nodeTypes = types.node_types;
      this.queues = queues.queues.map((q) => q.name);
      this.prompts = prompts.prompts;
      this.schedules = schedules.schedules.map((s) => s.name);
      await this.#show(detail);
    } catch (error) {
      this.error = (error as Error).message;
      this.host.requestUpdate();
    }
  }

  /** Reads the flow again from the server, dropping unsaved edits. */
  async reload(): Promise<void> {
    await this.#show(await this.#fetchDetail());
  }

  async #show(detail: FlowDetail): Promise<void> {
    this.flow = detail.flow;
    // The draft's revision is the flow's ETag; saves send it back as If-Match.
    this.#revision = `"${detail.flow.revision}"`;
    this.versions = detail.versions;
    let doc = detail.draft ?? detail.published;
    if (doc && needsLayout(doc)) doc = autoLayout(doc);
    this.doc = doc;
    this.pendingKeys = {};
    this.dirty = false;
    this.stale = null;
    this.error = null;
    this.history.clear();
    this.host.requestUpdate();
    await this.validate();
  }

  /** The flow, its versions and documents. */
  #fetchDetail(): Promise<FlowDetail> {
    return this.api.request<FlowDetail>("GET", `/ivr/flows/${this.flowId}`);
  }

  typeOf(type: string): NodeType | undefined {
    return this.nodeTypes.find((t) => t.type === type);
  }

  /** Applies an edit: the old state is kept for undo, and the new one is checked. */
  apply(doc: FlowDoc, pendingKeys: Record<string, string[]> = this.pendingKeys): void {
    if (!this.doc) return;
    this.history.record({ doc: this.doc, pending: this.pendingKeys });
    this.#set(doc, pendingKeys);
  }

  undo(): void {
    if (!this.doc) return;
    const back = this.history.undo({ doc: this.doc, pending: this.pendingKeys });
    if (back) this.#set(back.doc, back.pending);
  }

  redo(): void {
    if (!this.doc) return;
    const forward = this.history.redo({ doc: this.doc, pending: this.pendingKeys });
    if (forward) this.#set(forward.doc, forward.pending);
  }

  #set(doc: FlowDoc, pendingKeys: Record<string, string[]>): void {
    this.doc = doc;
    // A key that got wired is no longer pending.
    this.pendingKeys = Object.fromEntries(
      Object.entries(pendingKeys)
        .filter(([id]) => doc.nodes[id])
        .map(([id, keys]) => [id, keys.filter((k) => !doc.nodes[id].exits?.[k])])
        .filter(([, keys]) => keys.length > 0),
    );
    this.dirty = true;
    this.host.requestUpdate();
    clearTimeout(this.#validateTimer);
    this.#validateTimer = setTimeout(() => void this.validate(), VALIDATE_DELAY_MS);
  }

  /** Problems of the document as it is in the editor (saved or not). */
  async validate(): Promise<void> {
    if (!this.doc) return;
    const mine = ++this.#validation;
    try {
      const answer = await this.api.request<{ problems: FlowProblem[] }>(
        "POST",
        `/ivr/flows/${this.flowId}/validate`,
        { definition: this.doc },
      );
      if (mine !== this.#validation) return; // a later edit's check is on its way
      this.problems = answer.problems;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }

  /** Whether the editor shows problems: the server's, and menu keys not wired yet. */
  get hasProblems(): boolean {
    return this.problems.length > 0 || Object.keys(this.pendingKeys).length > 0;
  }

  /**
   * Saves the draft with the revision it was read at; a stale copy is refused and the
   * editor says who saved meanwhile. Returns whether it saved.
   */
  async save(): Promise<boolean> {
    if (!this.doc) return false;
    this.busy = true;
    this.host.requestUpdate();
    try {
      const headers: Record<string, string> = {};
      if (this.#revision) headers["If-Match"] = this.#revision;
      const answer = await this.api.request<{ flow: FlowListItem; problems: FlowProblem[] }>(
        "PUT",
        `/ivr/flows/${this.flowId}/draft`,
        this.doc,
        { headers },
      );
      this.flow = answer.flow;
      this.#revision = `"${answer.flow.revision}"`;
      this.problems = answer.problems;
      this.dirty = false;
      this.error = null;
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === "changed_meanwhile") {
        const details = error.details as { changed_by?: string; changed_at?: string } | null;
        this.stale = { who: details?.changed_by ?? "?", when: details?.changed_at ?? null };
      } else this.error = (error as Error).message;
      return false;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** Saves what is unsaved, then publishes the draft with a comment. */
  async publish(comment: string): Promise<boolean> {
    if (this.dirty && !(await this.save())) return false;
    try {
      await this.api.request("POST", `/ivr/flows/${this.flowId}/publish`, { comment });
      await this.reload();
      return true;
    } catch (error) {
      this.error = (error as Error).message;
      this.host.requestUpdate();
      return false;
    }
  }

  /** Makes an earlier published version the one callers run again. */
  async rollback(version: number): Promise<void> {
    try {
      await this.api.request("POST", `/ivr/flows/${this.flowId}/rollback`, { version });
      await this.reload();
    } catch (error) {
      this.error = (error as Error).message;
      this.host.requestUpdate();
    }
  }

  /** A version's document, for the diff. */
  versionDoc(version: number): Promise<FlowDoc> {
    return this.api.request<FlowDoc>("GET", `/ivr/flows/${this.flowId}/export?version=${version}`);
  }

  /** Runs the draft (saved first) with a caller, a time and keys. */
  async simulate(request: { caller: string; at: string; digits: string }): Promise<SimulationRun> {
    if (this.dirty && !(await this.save())) throw new Error(this.error ?? "Not saved");
    return await this.api.request<SimulationRun>("POST", `/ivr/flows/${this.flowId}/simulate`, {
      caller: request.caller || "anonymous",
      digits: request.digits,
      ...(request.at ? { at: request.at } : {}),
    });
  }

  traffic(period: { from: string; to: string }): Promise<FlowTrafficView> {
    const query = new URLSearchParams(period);
    return this.api.request<FlowTrafficView>("GET", `/ivr/flows/${this.flowId}/traffic?${query}`);
  }

  async nodeCalls(node: string, period: { from: string; to: string }): Promise<NodeCallRow[]> {
    const query = new URLSearchParams({ ...period, node });
    return (await this.api.request<{ calls: NodeCallRow[] }>(
      "GET",
      `/ivr/flows/${this.flowId}/traffic/calls?${query}`,
    )).calls;
  }
}
