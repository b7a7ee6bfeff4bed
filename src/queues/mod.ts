/**
 * The live contact center: queues on live calls, offers to agents and their ringing,
 * RONA, wrap-up, transfers and conferences, supervisors monitoring calls (listen,
 * whisper, barge, take over), agents' presence from their phones' registrations, and the
 * routing of answered calls by their number. It carries out the decisions of the pure ACD
 * engine (src/acd) on calls through the call-control API (src/calls): agents and
 * supervisors join a call as parties, and the call decides who hears whom.
 *
 * @module
 */
export { QueueDesk } from "./queue_desk.ts";
export { QueueDeskError } from "./queue_desk_error.ts";
export { RETURN_READY_WITHIN_MS } from "./agent_states.ts";
export type { ChatQueueInfo, ChatSeatEvent, ChatSeats } from "./chat_seats.ts";
export type { QueueDeskOptions } from "./queue_desk.ts";
export { CallMonitors } from "./call_monitors.ts";
export type { CallMonitorsOptions, MonitorActor } from "./call_monitors.ts";
export { MonitorMode, MonitorState } from "./call_monitor.ts";
export type { MonitorView } from "./call_monitor.ts";
export { TransferDesk } from "./transfer_desk.ts";
export type { TransferActor, TransferRequest, TransferStarted } from "./transfer_desk.ts";
export type { TransferMode } from "./call_transfer.ts";
export {
  DEFAULT_WRAP_UP_S,
  OverflowTargetSchema,
  QueueInputSchema,
  QueueOptionsSchema,
} from "./queue_config.ts";
export type { QueueDefinition, QueueInput } from "./queue_config.ts";
export { QueueChangeError, QueueStore } from "./queue_store.ts";
export type { QueueStatus } from "./queue_status.ts";
export { AgentPresence } from "./agent_presence.ts";
export { agentDaysSince, EMPTY_DAY, startOfToday } from "./acd_figures.ts";
export type { AgentDay } from "./acd_figures.ts";
export { callContext } from "./call_context.ts";
export type { CallContext } from "./call_context.ts";
export { NumberRouter } from "./number_router.ts";
export type { CallQueues } from "./number_router.ts";
export { AgentSkillsSchema, SkillInputSchema, SkillNameSchema, SkillStore } from "./skill_store.ts";
export type { AgentSkill, AgentSkillsInput, Skill, SkillInput } from "./skill_store.ts";
export { DaySkillLevels, DaySkillLevelsSchema } from "./day_skill_levels.ts";
export type { DaySkillLevelsInput, DaySkillLevelsOptions, DaySkills } from "./day_skill_levels.ts";
export { endOfLocalDay } from "./local_day.ts";
export { ReasonCodeInputSchema, ReasonCodeStore } from "./reason_codes.ts";
export type { ReasonCode, ReasonCodeInput } from "./reason_codes.ts";
