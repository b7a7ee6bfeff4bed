import type { ReactiveController, ReactiveControllerHost } from "lit";
import { periodBounds, type PeriodChoice } from "./reports_controller.ts";

/** The list reports the page shows (`/reports/lists/:kind`). */
export const LIST_VIEWS = ["ivr", "abandoned", "trunks", "dispositions"] as const;
export type ListView = typeof LIST_VIEWS[number];
export type ListKind = ListView | "ivr-hangups";

export interface ListColumn {
  id: string;
  kind: "text" | "count" | "percent" | "seconds" | "time" | "flag";
}

export interface ListAnswer {
  kind: ListKind;
  columns: ListColumn[];
  rows: (string | number | null)[][];
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;
type FetchFile = (url: string) => Promise<Response>;

/** Lists whose rows can be narrowed to the queue picked as the scope. */
const BY_QUEUE: readonly ListKind[] = ["abandoned", "dispositions"];

/** The query of a list for a period choice: its queue when the scope is one. */
export function listQuery(
  kind: ListKind,
  choice: PeriodChoice,
  extra: Record<string, string> = {},
): string {
  const { from, to } = periodBounds(choice);
  const q = new URLSearchParams({ from, to, ...extra });
  if (BY_QUEUE.includes(kind) && choice.scope === "queue" && choice.id !== null) {
    q.set("queue_id", String(choice.id));
  }
  return q.toString();
}

/** The file a response carries and the name the server gives it. */
export async function downloaded(
  response: Response,
  fallback: string,
): Promise<{ blob: Blob; fileName: string }> {
  if (!response.ok) throw new Error(`The export failed (${response.status})`);
  const disposition = response.headers.get("content-disposition") ?? "";
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
  return { blob: await response.blob(), fileName };
}

/**
 * The list reports' data: the lists of the view shown (the IVR view has two), exports as
 * CSV or XLSX, and a callback for an abandoned caller.
 */
export class ReportListsController implements ReactiveController {
  lists: ListAnswer[] = [];
  loading = false;
  error: string | null = null;
  notice: string | null = null;
  #requestId = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { request: Request; fetchFile?: FetchFile },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The kinds a view shows. */
  static kindsOf(view: ListView): ListKind[] {
    return view === "ivr" ? ["ivr", "ivr-hangups"] : [view];
  }

  /** Loads the view's lists for the choice; a later call wins. */
  async load(view: ListView, choice: PeriodChoice): Promise<void> {
    const id = ++this.#requestId;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const lists = await Promise.all(
        ReportListsController.kindsOf(view).map((kind) =>
          this.deps.request<ListAnswer>("GET", `/reports/lists/${kind}?${listQuery(kind, choice)}`)
        ),
      );
      if (id !== this.#requestId) return;
      this.lists = lists;
    } catch (error) {
      if (id !== this.#requestId) return;
      this.lists = [];
      this.error = (error as Error).message;
    } finally {
      if (id === this.#requestId) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** A list as CSV or XLSX, with the columns shown. */
  async exportFile(
    kind: ListKind,
    choice: PeriodChoice,
    format: "csv" | "xlsx",
    columns?: readonly string[],
  ): Promise<{ blob: Blob; fileName: string }> {
    const extra: Record<string, string> = { format };
    if (columns && columns.length > 0) extra.columns = columns.join(",");
    const fetchFile = this.deps.fetchFile ??
      ((url: string) => fetch(url, { credentials: "same-origin" }));
    return await downloaded(
      await fetchFile(`/api/v1/reports/lists/${kind}?${listQuery(kind, choice, extra)}`),
      `report-${kind}.${format}`,
    );
  }

  /** Leaves a callback for an abandoned call's caller; returns the number to be called. */
  async callBack(callId: string): Promise<string | null> {
    this.error = null;
    this.notice = null;
    try {
      const answer = await this.deps.request<{ callback: { number: string } }>(
        "POST",
        `/reports/lists/abandoned/${encodeURIComponent(callId)}/callback`,
      );
      return answer.callback.number;
    } catch (error) {
      this.error = (error as Error).message;
      return null;
    } finally {
      this.host.requestUpdate();
    }
  }
}
