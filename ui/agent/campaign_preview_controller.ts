import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { MessageKey } from "../common/i18n.ts";
import { refusalMessage } from "./outbound_call_controller.ts";

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The person on the agent's preview card. */
export interface PreviewContact {
  id: number;
  number: string;
  name: string | null;
  customer_id: number | null;
  time_zone: string | null;
  attempts: number;
  last_outcome: string | null;
}

export interface PreviewCampaign {
  id: number;
  name: string;
  mode: string;
  state: string;
}

export type SkipReason = "later" | "wrong_number" | "not_interested" | "other";

/**
 * The agent's preview dialling: the running preview campaigns, the contact held on the
 * agent's card with the campaign's script, dialling it (the phone answers the appliance's
 * ring by itself) or skipping it with a reason.
 */
export class CampaignPreviewController implements ReactiveController {
  campaigns: PreviewCampaign[] = [];
  campaignId: number | null = null;
  contact: PreviewContact | null = null;
  script = "";
  loaded = false;
  busy = false;
  refusal: MessageKey | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: {
      request: Request;
      expect(callId: string | null): void;
      forget(): void;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Reads the running preview campaigns and the card of the first (or the chosen) one. */
  async load(): Promise<void> {
    try {
      const { campaigns } = await this.options.request<{ campaigns: PreviewCampaign[] }>(
        "GET",
        "/campaigns",
      );
      this.campaigns = campaigns.filter((c) => c.mode === "preview" && c.state === "running");
      if (!this.campaigns.some((c) => c.id === this.campaignId)) {
        this.campaignId = this.campaigns[0]?.id ?? null;
      }
      await this.next();
    } catch {
      this.campaigns = [];
    }
    this.loaded = true;
    this.host.requestUpdate();
  }

  async choose(campaignId: number): Promise<void> {
    this.campaignId = campaignId;
    await this.next();
  }

  /** The contact on the card now (the same until dialled or skipped). */
  async next(): Promise<void> {
    this.contact = null;
    if (this.campaignId === null) return this.host.requestUpdate();
    try {
      const card = await this.options.request<{ contact: PreviewContact | null; script: string }>(
        "GET",
        `/campaigns/${this.campaignId}/preview`,
      );
      this.contact = card.contact;
      this.script = card.script;
    } catch {
      this.contact = null;
    }
    this.host.requestUpdate();
  }

  async dial(): Promise<string | null> {
    if (!this.contact || this.campaignId === null || this.busy) return null;
    this.busy = true;
    this.refusal = null;
    this.options.expect(null);
    this.host.requestUpdate();
    try {
      const { call_id } = await this.options.request<{ call_id: string }>(
        "POST",
        `/campaigns/${this.campaignId}/preview/${this.contact.id}/dial`,
      );
      this.options.expect(call_id);
      this.contact = null;
      return call_id;
    } catch (error) {
      this.options.forget();
      this.refusal = refusalMessage((error as { code?: string }).code);
      // The card shows what the server holds now: the same contact when no line or phone
      // was free, the next one when the number itself was refused.
      await this.next();
      return null;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  async skip(reason: SkipReason): Promise<void> {
    if (!this.contact || this.campaignId === null) return;
    try {
      await this.options.request(
        "POST",
        `/campaigns/${this.campaignId}/preview/${this.contact.id}/skip`,
        { reason },
      );
    } finally {
      await this.next();
    }
  }
}
