import type { ReactiveController, ReactiveControllerHost } from "lit";

/** One e-mail on a case, as `GET /cases/:id/emails` gives it. */
export interface CaseEmail {
  id: number;
  direction: "inbound" | "outbound";
  kind: "mail" | "acknowledgement" | "reply";
  message_id: string | null;
  from_address: string;
  to_addresses: string;
  subject: string;
  text_body: string;
  /** Sanitised by the server; shown only in a sandboxed frame without scripts. */
  html_body: string | null;
  attachment_ids: number[];
  created_at: string;
}

/** A reply template: an agent script, its `{{customer.*}}` variables filled on sending. */
export interface ReplyTemplate {
  id: number;
  name: string;
  body: string;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * The e-mails of one case and the agent's reply: loads the thread and the templates,
 * sends a reply with chosen case attachments, and reads the thread again afterwards.
 */
export class EmailThreadController implements ReactiveController {
  emails: CaseEmail[] = [];
  templates: ReplyTemplate[] = [];
  sending = false;
  error: string | null = null;
  sent = false;
  #caseId = 0;

  constructor(private readonly host: ReactiveControllerHost, private readonly request: Request) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(caseId: number): Promise<void> {
    this.#caseId = caseId;
    this.error = null;
    try {
      const [thread, scripts] = await Promise.all([
        this.request<{ emails: CaseEmail[] }>("GET", `/cases/${caseId}/emails`),
        this.request<{ scripts: ReplyTemplate[] }>("GET", "/scripts").catch(() => ({
          scripts: [],
        })),
      ]);
      if (caseId !== this.#caseId) return;
      this.emails = thread.emails;
      this.templates = scripts.scripts;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  /** Sends the reply; true when it went out. */
  async send(body: string, attachmentIds: number[]): Promise<boolean> {
    if (this.sending || !this.#caseId) return false;
    this.sending = true;
    this.error = null;
    this.sent = false;
    this.host.requestUpdate();
    try {
      await this.request("POST", `/cases/${this.#caseId}/emails`, {
        body,
        attachment_ids: attachmentIds,
      });
      this.sent = true;
      await this.load(this.#caseId);
      return true;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      this.sending = false;
      this.host.requestUpdate();
    }
  }
}
