/**
 * The shift planner's data: the week shown, the active agents, their shifts and breaks,
 * and the block being added. Adding checks the form first (a refusal the browser can
 * see is not sent); the server's refusal comes back at the input it names, in the
 * page's language.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalAtFields } from "../admin/field_errors.ts";
import { refusalMessage } from "../admin/refusal_messages.ts";
import {
  localDate,
  type ScheduleBlockJson,
  type ScheduleDay,
  scheduleDays,
  startOfLocalDay,
} from "../agent/my_schedule_controller.ts";
import { type MessageKey, t } from "../common/i18n.ts";
import { activeAgents, loadUsers, type NamedAgent, nameOf } from "./agent_names.ts";
import { addDays, clockTime, localInstant, WEEK_DAYS, weekStartOf } from "./plan_week.ts";

/** One row of the grid: an agent, their week by the day each shift starts, its hours. */
export interface AgentWeek {
  agent: NamedAgent;
  days: ScheduleDay[];
  hours: number;
}

/** The block being added, as the form's inputs hold it. */
export interface BlockDraft {
  user_id: string;
  kind: "shift" | "break";
  day: string;
  start: string;
  end: string;
  /** The block ends the day after it starts (a night shift). */
  next_day: boolean;
}

/** What `POST /schedules` takes. */
export interface BlockBody {
  user_id: number;
  kind: "shift" | "break";
  starts_at: string;
  ends_at: string;
}

/** The form's inputs, by the API field a refusal of theirs names (the day has none). */
export const BLOCK_FIELDS = ["user_id", "kind", "day", "starts_at", "ends_at"] as const;

/** How each input is labelled, for a refusal worded as a sentence. */
const FIELD_LABELS: Record<string, MessageKey> = {
  user_id: "shiftPlan.form.agent",
  kind: "shiftPlan.form.kind",
  day: "shiftPlan.form.day",
  starts_at: "shiftPlan.form.start",
  ends_at: "shiftPlan.form.end",
};

/** The longest block the schedule store takes; said before sending, as it would say it. */
const LONGEST_BLOCK_HOURS = 16;

/** The instants a draft means in a zone; null while a time is missing. */
function instantsOf(draft: BlockDraft, timeZone: string): { starts: number; ends: number } | null {
  if (!draft.day || !draft.start || !draft.end) return null;
  return {
    starts: localInstant(draft.day, draft.start, timeZone),
    ends: localInstant(draft.next_day ? addDays(draft.day, 1) : draft.day, draft.end, timeZone),
  };
}

/** What is wrong with a draft before it is sent, by input; empty when nothing is. */
export function blockProblems(draft: BlockDraft, timeZone: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const required = t("shiftPlan.error.required");
  if (!draft.user_id) problems.user_id = required;
  if (!draft.day) problems.day = required;
  if (!draft.start) problems.starts_at = required;
  if (!draft.end) problems.ends_at = required;
  const at = instantsOf(draft, timeZone);
  if (at && !problems.ends_at) {
    if (at.ends <= at.starts) problems.ends_at = t("shiftPlan.error.endAfterStart");
    else if (at.ends - at.starts > LONGEST_BLOCK_HOURS * 3600_000) {
      problems.ends_at = t("shiftPlan.error.tooLong", { max: LONGEST_BLOCK_HOURS });
    }
  }
  return problems;
}

/** The request body for a draft with no problems. */
export function blockBody(draft: BlockDraft, timeZone: string): BlockBody {
  const at = instantsOf(draft, timeZone)!;
  return {
    user_id: Number(draft.user_id),
    kind: draft.kind,
    starts_at: new Date(at.starts).toISOString(),
    ends_at: new Date(at.ends).toISOString(),
  };
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Loads a week of the plan, adds blocks to it and deletes them. */
export class ShiftPlannerController implements ReactiveController {
  /** The Monday of the week shown. */
  week: string;
  /** The agents the planner offers: the active ones, by name. */
  agents: NamedAgent[] = [];
  blocks: ScheduleBlockJson[] = [];
  draft: BlockDraft;
  loading = false;
  /** Why the week could not be loaded. */
  error: string | null = null;
  saving = false;
  /** The last refusal, by input. */
  fieldErrors: Record<string, string> = {};
  /** A refusal no input shows, or why a delete failed. */
  notice: string | null = null;
  /** What the last change did, worded when shown: the language may change meanwhile. */
  #done: (() => string) | null = null;
  #asked = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { request: Request; timeZone?: string; now?: () => number },
  ) {
    host.addController(this);
    this.week = weekStartOf(this.today);
    this.draft = {
      user_id: "",
      kind: "shift",
      day: this.today,
      start: "",
      end: "",
      next_day: false,
    };
  }

  get timeZone(): string {
    return this.deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /** Today's date where the supervisor is. */
  get today(): string {
    return localDate(this.deps.now?.() ?? Date.now(), this.timeZone);
  }

  hostConnected(): void {}

  /** What the last change did, for the status line. */
  get done(): string | null {
    return this.#done?.() ?? null;
  }

  /** The grid's rows: every agent with their week, shifts by the day they start. */
  get rows(): AgentWeek[] {
    return this.agents.map((agent) => {
      const days = scheduleDays(
        this.blocks.filter((b) => b.user_id === agent.id),
        this.week,
        WEEK_DAYS,
        this.timeZone,
      );
      const ms = days.flatMap((d) => d.shifts).reduce((sum, s) => sum + s.endsMs - s.startsMs, 0);
      return { agent, days, hours: Math.round(ms / 360_000) / 10 };
    });
  }

  /** Shows the week holding `date`. */
  showWeek(date: string): Promise<void> {
    this.week = weekStartOf(date);
    this.#done = null;
    return this.load();
  }

  /** The active agents and the week's blocks; an older answer than the last asked is dropped. */
  async load(): Promise<void> {
    const asked = ++this.#asked;
    const zone = this.timeZone;
    const query = new URLSearchParams({
      from: new Date(startOfLocalDay(this.week, zone)).toISOString(),
      to: new Date(startOfLocalDay(addDays(this.week, WEEK_DAYS), zone)).toISOString(),
    });
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const [users, schedule] = await Promise.all([
        loadUsers(this.deps.request),
        this.deps.request<{ blocks: ScheduleBlockJson[] }>("GET", `/schedules?${query}`),
      ]);
      if (asked !== this.#asked) return;
      this.agents = activeAgents(users);
      this.blocks = schedule.blocks;
    } catch (error) {
      if (asked !== this.#asked) return;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (asked === this.#asked) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** Changes the draft (the form's inputs report every edit here). */
  edit(change: Partial<BlockDraft>): void {
    this.draft = { ...this.draft, ...change };
    this.host.requestUpdate();
  }

  /** Sends the draft; true when it was planned. Problems come back by input. */
  async add(): Promise<boolean> {
    const draft = this.draft;
    this.fieldErrors = blockProblems(draft, this.timeZone);
    this.notice = null;
    this.#done = null;
    if (Object.keys(this.fieldErrors).length > 0) {
      this.host.requestUpdate();
      return false;
    }
    this.saving = true;
    this.host.requestUpdate();
    try {
      const { block } = await this.deps.request<{ block: ScheduleBlockJson }>(
        "POST",
        "/schedules",
        blockBody(draft, this.timeZone),
      );
      this.blocks = [...this.blocks, block];
      this.#done = () => t("shiftPlan.added", { what: this.describe(block) });
      return true;
    } catch (error) {
      const { fields, notice } = refusalAtFields(error, BLOCK_FIELDS, (path) => {
        const key = FIELD_LABELS[path];
        return key ? t(key) : undefined;
      });
      this.fieldErrors = fields;
      this.notice = notice;
      return false;
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  /** Deletes a block (a shift takes its breaks with it, as the store does). */
  async remove(id: number): Promise<boolean> {
    const block = this.blocks.find((b) => b.id === id);
    this.notice = null;
    this.#done = null;
    this.saving = true;
    this.host.requestUpdate();
    try {
      await this.deps.request("DELETE", `/schedules/${id}`);
      this.blocks = this.blocks.filter((b) =>
        b.id !== id && !(block?.kind === "shift" && b.kind === "break" &&
          b.user_id === block.user_id && b.starts_at >= block.starts_at &&
          b.ends_at <= block.ends_at)
      );
      if (block) this.#done = () => t("shiftPlan.deleted", { what: this.describe(block) });
      return true;
    } catch (error) {
      this.notice = refusalMessage(error);
      return false;
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  /** "Shift 09:00–17:00, Ann Lee", in the page's language. */
  describe(block: ScheduleBlockJson): string {
    const agent = nameOf(this.agents, block.user_id);
    const time = t("shiftPlan.shift", {
      from: clockTime(Date.parse(block.starts_at), this.timeZone),
      to: clockTime(Date.parse(block.ends_at), this.timeZone),
    });
    const kind = t(block.kind === "shift" ? "shiftPlan.form.shift" : "shiftPlan.form.break");
    return t("shiftPlan.what", { kind, time, agent });
  }
}
