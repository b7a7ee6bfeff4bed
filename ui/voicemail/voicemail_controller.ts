/**
 * The voicemail inbox's data: the boxes the user sees, the messages of the box and
 * status chosen, the selected message and its customer's cases. Reloads when the hub
 * says a message arrived or changed; actions (take it, link a case, mark handled) go
 * through here and replace the message with the server's answer.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalAtFields } from "../admin/field_errors.ts";
import { refusalMessage } from "../admin/refusal_messages.ts";
import type { HubEvent } from "../common/events_controller.ts";

/** One message as `GET /voicemails` gives it. */
export interface Voicemail {
  id: number;
  call_id: string;
  box: string;
  queue_id: number | null;
  caller: string;
  customer_id: number | null;
  customer_name: string | null;
  duration_ms: number;
  status: string;
  has_audio: boolean;
  assigned_to: number | null;
  assigned_name: string | null;
  case_id: number | null;
  case_subject: string | null;
  handled_at: string | null;
  created_at: string;
}

export interface VoicemailBox {
  box: string;
  queue_id: number | null;
  open: number;
}

export interface CaseChoice {
  id: number;
  subject: string;
  status: string;
}

export type VoicemailStatus = "open" | "handled" | "all";

/** The fields a change sends that the detail pane has a control for (Take it, the case). */
export const CHANGE_FIELDS = ["assigned_to", "case_id"] as const;

export interface VoicemailOptions {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Loads and keeps the inbox. */
export class VoicemailController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: VoicemailOptions;
  boxes: VoicemailBox[] = [];
  items: Voicemail[] = [];
  box: string | null = null;
  status: VoicemailStatus = "open";
  selectedId: number | null = null;
  cases: CaseChoice[] = [];
  /** What went wrong, in the user's language, when no control of the message shows it. */
  error: string | null = null;
  /** The last change's refused fields (see {@link CHANGE_FIELDS}), in the user's language. */
  errors: Record<string, string> = {};
  busy = false;
  loaded = false;
  #selected: Voicemail | null = null;

  constructor(host: ReactiveControllerHost, options: VoicemailOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
  }

  /**
   * The selected message; it stays shown after it leaves the list (marked handled while
   * the list shows open ones) until another is picked.
   */
  get selected(): Voicemail | null {
    const listed = this.items.find((v) => v.id === this.selectedId);
    if (listed) this.#selected = listed;
    return this.#selected?.id === this.selectedId ? this.#selected : null;
  }

  /** Reloads on the hub's word that a message arrived or changed. */
  handleEvent(event: HubEvent): void {
    if (event.type === "voicemail.new" || event.type === "voicemail.changed") void this.load();
  }

  async load(): Promise<void> {
    try {
      const params = new URLSearchParams({ status: this.status });
      if (this.box) params.set("box", this.box);
      const [boxes, list] = await Promise.all([
        this.#options.request<{ boxes: VoicemailBox[] }>("GET", "/voicemail-boxes"),
        this.#options.request<{ voicemails: Voicemail[] }>("GET", `/voicemails?${params}`),
      ]);
      this.boxes = boxes.boxes;
      this.items = list.voicemails;
      this.error = null;
    } catch (error) {
      this.error = refusalMessage(error);
    }
    this.loaded = true;
    this.#host.requestUpdate();
  }

  async filter(box: string | null, status: VoicemailStatus): Promise<void> {
    this.box = box;
    this.status = status;
    await this.load();
  }

  /** Selects a message and loads its customer's cases for linking. */
  async select(id: number): Promise<void> {
    // The last refusal was about the message selected before.
    if (id !== this.selectedId) this.errors = {};
    this.selectedId = id;
    this.cases = [];
    this.#host.requestUpdate();
    const customerId = this.selected?.customer_id;
    if (!customerId) return;
    try {
      const body = await this.#options.request<{ cases: CaseChoice[] }>(
        "GET",
        `/cases?customer_id=${customerId}`,
      );
      if (this.selectedId === id) this.cases = body.cases;
    } catch {
      this.cases = [];
    }
    this.#host.requestUpdate();
  }

  /**
   * Changes the selected message: assignee, case, handled. A refusal comes back at its
   * field in `errors`, or in `error` when it is about nothing the pane has a control for.
   */
  async change(
    change: { assigned_to?: number | null; case_id?: number | null; handled?: boolean },
  ): Promise<boolean> {
    const id = this.selectedId;
    if (id === null) return false;
    // The last refusal would stand beside the change in progress and read as its answer.
    this.errors = {};
    this.error = null;
    this.busy = true;
    this.#host.requestUpdate();
    try {
      const body = await this.#options.request<{ voicemail: Voicemail }>(
        "PATCH",
        `/voicemails/${id}`,
        change,
      );
      this.items = this.items.map((v) => v.id === id ? body.voicemail : v);
      this.#selected = body.voicemail;
      this.error = null;
      return true;
    } catch (error) {
      const { fields, notice } = refusalAtFields(error, CHANGE_FIELDS);
      this.errors = fields;
      this.error = notice;
      return false;
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }
}
