/**
 * An alert in words, in the current language: the queue, agent, trunk or standby
 * it is about, the figure and the limit it crossed.
 *
 * @module
 */

import { formatClock } from "../agent/agent_state_rules.ts";
import { type MessageKey, t } from "../common/i18n.ts";
import type { AlertRow } from "./supervision_controller.ts";

/** One sentence for `alert`. */
export function alertText(alert: AlertRow): string {
  const seconds = alert.kind === "long_wait" || alert.kind === "agent_state" ||
    alert.kind === "standby_lost" || alert.kind === "replication_lag" ||
    alert.kind === "case_breached";
  const shown = (n: number | null) => n === null ? "" : seconds ? formatClock(n) : String(n);
  return t(`supervisor.alert.${alert.kind}` as MessageKey, {
    subject: alert.subject,
    value: shown(alert.value),
    limit: shown(alert.limit),
    state: stateText(alert),
  });
}

/** The state an agent alert is about, with the not-ready reason when it has its own limit. */
function stateText(alert: AlertRow): string {
  if (!alert.state) return "";
  const state = t(`supervisor.state.${alert.state}` as MessageKey);
  return alert.reason ? t("reasons.withReason", { state, reason: alert.reason }) : state;
}
