import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { HubEvent } from "../common/events_controller.ts";
import type { WorkCounts } from "./tiers_api.ts";

/** An SLA warning or breach of a case this agent owns or leads, as the desk shows it. */
export interface SlaNotice {
  caseId: number;
  subject: string;
  state: "warning" | "breached";
  at: string;
}

export interface WorkControllerOptions {
  /** `GET /cases/work`'s counts. */
  fetchCounts: () => Promise<WorkCounts>;
  /** Milliseconds between refreshes of the counts (0: only on events). */
  pollMs?: number;
}

const EMPTY: WorkCounts = { assigned: 0, due_today: 0, breached: 0, waiting: 0, follow_ups: 0 };
const MAX_NOTICES = 5;

/**
 * The desk's "my work" header: the counts of the agent's lists, kept fresh by polling
 * and by `crm.case_sla` events (which the server sends only to the case's owner, their
 * lead and supervisors), and the SLA notices those events carry until dismissed.
 */
export class WorkController implements ReactiveController {
  #counts: WorkCounts = EMPTY;
  #notices: SlaNotice[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: WorkControllerOptions,
  ) {
    host.addController(this);
  }

  get counts(): WorkCounts {
    return this.#counts;
  }

  get notices(): readonly SlaNotice[] {
    return this.#notices;
  }

  hostConnected(): void {
    const every = this.options.pollMs ?? 30_000;
    if (every > 0) this.#timer = setInterval(() => void this.refresh(), every);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
  }

  async refresh(): Promise<void> {
    try {
      this.#counts = await this.options.fetchCounts();
      this.host.requestUpdate();
    } catch {
      // The header keeps its last counts; the next poll tries again.
    }
  }

  /** Takes the hub's events; an SLA change becomes a notice and refreshes the counts. */
  handleEvent(event: HubEvent): void {
    if (event.type !== "crm.case_sla") return;
    const d = event.data;
    if (typeof d.case_id !== "number" || (d.state !== "warning" && d.state !== "breached")) return;
    const notice: SlaNotice = {
      caseId: d.case_id,
      subject: String(d.subject ?? ""),
      state: d.state,
      at: event.at,
    };
    this.#notices = [notice, ...this.#notices.filter((n) => n.caseId !== notice.caseId)]
      .slice(0, MAX_NOTICES);
    this.host.requestUpdate();
    void this.refresh();
  }

  dismiss(caseId: number): void {
    this.#notices = this.#notices.filter((n) => n.caseId !== caseId);
    this.host.requestUpdate();
  }
}
