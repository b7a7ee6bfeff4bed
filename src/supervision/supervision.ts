import type { Clock } from "../clock/mod.ts";
import type { Settings } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { AlertFacts } from "./alert_rules.ts";
import { AlertWatch } from "./alert_watch.ts";
import { AlertWebhook, type Fetch } from "./alert_webhook.ts";
import { SupervisionSettingsStore } from "./supervision_settings.ts";
import { ThresholdStore } from "./threshold_store.ts";
import { TvLinks } from "./tv_links.ts";

export interface SupervisionOptions {
  settings: Settings;
  clock: Clock;
  hub: EventHub;
  log: Logger;
  /** Live queues, agents and trunks for the alert rules; thresholds come from here. */
  facts: () => Omit<AlertFacts, "now" | "thresholds">;
  fetch?: Fetch;
  alertIntervalMs?: number;
}

/** The supervision domain's parts, built together. Nothing runs until {@link start}. */
export class Supervision {
  readonly thresholds: ThresholdStore;
  readonly settings: SupervisionSettingsStore;
  readonly tvLinks: TvLinks;
  readonly webhook: AlertWebhook;
  readonly alerts: AlertWatch;

  constructor(options: SupervisionOptions) {
    this.thresholds = new ThresholdStore(options.settings);
    this.settings = new SupervisionSettingsStore(options.settings);
    this.tvLinks = new TvLinks(options.settings, options.clock);
    this.webhook = new AlertWebhook({
      clock: options.clock,
      log: options.log,
      url: () => this.settings.get().alert_webhook_url ?? undefined,
      fetch: options.fetch,
    });
    this.alerts = new AlertWatch({
      clock: options.clock,
      hub: options.hub,
      log: options.log,
      webhook: this.webhook,
      intervalMs: options.alertIntervalMs,
      facts: () => ({
        ...options.facts(),
        thresholds: (queueId) => this.thresholds.get(queueId),
      }),
    });
  }

  start(): void {
    this.alerts.start();
  }

  close(): void {
    this.alerts.close();
    this.webhook.close();
  }
}
