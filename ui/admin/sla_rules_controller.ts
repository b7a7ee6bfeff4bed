import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";

/** Case priorities, in the order the case screen lists them. */
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/** One rule as `GET /crm/sla-rules` lists it. */
export interface SlaRule {
  category: string;
  priority: typeof PRIORITIES[number];
  resolve_within_min: number;
  /** Minutes before the due time that the owner and their lead are warned (0: none). */
  warn_before_min?: number;
  /** Calendar time, or only the center's business hours. */
  clock?: "calendar" | "business";
  /** The clock stops while the case waits on the customer. */
  pause_when_waiting?: boolean;
}

/** The SLA rule table, read and replaced as a whole as the API keeps it. */
export class SlaRulesController implements ReactiveController {
  rules: SlaRule[] = [];
  /** The schedule whose hours business-time rules count (a CRM setting). */
  schedule: string | null = null;
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "request">,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      const [rules, settings] = await Promise.all([
        this.api.request<{ rules: SlaRule[] }>("GET", "/crm/sla-rules"),
        this.api.request<{ settings: { hours_schedule?: string } }>("GET", "/crm/settings"),
      ]);
      this.rules = rules.rules;
      this.schedule = settings.settings.hours_schedule ?? null;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  /** Replaces the table; rejects with the API's refusal (issues at `rules.N.field`). */
  async replace(rules: SlaRule[]): Promise<void> {
    this.rules = (await this.api.request<{ rules: SlaRule[] }>("PUT", "/crm/sla-rules", {
      rules,
    })).rules;
    this.host.requestUpdate();
  }
}

/** Minutes as days, hours and minutes ("1 d 2 h"), in the units the caller words. */
export function durationParts(minutes: number): { days: number; hours: number; minutes: number } {
  const m = Math.max(0, Math.floor(minutes));
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
}
