import type { ReactiveController, ReactiveControllerHost } from "lit";

/** An e-mail waiting for its first reply, as `GET /email/waiting` lists it. */
export interface WaitingEmail {
  message_id: number;
  case_id: number;
  mailbox: string | null;
  from: string;
  subject: string;
  received_at: string;
  age_s: number;
  service_level_s: number;
  overdue: boolean;
  assignee_id: number | null;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The e-mail work list: what waits, oldest first, and taking one (its case becomes the agent's). */
export class EmailWaitingController implements ReactiveController {
  waiting: WaitingEmail[] = [];
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly request: Request) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      this.waiting = (await this.request<{ waiting: WaitingEmail[] }>("GET", "/email/waiting"))
        .waiting;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  /** Takes the e-mail's case; true when it is now the agent's. */
  async take(caseId: number): Promise<boolean> {
    try {
      await this.request("POST", `/email/waiting/${caseId}/take`);
      return true;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.host.requestUpdate();
      return false;
    }
  }
}
