/**
 * Calling out: agents' click-to-call, callbacks that are really dialled, and the rules
 * every outbound dial obeys at the moment it dials: the center-wide do-not-call list,
 * calling hours in the called person's own time zone, the trunk (and its free lines) and
 * the caller ID. Calls are placed agent first through the call core (src/calls); the
 * contact goes on the customer's timeline through the CRM.
 *
 * @module
 */
export {
  CallingHoursSchema,
  localTime,
  withinCallingHours,
  zonesOfNumber,
} from "./calling_hours.ts";
export type { CallingHours } from "./calling_hours.ts";
export { DNC_REASONS, DncInputSchema, DoNotCallList } from "./do_not_call.ts";
export type { DncEntry, DncInput } from "./do_not_call.ts";
export { checkDial, DialRefusal } from "./dial_check.ts";
export type { DialVerdict } from "./dial_check.ts";
export { OutboundPolicySchema, OutboundPolicyStore, RetryRulesSchema } from "./outbound_policy.ts";
export type { OutboundPolicy, RetryRules } from "./outbound_policy.ts";
export { OutboundRefused } from "./outbound_refused.ts";
export type { RefusalReason } from "./outbound_refused.ts";
export { pickCallerId, pickTrunk } from "./outbound_line.ts";
export type { OutboundTrunks } from "./outbound_line.ts";
export { ClickToCall, ClickToCallSchema } from "./click_to_call.ts";
export type {
  AgentSeats,
  CallingAgent,
  ClickToCallInput,
  ClickToCallOptions,
  StartedCall,
} from "./click_to_call.ts";
export { afterAttempt } from "./retry_rules.ts";
export type { AttemptResult } from "./retry_rules.ts";
export { CallbackDialer } from "./callback_dialer.ts";
export type { CallbackDialerOptions, CallbackSeat, CallbackSeats } from "./callback_dialer.ts";
export {
  AmdSettingsSchema,
  AnsweringMachineDetector,
  detectAnsweringMachine,
  GreetingEndWatch,
} from "./answering_machine.ts";
export type { AmdCause, AmdSettings, AmdVerdict } from "./answering_machine.ts";
export { trunkDialString } from "./dial_plan.ts";
export type { TrunkDialString } from "./dial_plan.ts";
export { OutboundLines } from "./outbound_lines.ts";
export type { TrunkLoad } from "./outbound_lines.ts";
