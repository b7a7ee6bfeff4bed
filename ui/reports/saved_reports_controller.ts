import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalMessage } from "../admin/refusal_messages.ts";
import { type MessageKey, t } from "../common/i18n.ts";
import type { Interval, PeriodChoice, ScopeKind } from "./reports_controller.ts";

/** What a saved report keeps, as `/reports/saved` stores it. */
export interface SavedDefinition {
  view: string;
  days: number;
  interval?: Interval;
  scope?: ScopeKind;
  id?: number | null;
  columns?: string[];
}

export interface SavedReport {
  id: number;
  name: string;
  definition: SavedDefinition;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The saved report's fields a refusal may name, by the words the page gives them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: "reports.saved.name",
  "definition.id": "reports.id",
  "definition.queue_id": "reports.scope.queue",
  "definition.scope": "reports.scope",
};

/** The page's state as a definition to save: the view, the period's length, scope, columns. */
export function definitionOf(
  view: string,
  choice: PeriodChoice,
  columns: readonly string[] | undefined,
): SavedDefinition {
  return {
    view,
    days: choice.days,
    interval: choice.interval,
    scope: choice.scope,
    id: choice.id,
    ...(columns && columns.length > 0 ? { columns: [...columns] } : {}),
  };
}

/**
 * The period a saved definition opens on: as many days as it was saved with, ending
 * today (`today` is YYYY-MM-DD), with its interval and scope.
 */
export function choiceOf(definition: SavedDefinition, today: string): PeriodChoice {
  const [y, m, d] = today.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1, d - (definition.days - 1)));
  return {
    day: first.toISOString().slice(0, 10),
    days: definition.days,
    interval: definition.interval ?? "60m",
    scope: definition.scope ?? "center",
    id: definition.id ?? null,
  };
}

/** The signed-in user's saved reports: list, save under a name, delete. */
export class SavedReportsController implements ReactiveController {
  saved: SavedReport[] = [];
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { request: Request },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    await this.#run(async () => {
      this.saved = (await this.deps.request<{ saved: SavedReport[] }>("GET", "/reports/saved"))
        .saved;
    });
  }

  /** Saves (or replaces) under `name`; true when it was saved. */
  async save(name: string, definition: SavedDefinition): Promise<boolean> {
    return await this.#run(async () => {
      await this.deps.request("POST", "/reports/saved", { name, definition });
      await this.load();
    });
  }

  async remove(id: number): Promise<boolean> {
    return await this.#run(async () => {
      await this.deps.request("DELETE", `/reports/saved/${id}`);
      this.saved = this.saved.filter((s) => s.id !== id);
    });
  }

  async #run(work: () => Promise<void>): Promise<boolean> {
    this.error = null;
    try {
      await work();
      return true;
    } catch (error) {
      // Worded from the refusal's code in the page's language (a deactivated agent, say).
      this.error = refusalMessage(error, (path) => {
        const key = FIELD_LABELS[path];
        return key ? t(key) : undefined;
      });
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }
}
