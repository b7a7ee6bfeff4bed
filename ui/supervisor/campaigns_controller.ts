import type { ReactiveController, ReactiveControllerHost } from "lit";
import { fieldErrors } from "../admin/field_errors.ts";

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** A campaign as the editor edits it. */
export interface CampaignDraft {
  name: string;
  mode: "preview" | "progressive" | "predictive" | "agentless";
  queue_id: number | null;
  caller_id: string | null;
  options: {
    hours: { start: string; end: string; days: number[] };
    retries: Record<"busy" | "no_answer" | "failed", { times: number; after_s: number }>;
    max_attempts: number;
    abandon_cap: number;
    needs_consent: boolean;
    script: string;
    /** An agentless campaign's notice (the server fills what is left out). */
    notice?: NoticeDraft;
    /** How the campaign shares its queue's agents with inbound callers. */
    blend?: BlendDraft;
    /** Answering-machine detection on customer-first calls. */
    amd?: { enabled: boolean; on_machine: AmdAction; message: string } & Record<string, unknown>;
  };
}

/** An agentless campaign's notice and its "press 1 for an agent". */
export type NoticeDraft = {
  text: string;
  agent_digit?: string | null;
  agent_queue_id?: number | null;
  agent_text?: string;
} & Record<string, unknown>;

/**
 * The blending rule: dial only while at most `max_inbound_waiting` callers wait, while the
 * queue's service level is at least `min_service_level` percent (null: not a condition),
 * and with at most `outbound_share` (0–1) of the working agents on calls out.
 */
export interface BlendDraft {
  max_inbound_waiting: number;
  min_service_level: number | null;
  outbound_share: number;
}

/** The rule a new campaign starts with: callers first, no share limit. */
export const DEFAULT_BLEND: BlendDraft = {
  max_inbound_waiting: 0,
  min_service_level: null,
  outbound_share: 1,
};

/** The inputs of the editor by the API's path, where a refused value is shown. */
export const EDITOR_FIELDS = [
  "name",
  "mode",
  "queue_id",
  "caller_id",
  "options.hours",
  "options.retries",
  "options.max_attempts",
  "options.abandon_cap",
  "options.blend.max_inbound_waiting",
  "options.blend.min_service_level",
  "options.blend.outbound_share",
  "options.notice.text",
  "options.notice.agent_digit",
  "options.notice.agent_queue_id",
  "options.notice.agent_text",
  "options.amd",
  "options.script",
] as const;

/** What a campaign does with an answering machine. */
export type AmdAction = "hang_up" | "leave_message" | "agent";

export interface CampaignSummary extends CampaignDraft {
  id: number;
  state: "draft" | "running" | "paused" | "stopped" | "done";
  progress: { contacts: number; pending: number; done: number; failed: number; skipped: number };
}

/** The live board of one campaign, as `GET /campaigns/{id}/board` gives it. */
export interface CampaignBoard {
  lines: number;
  agents_free: number;
  inbound_waiting: number;
  attempts_today: number;
  answer_rate: number | null;
  abandon_rate: number;
  abandon_cap: number;
  contacts: number;
  contacts_left: number;
  done: number;
  failed: number;
  skipped: number;
  outcomes_today: Record<string, number>;
  /** Why dialling waits now (the trunk, or the blending rule); null while it may dial. */
  waiting_for?: string | null;
  trunk?: { name: string; outbound: number; max_outbound: number } | null;
}

/** A blank campaign for the editor. */
export function newCampaign(): CampaignDraft {
  return {
    name: "",
    mode: "progressive",
    queue_id: null,
    caller_id: null,
    options: {
      hours: { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5, 6] },
      retries: {
        busy: { times: 1, after_s: 300 },
        no_answer: { times: 2, after_s: 3600 },
        failed: { times: 1, after_s: 1800 },
      },
      max_attempts: 3,
      abandon_cap: 0.03,
      needs_consent: false,
      script: "",
    },
  };
}

/**
 * The supervisor's campaigns: the list, the one open in the editor and its live board
 * (read again every few seconds while open), saving, starting and stopping, and lists
 * loaded from CSV with the lines that were refused.
 */
export class CampaignsController implements ReactiveController {
  campaigns: CampaignSummary[] = [];
  queues: { id: number; name: string }[] = [];
  selected: number | null = null;
  draft: CampaignDraft = newCampaign();
  board: CampaignBoard | null = null;
  error: string | null = null;
  /** Refused values of the last save, by {@link EDITOR_FIELDS} path. */
  errors: Record<string, string> = {};
  imported: { added: number; rejected: { line: number; reason: string }[] } | null = null;
  saving = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly request: Request,
    private readonly boardEveryMs = 5000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async load(): Promise<void> {
    try {
      const [{ campaigns }, { queues }] = await Promise.all([
        this.request<{ campaigns: CampaignSummary[] }>("GET", "/campaigns"),
        this.request<{ queues: { id: number; name: string }[] }>("GET", "/queues")
          .catch(() => ({ queues: [] })),
      ]);
      this.campaigns = campaigns;
      this.queues = queues.map((q) => ({ id: q.id, name: q.name }));
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }

  /** Opens a campaign in the editor (null: a new one) and follows its board. */
  async open(id: number | null): Promise<void> {
    this.selected = id;
    this.imported = null;
    this.errors = {};
    this.board = null;
    const found = this.campaigns.find((c) => c.id === id);
    this.draft = found
      ? {
        name: found.name,
        mode: found.mode,
        queue_id: found.queue_id,
        caller_id: found.caller_id,
        options: structuredClone(found.options),
      }
      : newCampaign();
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (id !== null) {
      await this.loadBoard();
      this.#timer = setInterval(() => void this.loadBoard(), this.boardEveryMs);
    }
    this.host.requestUpdate();
  }

  async loadBoard(): Promise<void> {
    if (this.selected === null) return;
    try {
      this.board = await this.request<CampaignBoard>("GET", `/campaigns/${this.selected}/board`);
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }

  edit(change: Partial<CampaignDraft>): void {
    this.draft = { ...this.draft, ...change };
    this.host.requestUpdate();
  }

  async save(): Promise<boolean> {
    this.saving = true;
    this.host.requestUpdate();
    try {
      const { campaign } = this.selected === null
        ? await this.request<{ campaign: CampaignSummary }>("POST", "/campaigns", this.draft)
        : await this.request<{ campaign: CampaignSummary }>(
          "PUT",
          `/campaigns/${this.selected}`,
          this.draft,
        );
      await this.load();
      await this.open(campaign.id);
      this.error = null;
      this.errors = {};
      return true;
    } catch (error) {
      this.error = (error as Error).message;
      this.errors = fieldErrors(error, EDITOR_FIELDS);
      return false;
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  async setState(state: CampaignSummary["state"]): Promise<void> {
    if (this.selected === null) return;
    try {
      await this.request("POST", `/campaigns/${this.selected}/state`, { state });
      await this.load();
      await this.loadBoard();
    } catch (error) {
      this.error = (error as Error).message;
      this.host.requestUpdate();
    }
  }

  async importCsv(csv: string): Promise<void> {
    if (this.selected === null) return;
    try {
      this.imported = await this.request("POST", `/campaigns/${this.selected}/contacts`, { csv });
      await this.load();
      await this.loadBoard();
    } catch (error) {
      this.error = (error as Error).message;
      this.host.requestUpdate();
    }
  }

  get current(): CampaignSummary | undefined {
    return this.campaigns.find((c) => c.id === this.selected);
  }
}
