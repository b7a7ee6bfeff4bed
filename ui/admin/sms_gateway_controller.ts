import type { ReactiveController, ReactiveControllerHost } from "lit";
import { fieldMessage, type Issue } from "./field_messages.ts";
import { refusalMessage } from "./refusal_messages.ts";
import { ApiError } from "../common/api_client.ts";

/** The gateway as `GET /sms/gateway` shows it: secrets only as whether they are set. */
export interface SmsGatewayView {
  enabled: boolean;
  send_url: string | null;
  method: "POST" | "PUT";
  auth_header: string | null;
  body_format: "json" | "form";
  body_template: string;
  from: string;
  inbound_per_minute: number;
  conversation_idle_hours: number;
  response_target_s: number;
  send_attempts: number;
  auth_token_set: boolean;
  inbound_secret_set: boolean;
}

/** What the form sends; a token or secret left blank keeps the stored one. */
export type SmsGatewayForm = Omit<SmsGatewayView, "auth_token_set" | "inbound_secret_set"> & {
  auth_token: string;
  inbound_secret: string;
};

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The change a form makes: blank secrets are left out so the stored ones stay. */
export function gatewayChange(form: SmsGatewayForm): Record<string, unknown> {
  const { auth_token, inbound_secret, ...rest } = form;
  return {
    ...rest,
    send_url: rest.send_url?.trim() || null,
    auth_header: rest.auth_header?.trim() || null,
    ...(auth_token.trim() ? { auth_token: auth_token.trim() } : {}),
    ...(inbound_secret.trim() ? { inbound_secret: inbound_secret.trim() } : {}),
  };
}

/** Reads and saves the SMS gateway's settings for the admin's panel. */
export class SmsGatewayController implements ReactiveController {
  gateway: SmsGatewayView | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly request: Request) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    this.gateway = (await this.request<{ gateway: SmsGatewayView }>("GET", "/sms/gateway")).gateway;
    this.host.requestUpdate();
  }

  /** Saves; refused values come back by field, in the admin's language. */
  async save(form: SmsGatewayForm): Promise<Record<string, string> | null> {
    try {
      this.gateway = (await this.request<{ gateway: SmsGatewayView }>(
        "PUT",
        "/sms/gateway",
        gatewayChange(form),
      )).gateway;
      this.host.requestUpdate();
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const issues = (error.details as { issues?: Issue[] } | null)?.issues ?? [];
      const fields: Record<string, string> = {};
      for (const issue of issues) fields[issue.path] ??= fieldMessage(issue);
      return Object.keys(fields).length > 0 ? fields : { send_url: refusalMessage(error) };
    }
  }
}
