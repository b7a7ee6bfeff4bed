import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalMessage } from "./refusal_messages.ts";
import type { ApiClient } from "../common/api_client.ts";

/** A phone or browser registered now, as `/registrations` lists it. */
export interface Registration {
  extension: string;
  contact: string;
  transport: string;
  source: string;
  expires_at: string;
  user_agent: string | null;
}

/** The SIP counters an admin watches, from `/sip/stats`. */
export interface SipFigures {
  invites: number;
  forbidden: number;
  blocked: number;
  badMessages: number;
  live_legs: number;
}

/** Registered phones and the SIP figures, read again on demand. */
export class RegistrationsController implements ReactiveController {
  registrations: Registration[] = [];
  figures: SipFigures | null = null;
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      const [regs, stats] = await Promise.all([
        this.api.request<{ registrations: Registration[] }>("GET", "/registrations"),
        this.api.request<SipFigures>("GET", "/sip/stats"),
      ]);
      this.registrations = regs.registrations;
      this.figures = stats;
      this.error = null;
    } catch (error) {
      this.error = refusalMessage(error);
    }
    this.host.requestUpdate();
  }
}
