import type { ReactiveController, ReactiveControllerHost } from "lit";
import { periodBounds, type PeriodChoice } from "./reports_controller.ts";

export const CHANNELS = ["voice", "chat", "email", "sms"] as const;
export type ChannelName = typeof CHANNELS[number];

/** The figures by channel, in the order the table shows them. */
export const CHANNEL_FIGURES = [
  "offered",
  "handled",
  "abandoned",
  "service_level",
  "abandon_rate",
  "asa_s",
  "aht_s",
  "first_response_s",
  "bot_resolved_share",
] as const;

export interface ChannelAnswer {
  period: { from: string; to: string; interval: string; time_zone: string };
  channels: {
    channel: ChannelName;
    rows: { start: string; end: string; figures: Record<string, number | null> }[];
    total: Record<string, number | null>;
  }[];
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The query of a by-channel request for the picked period, interval and channel. */
export function channelQuery(choice: PeriodChoice, timeZone: string, channel: ChannelName | null) {
  const { from, to } = periodBounds(choice);
  const q = new URLSearchParams({ from, to, interval: choice.interval, tz: timeZone });
  if (channel) q.set("channel", channel);
  return q.toString();
}

/** Reports by channel: the figures of the period for every channel, or one. */
export class ChannelReportController implements ReactiveController {
  answer: ChannelAnswer | null = null;
  channel: ChannelName | null = null;
  loading = false;
  error: string | null = null;
  #requestId = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { request: Request; timeZone: string },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Loads `choice` for the channel filter; a later call wins. */
  async load(choice: PeriodChoice, channel: ChannelName | null = this.channel): Promise<void> {
    const id = ++this.#requestId;
    this.channel = channel;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const answer = await this.deps.request<ChannelAnswer>(
        "GET",
        `/reports/channels?${channelQuery(choice, this.deps.timeZone, channel)}`,
      );
      if (id !== this.#requestId) return;
      this.answer = answer;
    } catch (error) {
      if (id !== this.#requestId) return;
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.loading = false;
    this.host.requestUpdate();
  }
}
