/**
 * Filling a day from a proposal: the agents needed per interval (typed, or copied from
 * the staffing of a day that had calls), what the shifts already planned cover of it,
 * the shifts `POST /schedules/proposal` proposes for the rest, the agent the supervisor
 * gives each, and saving the assigned ones one by one. A shift the server refuses stays
 * in the list with the reason; saved ones leave it.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalAtFields } from "../admin/field_errors.ts";
import { fieldMessage, type Issue } from "../admin/field_messages.ts";
import { refusalMessage } from "../admin/refusal_messages.ts";
import { type ScheduleBlockJson, startOfLocalDay } from "../agent/my_schedule_controller.ts";
import { ApiError } from "../common/api_client.ts";
import { type MessageKey, t } from "../common/i18n.ts";
import { plannedCover, stillToCover } from "./plan_cover.ts";
import { addDays, clockTime, dayLabel, localInstant } from "./plan_week.ts";

/** The proposal's inputs as typed; `source` is the day whose staffing need is copied. */
export interface ProposalDraft {
  day: string;
  starts_at: string;
  interval_minutes: "15" | "30" | "60";
  need: string;
  shift_hours: string;
  source: string;
}

/** A proposed shift, the agent it is given to, and why saving it failed. */
export interface ProposedShift {
  key: number;
  starts_at: string;
  ends_at: string;
  user_id: number | null;
  failure: string | null;
}

/** A day's need per interval beside the agents already planned for it, and what is left. */
export interface NeedCover {
  day: string;
  /** The start of the first interval. */
  firstMs: number;
  intervalMs: number;
  need: number[];
  planned: number[];
  remaining: number[];
}

/** The proposal's inputs, by the API field a refusal of theirs names. */
export const PROPOSAL_FIELDS = [
  "day",
  "starts_at",
  "interval_minutes",
  "need",
  "shift_hours",
  "source",
] as const;

const FIELD_LABELS: Record<string, MessageKey> = {
  day: "shiftPlan.proposal.day",
  starts_at: "shiftPlan.proposal.first",
  interval_minutes: "shiftPlan.proposal.interval",
  need: "shiftPlan.proposal.need",
  shift_hours: "shiftPlan.proposal.shiftHours",
  earliest_start: "shiftPlan.proposal.first",
  latest_end: "shiftPlan.proposal.need",
};

/** Numbers typed with commas (either width) or spaces between; null when one is not a number. */
export function parseNumbers(text: string): number[] | null {
  const parts = text.split(/[,，、\s]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}

/** Why saving one shift failed, in the page's language: the refusal's reason alone. */
function failureOf(error: unknown): string {
  const issue = error instanceof ApiError
    ? (error.details as { issues?: Issue[] } | null)?.issues?.[0]
    : undefined;
  return issue ? fieldMessage(issue) : refusalMessage(error);
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The proposal panel's data and what it sends. */
export class ShiftProposalController implements ReactiveController {
  draft: ProposalDraft;
  shifts: ProposedShift[] = [];
  /** What the plan covers of the need, as last read: on proposing, and after saving. */
  cover: NeedCover | null = null;
  /** Agent-hours the proposal plans beside those still to cover. */
  summary: { count: number; agentHours: number; neededHours: number } | null = null;
  busy: "need" | "proposing" | "saving" | null = null;
  /** Which save is under way while saving. */
  progress: { current: number; total: number } | null = null;
  fieldErrors: Record<string, string> = {};
  /** What went wrong and what was done, worded when shown: the language may change meanwhile. */
  #notice: (() => string) | null = null;
  #done: (() => string) | null = null;
  #nextKey = 1;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { request: Request; timeZone?: string },
  ) {
    host.addController(this);
    this.draft = {
      day: "",
      starts_at: "08:00",
      interval_minutes: "30",
      need: "",
      shift_hours: "8",
      source: "",
    };
  }

  get timeZone(): string {
    return this.deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  hostConnected(): void {}

  /** What went wrong that no input shows. */
  get notice(): string | null {
    return this.#notice?.() ?? null;
  }

  /** What the last step did. */
  get done(): string | null {
    return this.#done?.() ?? null;
  }

  /** Plans `day`; the staffing copied is the same weekday a week before, until changed. */
  planDay(day: string): void {
    this.edit({ day, source: addDays(day, -7) });
  }

  edit(change: Partial<ProposalDraft>): void {
    this.draft = { ...this.draft, ...change };
    this.host.requestUpdate();
  }

  /** The shifts given to an agent, which saving sends. */
  get assigned(): ProposedShift[] {
    return this.shifts.filter((s) => s.user_id !== null);
  }

  /** Fills the need with Erlang C's agents per interval of the source day's staffing. */
  async takeStaffingNeed(): Promise<void> {
    const { source, interval_minutes } = this.draft;
    this.#clear();
    if (!source) {
      this.fieldErrors = { source: t("shiftPlan.error.required") };
      this.host.requestUpdate();
      return;
    }
    const zone = this.timeZone;
    const query = new URLSearchParams({
      from: new Date(startOfLocalDay(source, zone)).toISOString(),
      to: new Date(startOfLocalDay(addDays(source, 1), zone)).toISOString(),
      interval: `${interval_minutes}m`,
      tz: zone,
    });
    await this.#run("need", async () => {
      const { intervals } = await this.deps.request<
        { intervals: { start: string; needed: number | null }[] }
      >("GET", `/reports/staffing?${query}`);
      const need = intervals.map((i) => i.needed ?? 0);
      const first = need.findIndex((n) => n > 0);
      if (first < 0) {
        this.#notice = () => t("shiftPlan.proposal.noNeed", { day: dayLabel(source) });
        return;
      }
      const last = need.findLastIndex((n) => n > 0);
      const starts = clockTime(Date.parse(intervals[first].start), zone);
      this.draft = {
        ...this.draft,
        starts_at: starts,
        need: need.slice(first, last + 1).join(", "),
      };
      this.#done = () =>
        t("shiftPlan.proposal.taken", {
          day: dayLabel(source),
          time: starts,
        });
    });
  }

  /**
   * Asks for shifts covering what the plan leaves of the need; what is wrong with the
   * inputs comes back by input. When the plan already covers the whole need, nothing is
   * asked and the status says so.
   */
  async propose(): Promise<boolean> {
    const d = this.draft;
    this.#clear();
    const need = parseNumbers(d.need);
    const hours = parseNumbers(d.shift_hours);
    const problems: Record<string, string> = {};
    const required = t("shiftPlan.error.required");
    if (!d.day) problems.day = required;
    if (!d.starts_at) problems.starts_at = required;
    if (!d.need.trim()) problems.need = required;
    else if (!need || need.length === 0 || need.some((n) => n < 0)) {
      problems.need = t("shiftPlan.error.need");
    }
    if (!hours || hours.length === 0 || hours.some((h) => !(h > 0 && h <= 16))) {
      problems.shift_hours = t("shiftPlan.error.shiftHours");
    }
    if (Object.keys(problems).length > 0) {
      this.fieldErrors = problems;
      this.host.requestUpdate();
      return false;
    }
    const interval = Number(d.interval_minutes);
    const intervalMs = interval * 60_000;
    const firstMs = localInstant(d.day, d.starts_at, this.timeZone);
    return await this.#run("proposing", async () => {
      const { remaining } = await this.#checkCover(d.day, firstMs, intervalMs, need!);
      const first = remaining.findIndex((n) => n > 0);
      if (first < 0) {
        this.shifts = [];
        this.summary = null;
        this.#done = () => t("shiftPlan.cover.nothingLeft", { day: dayLabel(d.day) });
        return;
      }
      // Shifts start where something is left to cover, not at the need's first interval.
      const left = remaining.slice(first, remaining.findLastIndex((n) => n > 0) + 1);
      // A need shorter than a shift is padded with quiet intervals: the shift outlasts the need.
      const longest = Math.max(...hours!.map((h) => Math.round(h * 60 / interval)));
      const padded = [...left, ...new Array(Math.max(0, longest - left.length)).fill(0)];
      const answer = await this.deps.request<{
        shifts: { starts_at: string; ends_at: string }[];
        agent_hours: number;
        needed_agent_hours: number;
      }>("POST", "/schedules/proposal", {
        starts_at: new Date(firstMs + first * intervalMs).toISOString(),
        interval_minutes: interval,
        need: padded,
        shift_hours: hours,
      });
      this.shifts = answer.shifts.map((s) => ({
        key: this.#nextKey++,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        user_id: null,
        failure: null,
      }));
      this.summary = {
        count: answer.shifts.length,
        agentHours: answer.agent_hours,
        neededHours: answer.needed_agent_hours,
      };
    });
  }

  /** Gives a proposed shift to an agent (null: to nobody); a new choice clears its failure. */
  assign(key: number, userId: number | null): void {
    this.shifts = this.shifts.map((s) =>
      s.key === key ? { ...s, user_id: userId, failure: null } : s
    );
    this.host.requestUpdate();
  }

  /** Saves the assigned shifts one at a time; returns how many were saved. */
  async saveAssigned(): Promise<number> {
    const chosen = this.assigned;
    this.#clear();
    if (chosen.length === 0) {
      this.#notice = () => t("shiftPlan.proposal.nothingAssigned");
      this.host.requestUpdate();
      return 0;
    }
    this.busy = "saving";
    let saved = 0;
    let failed = 0;
    for (const [i, shift] of chosen.entries()) {
      this.progress = { current: i + 1, total: chosen.length };
      this.host.requestUpdate();
      try {
        await this.deps.request("POST", "/schedules", {
          user_id: shift.user_id,
          kind: "shift",
          starts_at: shift.starts_at,
          ends_at: shift.ends_at,
        });
        saved++;
        this.shifts = this.shifts.filter((s) => s.key !== shift.key);
      } catch (error) {
        failed++;
        this.shifts = this.shifts.map((s) =>
          s.key === shift.key ? { ...s, failure: failureOf(error) } : s
        );
      }
    }
    // The proposal's sums no longer describe the shifts left in the list once some are
    // saved; what is left of the need says where things stand instead.
    if (saved > 0) this.summary = null;
    if (saved > 0 && this.cover) {
      const { day, firstMs, intervalMs, need } = this.cover;
      // What is left shrinks by what was saved. Not knowing it is no failure of the save.
      await this.#checkCover(day, firstMs, intervalMs, need).catch(() => {});
    }
    this.busy = null;
    this.progress = null;
    if (saved > 0) this.#done = () => t("shiftPlan.proposal.saved", { count: saved });
    if (failed > 0) this.#notice = () => t("shiftPlan.proposal.failed", { count: failed });
    this.host.requestUpdate();
    return saved;
  }

  /** Drops the proposed shifts and what was worked out for them. */
  discard(): void {
    this.#clear();
    this.shifts = [];
    this.summary = null;
    this.cover = null;
    this.host.requestUpdate();
  }

  /**
   * What the plan covers of `need` from `firstMs`, read afresh from the server: shifts
   * saved since the week was loaded count, as do those another supervisor planned. When
   * that fails the old figures go: stale ones would mislead.
   */
  async #checkCover(
    day: string,
    firstMs: number,
    intervalMs: number,
    need: number[],
  ): Promise<NeedCover> {
    const query = new URLSearchParams({
      from: new Date(firstMs).toISOString(),
      to: new Date(firstMs + need.length * intervalMs).toISOString(),
    });
    let blocks: ScheduleBlockJson[];
    try {
      ({ blocks } = await this.deps.request<{ blocks: ScheduleBlockJson[] }>(
        "GET",
        `/schedules?${query}`,
      ));
    } catch (error) {
      this.cover = null;
      throw error;
    }
    const planned = plannedCover(
      blocks.map((b) => ({
        userId: b.user_id,
        kind: b.kind,
        startsMs: Date.parse(b.starts_at),
        endsMs: Date.parse(b.ends_at),
      })),
      firstMs,
      intervalMs,
      need.length,
    );
    this.cover = {
      day,
      firstMs,
      intervalMs,
      need,
      planned,
      remaining: stillToCover(need, planned),
    };
    return this.cover;
  }

  #clear(): void {
    this.fieldErrors = {};
    this.#notice = null;
    this.#done = null;
  }

  async #run(busy: "need" | "proposing", work: () => Promise<void>): Promise<boolean> {
    this.busy = busy;
    this.host.requestUpdate();
    try {
      await work();
      return true;
    } catch (error) {
      const { fields, notice } = refusalAtFields(error, PROPOSAL_FIELDS, (path) => {
        const key = FIELD_LABELS[path];
        return key ? t(key) : undefined;
      });
      this.fieldErrors = fields;
      this.#notice = notice === null ? null : () => notice;
      return false;
    } finally {
      this.busy = null;
      this.host.requestUpdate();
    }
  }
}
