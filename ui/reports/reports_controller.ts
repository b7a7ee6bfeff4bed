import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { StateTime } from "./state_time_table.ts";

/** A figure's description as `/reports/metrics` gives it. */
export interface MetricInfo {
  id: string;
  unit: "%" | "s" | "count" | "ratio" | "money";
  name: { en: string; "zh-CN": string };
  formula: { en: string; "zh-CN": string };
}

/** One line of a report: an interval (or the total) and its figures. */
export interface ReportLine {
  start: string;
  end: string;
  metrics: Record<string, number | null>;
  counts: Record<string, number>;
}

export interface ReportAnswer {
  period: { from: string; to: string; interval: string; time_zone: string };
  rows: ReportLine[];
  total: ReportLine;
  /** The total of as many intervals right before the period. */
  previous?: ReportLine;
}

export const INTERVALS = ["15m", "30m", "60m", "day", "week", "month"] as const;
export type Interval = typeof INTERVALS[number];
export const SCOPES = ["center", "queue", "team", "agent"] as const;
export type ScopeKind = typeof SCOPES[number];

/** What the manager picked: a period, its interval and a scope. */
export interface PeriodChoice {
  /** First local day of the period (YYYY-MM-DD). */
  day: string;
  /** How many days the period covers. */
  days: number;
  interval: Interval;
  scope: ScopeKind;
  id: number | null;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The day as a period in the browser's zone: its local midnight to `days` later. */
export function periodBounds(choice: PeriodChoice): { from: string; to: string } {
  const [y, m, d] = choice.day.split("-").map(Number);
  const from = new Date(y, m - 1, d);
  const to = new Date(y, m - 1, d + choice.days);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The query string of a figures request (also used for the CSV export link). */
export function reportQuery(choice: PeriodChoice, timeZone: string): string {
  const { from, to } = periodBounds(choice);
  const q = new URLSearchParams({
    from,
    to,
    interval: choice.interval,
    scope: choice.scope,
    tz: timeZone,
  });
  if (choice.scope !== "center" && choice.id !== null) q.set("id", String(choice.id));
  return q.toString();
}

/**
 * Reports' data: the metric catalog (once) and the figures for the chosen period,
 * loaded through the API; the element only renders what it holds.
 */
export class ReportsController implements ReactiveController {
  metrics: MetricInfo[] = [];
  report: ReportAnswer | null = null;
  /** Time (ms) in each agent state and not-ready reason over the period. */
  states: StateTime | null = null;
  loading = false;
  error: string | null = null;
  readonly timeZone: string;
  #requestId = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: {
      request: Request;
      timeZone?: string;
      /** Fetches a file of the API with the session; `fetch` by default. */
      fetchFile?: (url: string) => Promise<Response>;
    },
  ) {
    host.addController(this);
    this.timeZone = deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  hostConnected(): void {}

  /** Loads the catalog if needed and the figures of `choice`; a later call wins. */
  async load(choice: PeriodChoice): Promise<void> {
    const id = ++this.#requestId;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      if (this.metrics.length === 0) {
        this.metrics =
          (await this.deps.request<{ metrics: MetricInfo[] }>("GET", "/reports/metrics"))
            .metrics;
      }
      const report = await this.deps.request<ReportAnswer>(
        "GET",
        `/reports/figures?${reportQuery(choice, this.timeZone)}&compare=previous`,
      );
      const states = choice.scope === "queue"
        ? null
        : await this.deps.request<NonNullable<ReportsController["states"]>>(
          "GET",
          `/reports/agent-states?${reportQuery(choice, this.timeZone)}`,
        );
      if (id !== this.#requestId) return;
      this.report = report;
      this.states = states;
    } catch (error) {
      if (id !== this.#requestId) return;
      this.report = null;
      this.error = (error as Error).message;
    } finally {
      if (id === this.#requestId) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** Where the CSV of `choice` downloads from. */
  csvUrl(choice: PeriodChoice): string {
    return `/api/v1/reports/figures.csv?${reportQuery(choice, this.timeZone)}`;
  }

  /** The CSV of `choice` and the file name the server gives it. */
  async exportCsv(choice: PeriodChoice): Promise<{ blob: Blob; fileName: string }> {
    return await this.exportFile(choice, "csv");
  }

  /** The agents' time per state of `choice` as CSV or an Excel workbook. */
  async exportStates(
    choice: PeriodChoice,
    format: "csv" | "xlsx",
  ): Promise<{ blob: Blob; fileName: string }> {
    return await this.fetchExport(
      `/api/v1/reports/agent-states.${format}?${reportQuery(choice, this.timeZone)}`,
      `agent-states.${format}`,
    );
  }

  /** A file of the API with the session, and the name the server gives it. */
  async fetchExport(url: string, fallback: string): Promise<{ blob: Blob; fileName: string }> {
    const fetchFile = this.deps.fetchFile ??
      ((u: string) => fetch(u, { credentials: "same-origin" }));
    const response = await fetchFile(url);
    if (!response.ok) throw new Error(`The export failed (${response.status})`);
    const disposition = response.headers.get("content-disposition") ?? "";
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
    return { blob: await response.blob(), fileName };
  }

  /** The figures of `choice` as CSV or an Excel workbook, and the file name given. */
  async exportFile(
    choice: PeriodChoice,
    format: "csv" | "xlsx",
  ): Promise<{ blob: Blob; fileName: string }> {
    const url = format === "csv"
      ? this.csvUrl(choice)
      : `/api/v1/reports/figures.xlsx?${reportQuery(choice, this.timeZone)}`;
    return await this.fetchExport(url, `report.${format}`);
  }
}
