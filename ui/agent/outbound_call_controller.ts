import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { MessageKey } from "../common/i18n.ts";

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** What the desktop asks to call: a number, and the customer and case it is for. */
export interface CallOut {
  number: string;
  customerId?: number | null;
  caseId?: number | null;
  queueId?: number | null;
  /** The task the call is made for: it counts as an attempt on it. */
  followUpId?: number | null;
}

const REASONS = new Set([
  "bad_number",
  "do_not_call",
  "outside_hours",
  "no_consent",
  "no_trunk",
  "trunk_full",
  "no_phone",
  "not_allowed_on_trunk",
]);

/** The message for a refusal code from `POST /calls`. */
export function refusalMessage(code: string | undefined): MessageKey {
  return (code && REASONS.has(code)
    ? `outbound.refused.${code}`
    : "outbound.refused.other") as MessageKey;
}

/**
 * Click-to-call for the agent desktop: asks the appliance to place a call (`POST /calls`;
 * the agent's own phone rings first), keeps whether a request is in flight and why the
 * last one was refused, and tells the softphone which call to answer by itself.
 */
export class OutboundCallController implements ReactiveController {
  pending = false;
  refusal: MessageKey | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: {
      request: Request;
      /** The softphone answers the call with this id (null: the next outbound one) itself. */
      expect(callId: string | null): void;
      /** The call will not come: the softphone stops waiting for it. */
      forget(): void;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Places the call; resolves with its id, or null when it was refused. */
  async place(call: CallOut): Promise<string | null> {
    if (this.pending) return null;
    this.pending = true;
    this.refusal = null;
    this.options.expect(null);
    this.host.requestUpdate();
    try {
      const answer = await this.options.request<{ call: { call_id: string } }>(
        "POST",
        "/calls",
        {
          number: call.number,
          ...(call.customerId ? { customer_id: call.customerId } : {}),
          ...(call.caseId ? { case_id: call.caseId } : {}),
          ...(call.queueId ? { queue_id: call.queueId } : {}),
          ...(call.followUpId ? { follow_up_id: call.followUpId } : {}),
        },
      );
      this.options.expect(answer.call.call_id);
      return answer.call.call_id;
    } catch (error) {
      this.options.forget();
      this.refusal = refusalMessage((error as { code?: string }).code);
      return null;
    } finally {
      this.pending = false;
      this.host.requestUpdate();
    }
  }

  dismiss(): void {
    this.refusal = null;
    this.host.requestUpdate();
  }
}
