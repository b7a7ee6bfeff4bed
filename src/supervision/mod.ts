/**
 * Supervision: what team leads and supervisors set and are told about beyond the live
 * figures themselves. Per-queue thresholds that colour the wallboard, alerts evaluated
 * from live state by pure rules (service level under target, a long wait, an agent stuck
 * in a state, a trunk down, the standby lost or behind) and sent to the pages and a
 * webhook, and read-only wallboard links for wall screens, stored hashed and revocable. The live figures come from the
 * queues domain; the composition root passes them in as facts. Queues of channels other
 * than voice (chat, e-mail, SMS) reach the wallboard through {@link ChannelQueueBoard},
 * one source per channel domain.
 *
 * @module
 */
export { Supervision } from "./supervision.ts";
export type { SupervisionOptions } from "./supervision.ts";
export {
  diffAlerts,
  evaluateAlerts,
  REPLICATION_LAG_LIMIT_S,
  STANDBY_SILENCE_LIMIT_S,
} from "./alert_rules.ts";
export type {
  AgentFacts,
  Alert,
  AlertFacts,
  AlertKind,
  BreachedCaseFacts,
  MailboxFacts,
  QueueFacts,
  ReplicationFacts,
  TrunkFacts,
} from "./alert_rules.ts";
export { AlertWatch } from "./alert_watch.ts";
export { AlertWebhook } from "./alert_webhook.ts";
export type { AlertWebhookOptions, Fetch } from "./alert_webhook.ts";
export { DEFAULT_THRESHOLDS, QueueThresholdsSchema } from "./thresholds.ts";
export type { QueueThresholds } from "./thresholds.ts";
export { ThresholdStore } from "./threshold_store.ts";
export { SupervisionSettingsSchema, SupervisionSettingsStore } from "./supervision_settings.ts";
export type { SupervisionSettings } from "./supervision_settings.ts";
export { TvLinks } from "./tv_links.ts";
export { ChannelQueueBoard } from "./channel_queues.ts";
export type { ChannelQueueSource, ChannelQueueStatus } from "./channel_queues.ts";
export type { NewTvLink, TvLink } from "./tv_links.ts";
