import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { Logger } from "../log/mod.ts";
import { type Alert, type AlertFacts, diffAlerts, evaluateAlerts } from "./alert_rules.ts";
import type { AlertWebhook } from "./alert_webhook.ts";

export interface AlertWatchOptions {
  clock: Clock;
  hub: EventHub;
  log: Logger;
  /** The live state at this moment, minus the clock (the watch adds it). */
  facts: () => Omit<AlertFacts, "now">;
  webhook?: AlertWebhook;
  /** Milliseconds between evaluations. */
  intervalMs?: number;
}

/**
 * Evaluates the alert rules on live state every few seconds and reports what changed:
 * a `supervision.alert` hub event (`{ change: "raised" | "cleared", alert }`) for the
 * supervisors' pages and the same message to the webhook. Holds the alerts active now.
 */
export class AlertWatch {
  readonly #active = new Map<string, Alert & { since: string }>();
  #timer: CancelTimer | undefined;
  #running = false;

  constructor(private readonly options: AlertWatchOptions) {}

  /** Alerts that hold now, oldest first. */
  active(): (Alert & { since: string })[] {
    return [...this.#active.values()];
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  close(): void {
    this.#running = false;
    this.#timer?.();
    this.#timer = undefined;
  }

  /** Evaluates once now; the timer calls this, and tests may too. */
  check(): void {
    const { clock, hub, webhook } = this.options;
    const now = clock.now();
    let alerts: Alert[];
    try {
      alerts = evaluateAlerts({ ...this.options.facts(), now });
    } catch (error) {
      this.options.log.error("alerts could not be evaluated", { error });
      return;
    }
    const { raised, cleared } = diffAlerts(this.#active, alerts);
    const at = new Date(now).toISOString();
    for (const alert of cleared) {
      this.#active.delete(alert.key);
      const message = { change: "cleared", at, alert };
      hub.publish("supervision.alert", message);
      webhook?.send({ event: "alert.cleared", ...message });
    }
    for (const alert of raised) {
      const held = { ...alert, since: at };
      this.#active.set(alert.key, held);
      const message = { change: "raised", at, alert: held };
      hub.publish("supervision.alert", message);
      webhook?.send({ event: "alert.raised", ...message });
    }
    // Figures in a held alert move (a wait grows); keep the latest without re-raising it.
    for (const alert of alerts) {
      const held = this.#active.get(alert.key);
      if (held) this.#active.set(alert.key, { ...alert, since: held.since });
    }
  }

  #schedule(): void {
    this.#timer = this.options.clock.setTimer(this.options.intervalMs ?? 5000, () => {
      if (!this.#running) return;
      this.check();
      this.#schedule();
    });
  }
}
