import type { ReactiveController, ReactiveControllerHost } from "lit";

/** A mailbox as `GET /mailboxes` lists it, as far as its status needs. */
export interface MailboxRow {
  id: number;
  name: string;
  address: string;
  failures: number;
  last_fetch_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
}

/** What `POST /mailboxes/:id/test` answers. */
export interface MailboxTestResult {
  imap: { ok: true } | { ok: false; error: string };
  smtp: { ok: true } | { ok: false; error: string };
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The mailboxes' reading status, and the admin's test of each one's servers. */
export class MailboxStatusController implements ReactiveController {
  mailboxes: MailboxRow[] = [];
  /** Test results by mailbox id; "testing" while a test runs. */
  tests = new Map<number, MailboxTestResult | "testing" | { error: string }>();
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly request: Request) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      this.mailboxes = (await this.request<{ mailboxes: MailboxRow[] }>("GET", "/mailboxes"))
        .mailboxes;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  async test(id: number): Promise<void> {
    this.tests.set(id, "testing");
    this.host.requestUpdate();
    try {
      const { test } = await this.request<{ test: MailboxTestResult }>(
        "POST",
        `/mailboxes/${id}/test`,
      );
      this.tests.set(id, test);
    } catch (error) {
      this.tests.set(id, { error: error instanceof Error ? error.message : String(error) });
    }
    this.host.requestUpdate();
  }
}
