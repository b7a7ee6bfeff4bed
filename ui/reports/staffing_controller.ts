import type { ReactiveController, ReactiveControllerHost } from "lit";
import { loadUsers, type NamedAgent, namedAgent, nameOf } from "./agent_names.ts";
import { periodBounds, type PeriodChoice } from "./reports_controller.ts";

/** One interval of `/reports/staffing`. */
export interface StaffingLine {
  start: string;
  end: string;
  calls: number;
  aht_s: number | null;
  needed: number | null;
  needed_erlang_a: number | null;
  scheduled: number;
  logged_in: number;
}

/** What the what-if calculator sends. */
export interface WhatIfRequest {
  calls: number;
  interval_minutes: 15 | 30 | 60;
  aht_s: number;
  threshold_s: number;
  target_percent: number;
  shrinkage_percent: number;
  patience_s?: number;
}

export interface WhatIfFigures {
  agents: number;
  scheduled: number;
  service_level: number;
  asa_s: number;
  occupancy: number;
  abandon_rate?: number;
}

export interface WhatIfAnswer {
  erlang_c: WhatIfFigures;
  erlang_a: WhatIfFigures | null;
}

/** `/reports/forecast`'s answer, reduced to what the page shows. */
export interface ForecastSummary {
  calls: number;
  mape: number | null;
  baseline_mape: number | null;
  weeks_of_history: number;
}

/** A planned shift or break as `/schedules` gives it. */
export interface ScheduleLine {
  id: number;
  user_id: number;
  kind: "shift" | "break";
  starts_at: string;
  ends_at: string;
}

/** A planned shift or break with the name of the agent who works it. */
export interface NamedScheduleLine extends ScheduleLine {
  /** The display name, else the username; "#id" when the account is not listed. */
  agent: string;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * Staffing's data: per-interval staffing, the what-if answer and the period's schedules,
 * each shift with the name of its agent.
 */
export class StaffingController implements ReactiveController {
  lines: StaffingLine[] = [];
  schedule: NamedScheduleLine[] = [];
  whatIf: WhatIfAnswer | null = null;
  forecast: ForecastSummary | null = null;
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { request: Request; timeZone: string },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The query of `/reports/staffing` (and its exports) for a choice. */
  staffingQuery(choice: PeriodChoice): URLSearchParams {
    const { from, to } = periodBounds(choice);
    const interval = ["15m", "30m", "60m"].includes(choice.interval) ? choice.interval : "60m";
    const q = new URLSearchParams({ from, to, interval, tz: this.deps.timeZone });
    if (choice.scope === "queue" && choice.id !== null) {
      q.set("scope", "queue");
      q.set("id", String(choice.id));
    }
    return q;
  }

  /** Staffing by interval for the choice (center, or its queue) and the period's shifts. */
  async load(choice: PeriodChoice): Promise<void> {
    const { from, to } = periodBounds(choice);
    const q = this.staffingQuery(choice);
    try {
      this.lines = (await this.deps.request<{ intervals: StaffingLine[] }>(
        "GET",
        `/reports/staffing?${q}`,
      )).intervals;
      const { blocks } = await this.deps.request<{ blocks: ScheduleLine[] }>(
        "GET",
        `/schedules?${new URLSearchParams({ from, to })}`,
      );
      const f = new URLSearchParams({ weeks: "4", tz: this.deps.timeZone });
      if (choice.scope === "queue" && choice.id !== null) {
        f.set("scope", "queue");
        f.set("id", String(choice.id));
      }
      const [forecast, people] = await Promise.all([
        this.deps.request<{
          intervals: { calls: number }[];
          mape: number | null;
          baseline_mape: number | null;
          weeks_of_history: number;
        }>("GET", `/reports/forecast?${f}`),
        this.#people(),
      ]);
      this.schedule = blocks.map((b) => ({ ...b, agent: nameOf(people, b.user_id) }));
      this.forecast = {
        calls: Math.round(forecast.intervals.reduce((sum, i) => sum + i.calls, 0)),
        mape: forecast.mape,
        baseline_mape: forecast.baseline_mape,
        weeks_of_history: forecast.weeks_of_history,
      };
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }

  /**
   * Everyone by name, not only the active agents: a past shift may be someone's who has
   * left since. Without the list the shifts still show, by user id.
   */
  #people(): Promise<NamedAgent[]> {
    return loadUsers(this.deps.request).then((users) => users.map(namedAgent)).catch(() => []);
  }

  async ask(input: WhatIfRequest): Promise<void> {
    try {
      this.whatIf = await this.deps.request<WhatIfAnswer>("POST", "/reports/what-if", input);
      this.error = null;
    } catch (error) {
      this.whatIf = null;
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }
}
