import type { Clock } from "../clock/mod.ts";
import { contentType, fillBody, type OutboundSms } from "./body_template.ts";
import type { SmsGateway } from "./gateway_config.ts";

/** How delivery reaches the network; tests may pass a fake. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface DeliveryOptions {
  clock: Clock;
  fetch: Fetch;
  /** Wait before the second try; doubled for each one after. 0: no wait. */
  backoffMs: number;
  /** How long one try may take. */
  timeoutMs: number;
}

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  /** Why the last try failed, in words an agent can act on. */
  error?: string;
}

/**
 * POSTs (or PUTs) one message to the gateway, tried up to `send_attempts` times with
 * growing pauses. A 4xx other than 408 and 429 is the gateway refusing this message
 * (a bad number, no credit), and trying again would be refused the same way.
 */
export async function deliver(
  gateway: SmsGateway,
  sms: OutboundSms,
  options: DeliveryOptions,
): Promise<DeliveryOutcome> {
  if (!gateway.enabled || !gateway.send_url) {
    return { ok: false, attempts: 0, error: "No SMS gateway is configured" };
  }
  const headers: Record<string, string> = { "content-type": contentType(gateway.body_format) };
  if (gateway.auth_header && gateway.auth_token) headers[gateway.auth_header] = gateway.auth_token;
  const body = fillBody(gateway, sms);
  let error = "";
  let attempts = 0;
  for (let attempt = 1; attempt <= gateway.send_attempts; attempt++) {
    if (attempt > 1) await sleep(options.clock, options.backoffMs * 2 ** (attempt - 2));
    attempts = attempt;
    const abort = new AbortController();
    const cancel = options.clock.setTimer(options.timeoutMs, () => abort.abort());
    try {
      const response = await options.fetch(gateway.send_url, {
        method: gateway.method,
        headers,
        body,
        signal: abort.signal,
      });
      await response.body?.cancel();
      if (response.ok) return { ok: true, attempts };
      error = `The gateway answered HTTP ${response.status}`;
      const final = response.status >= 400 && response.status < 500 &&
        response.status !== 408 && response.status !== 429;
      if (final) break;
    } catch (cause) {
      error = abort.signal.aborted
        ? `The gateway did not answer within ${options.timeoutMs} ms`
        : `The gateway could not be reached: ${cause instanceof Error ? cause.message : cause}`;
    } finally {
      cancel();
    }
  }
  return { ok: false, attempts, error };
}

function sleep(clock: Clock, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}
