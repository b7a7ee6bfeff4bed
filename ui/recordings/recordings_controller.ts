/**
 * The recordings area's data: the search (period, agent, queue, caller, direction,
 * length), its results, and for the recording chosen what the player draws (each
 * channel's peaks, the call's events and pauses). Agents' searches are limited to their
 * own calls by the server.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";

/** One result as `GET /recordings/search` gives it. */
export interface RecordingHit {
  id: number;
  call_id: string;
  channels: number;
  started_at: string;
  duration_ms: number | null;
  pauses: { at_ms: number; duration_ms: number }[];
  direction: string;
  caller: string | null;
  agent_id: number | null;
  agent_name: string | null;
  queue_id: number | null;
  queue_name: string | null;
  customer_name: string | null;
}

/** A moment on the timeline. */
export interface TimelineMark {
  type: string;
  at_ms: number;
  duration_ms?: number;
  data: Record<string, unknown>;
}

/** What the player draws. */
export interface RecordingReview {
  duration_ms: number;
  lanes: number[][];
  marks: TimelineMark[];
}

/** The search form's fields, as the API takes them (empty ones are left out). */
export type RecordingQuery = Partial<
  Record<
    "from" | "to" | "agent_id" | "queue_id" | "caller" | "direction" | "min_duration_s",
    string
  >
>;

export interface RecordingsOptions {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Loads searches and reviews. */
export class RecordingsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: RecordingsOptions;
  query: RecordingQuery = {};
  results: RecordingHit[] = [];
  selected: RecordingHit | null = null;
  review: RecordingReview | null = null;
  /** The survey scores the caller gave on the selected call. */
  surveyScores: { question: string; score: number }[] = [];
  agents: { id: number; name: string }[] = [];
  queues: { id: number; name: string }[] = [];
  error: string | null = null;
  searching = false;

  constructor(host: ReactiveControllerHost, options: RecordingsOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    void this.#loadChoices();
    void this.search({});
  }

  /** Runs a search; the newest matches first. */
  async search(query: RecordingQuery): Promise<void> {
    this.query = query;
    this.searching = true;
    this.#host.requestUpdate();
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (!value) continue;
      // Dates from the form are local days; the API wants instants.
      params.set(name, name === "from" || name === "to" ? new Date(value).toISOString() : value);
    }
    try {
      const body = await this.#options.request<{ recordings: RecordingHit[] }>(
        "GET",
        `/recordings/search?${params}`,
      );
      this.results = body.recordings;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.searching = false;
      this.#host.requestUpdate();
    }
  }

  /** Chooses a recording and loads what the player draws. */
  async select(hit: RecordingHit): Promise<void> {
    this.selected = hit;
    this.review = null;
    this.surveyScores = [];
    this.#host.requestUpdate();
    try {
      const [review, survey] = await Promise.all([
        this.#options.request<RecordingReview>("GET", `/recordings/${hit.id}/review?points=900`),
        this.#options.request<{ scores: { question: string; score: number }[] }>(
          "GET",
          `/surveys?call_id=${encodeURIComponent(hit.call_id)}`,
        ).catch(() => ({ scores: [] })),
      ]);
      if (this.selected?.id === hit.id) {
        this.review = review;
        this.surveyScores = survey.scores;
      }
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.#host.requestUpdate();
  }

  async #loadChoices(): Promise<void> {
    // Evaluators list agents through QA; agents list nobody (they find their own calls).
    try {
      const body = await this.#options.request<{ agents: { id: number; name: string }[] }>(
        "GET",
        "/qa/agents",
      );
      this.agents = body.agents.map((a) => ({ id: a.id, name: a.name }));
    } catch {
      this.agents = [];
    }
    try {
      const body = await this.#options.request<{ queues: { id: number; name: string }[] }>(
        "GET",
        "/queues",
      );
      this.queues = body.queues.map((q) => ({ id: q.id, name: q.name }));
    } catch {
      this.queues = [];
    }
    this.#host.requestUpdate();
  }
}
