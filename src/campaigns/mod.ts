/**
 * Campaigns: lists of people to call with their hours, retries and do-not-call checks,
 * dialled in preview, progressive or predictive mode, or agentless (a notice with "press
 * 9 to opt out", and optionally "press 1 for an agent", which puts the customer in a
 * queue). Predictive and agentless calls ring the customer first
 * ({@link CustomerFirstLine}), optionally listening for an answering machine. The pacing decision
 * ({@link linesToDial}) is pure and is checked against a seeded day-long simulation
 * ({@link simulateDialerDay}) on a virtual clock; the dialling itself goes through the
 * outbound rules (src/outbound) and the call core (src/calls).
 *
 * @module
 */
export { DIAL_MODES, estimateAnswerRate, linesToDial } from "./pacing.ts";
export type { DialMode, PacingInput } from "./pacing.ts";
export { simulateDialerDay } from "./dialer_simulation.ts";
export type { SimulationResult, SimulationSetup } from "./dialer_simulation.ts";
export {
  CAMPAIGN_STATES,
  CampaignInputSchema,
  CampaignOptionsSchema,
  CONTACT_STATES,
  ContactRowSchema,
  IllegalCampaignMove,
  RETRY_OUTCOMES,
  transitionCampaign,
} from "./campaign_schema.ts";
export type {
  Campaign,
  CampaignContact,
  CampaignInput,
  CampaignOptions,
  CampaignState,
  ContactRow,
  ContactState,
  RetryOutcome,
} from "./campaign_schema.ts";
export { ABANDON_REST_MS, contactAfterAttempt } from "./contact_outcome.ts";
export type { ContactStep } from "./contact_outcome.ts";
export { CampaignStore } from "./campaign_store.ts";
export type { CampaignProgress, RejectedRow } from "./campaign_store.ts";
export { CampaignDialer } from "./campaign_dialer.ts";
export type { CampaignDialerOptions, CampaignSeats } from "./campaign_dialer.ts";
export type { DialStart } from "./preview_cards.ts";
export { CustomerFirstLine } from "./customer_first.ts";
export type { CustomerFirstCalls, CustomerFirstOptions } from "./customer_first.ts";
export { centerDayStart } from "./center_day.ts";
export { deliverNotice, NOTICE_OUTCOMES } from "./notification_call.ts";
export type { NoticeAudio, NoticeDeps, NoticeOutcome, NoticeQueues } from "./notification_call.ts";
export { BlendRuleSchema, outboundAgents } from "./blend_rule.ts";
export type { BlendHold, BlendRule, BlendState } from "./blend_rule.ts";
