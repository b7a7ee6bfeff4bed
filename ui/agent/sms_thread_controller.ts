import type { ReactiveController, ReactiveControllerHost } from "lit";

/** One message of a thread as `/customers/:id/sms` gives it. */
export interface SmsMessageJson {
  id: number;
  conversation_id: number;
  direction: "inbound" | "outbound";
  body: string;
  agent: string | null;
  status: "received" | "sending" | "sent" | "failed";
  error: string | null;
  created_at: string;
}

export interface SmsThreadJson {
  id: number;
  phone: string;
  started_at: string;
  last_message_at: string;
  waiting_since: string | null;
  messages: SmsMessageJson[];
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** What went wrong with a send, as a key of the SMS messages (`sms.refused.*`) or the gateway's words. */
export type SendProblem =
  | { kind: "refused"; code: "not_configured" | "no_number" | "other" }
  | { kind: "failed"; reason: string };

/**
 * Characters and SMS segments a text takes: 160 GSM-7 characters in one segment and 153
 * per segment beyond, or 70 and 67 once it holds anything outside GSM-7 (Chinese).
 */
export function smsSize(text: string): { count: number; segments: number } {
  const count = [...text].length;
  // deno-lint-ignore no-control-regex
  const gsm = /^[\x0A\x0D\x20-\x7E£¥èéùìòÇØøÅåÄÖÑÜ§äöñüà]*$/.test(text);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return { count, segments: count === 0 ? 0 : count <= single ? 1 : Math.ceil(count / multi) };
}

/**
 * A customer's SMS threads and the agent's reply: loads the threads, sends a reply (a
 * 502 means stored but not delivered, and shows as a failed message), sends a failed one
 * again, and reloads when the hub says a text arrived or changed for this customer.
 */
export class SmsThreadController implements ReactiveController {
  threads: SmsThreadJson[] = [];
  sending = false;
  problem: SendProblem | null = null;
  #customerId = 0;

  constructor(private readonly host: ReactiveControllerHost, private readonly request: Request) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The number a reply goes to: the newest thread's, if any. */
  get replyNumber(): string | null {
    return this.threads[0]?.phone ?? null;
  }

  async load(customerId: number): Promise<void> {
    this.#customerId = customerId;
    try {
      const answer = await this.request<{ threads: SmsThreadJson[] }>(
        "GET",
        `/customers/${customerId}/sms`,
      );
      if (customerId !== this.#customerId) return;
      this.threads = answer.threads;
    } catch {
      this.threads = [];
    }
    this.host.requestUpdate();
  }

  /** Sends `text`; true when the gateway took it. */
  async send(text: string, phone?: string): Promise<boolean> {
    return await this.#post(`/customers/${this.#customerId}/sms`, { text, phone });
  }

  async resend(messageId: number): Promise<boolean> {
    return await this.#post(`/sms/messages/${messageId}/resend`, undefined);
  }

  /** A hub event: reload when it concerns this customer's texts. */
  onEvent(type: string, data: Record<string, unknown>): void {
    if (type === "sms.received" && data.customer_id === this.#customerId) {
      void this.load(this.#customerId);
    } else if (
      type === "sms.status" && this.threads.some((t) => t.id === data.conversation_id)
    ) void this.load(this.#customerId);
  }

  async #post(path: string, body: unknown): Promise<boolean> {
    this.sending = true;
    this.problem = null;
    this.host.requestUpdate();
    let ok = false;
    try {
      await this.request("POST", path, body);
      ok = true;
    } catch (error) {
      this.problem = problemOf(error);
    }
    this.sending = false;
    await this.load(this.#customerId);
    return ok;
  }
}

function problemOf(error: unknown): SendProblem {
  const e = error as { status?: number; code?: string; message?: string };
  if (e.code === "sms_not_sent") return { kind: "failed", reason: e.message ?? "" };
  if (e.code === "not_configured" || e.code === "no_number") {
    return { kind: "refused", code: e.code };
  }
  return { kind: "refused", code: "other" };
}
