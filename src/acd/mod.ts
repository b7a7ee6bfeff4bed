/**
 * Automatic call distribution: queues, agents and the rules that bring them together.
 *
 * The engine is pure. It does no I/O and reads time only from the injected
 * {@link Clock}, so the same code runs in the appliance, in tests and in the
 * {@link simulate | simulator}. The call layer reports what happened (a call entered a
 * queue, an agent answered, a caller hung up…) by calling {@link AcdEngine} methods; the
 * engine answers through an {@link AcdOutput}: ring this agent, stop ringing, announce
 * position and estimated wait, overflow, block, and a stream of {@link AcdEvent}s for
 * `call_events` and `agent_state_log`. The engine sets its own timers: ring timeout
 * (RONA), wrap-up, maximum wait, expert-first widening, sticky wait and announcements.
 *
 * Every call that enters a queue leaves with exactly one outcome: answered, abandoned,
 * overflowed, blocked, voicemail or callback (the `outcome` field of one event).
 *
 * Waiting calls are served by effective priority (IVR priority, plus the VIP boost, plus
 * 1 per ageing step waited), then by the time they first entered any queue, so a call
 * re-queued after no answer or overflowed to another queue keeps its place. The wait
 * announced at position p is ⌈p × AHT ÷ staffed⌉ seconds, AHT being the mean handle time
 * (talk + wrap-up) of the queue's last 20 calls and staffed its logged-in members who are
 * not on a not-ready reason; with nobody staffed the estimate is null.
 *
 * Chats go through the same engine to queues whose `channel` is `chat`
 * ({@link AcdEngine.chatEntered} and friends): an agent holds up to `capacity.chat` chats
 * while ready for voice, is offered no voice call while holding one, and a chat offer not
 * accepted within the queue's ring timeout goes to the next agent ({@link AcdOutput.offerChat}).
 *
 * Configuration is checked by {@link parseAcdConfig}, which refuses setups that cannot
 * work. {@link erlangC} and friends give the staffing theory that {@link simulate} is tested against.
 *
 * @example
 * ```ts
 * import { AcdEngine } from "./mod.ts";
 * import { VirtualClock } from "../clock/mod.ts";
 *
 * const offers: string[] = [];
 * const engine = new AcdEngine({
 *   clock: new VirtualClock(0),
 *   config: {
 *     queues: [{ id: "sales", strategy: "longest_idle" }],
 *     agents: [{ id: "ann", queues: [{ queueId: "sales" }] }],
 *   },
 *   output: {
 *     offer: (callId, agentId) => offers.push(`${callId}→${agentId}`),
 *     stopRinging() {},
 *     announce() {},
 *     overflow() {},
 *     blocked() {},
 *     record() {},
 *   },
 * });
 * engine.agentLoggedIn("ann", "ready");
 * engine.callEntered({ callId: "c1", queueId: "sales" });
 * if (offers[0] !== "c1→ann") throw new Error("expected ann to ring");
 * ```
 *
 * @module
 */

export { AcdEngine, type AcdEngineOptions, OUTBOUND_REASON } from "./engine.ts";
export { type CallArrival, SENDER_HOLD_OFF_MS } from "./waiting_call.ts";
export type { ChatLoad, ChatView } from "./chat_flow.ts";
export {
  type AcdEvent,
  type AcdEventType,
  type AcdOutput,
  type Announcement,
  CALL_OUTCOMES,
  type CallOutcome,
  type OfferDetails,
  silentOutput,
} from "./output.ts";
export {
  type AcdConfig,
  AcdConfigError,
  type AcdConfigInput,
  acdConfigSchema,
  type AgentConfig,
  agentConfigSchema,
  type Channel,
  DEFAULT_NOT_READY_REASONS,
  type OverflowTarget,
  parseAcdConfig,
  type QueueConfig,
  queueConfigSchema,
  type SkillRequirement,
  STRATEGIES,
  type Strategy,
  SYSTEM_NOT_READY_REASONS,
} from "./config.ts";
export { AGENT_STATES, type AgentState, transitionAgent } from "./agent_state.ts";
export { CALL_STATES, type CallState, transitionCall } from "./call_state.ts";
export { IllegalTransitionError } from "./transition_error.ts";
export type { AgentView, CallView } from "./views.ts";
export { abandonRate, averageSpeedOfAnswer, type QueueSnapshot, serviceLevel } from "./snapshot.ts";
export type { QueueCounters } from "./queue.ts";
export { SeededRandom } from "./random.ts";
export {
  agentsNeeded,
  erlangAsa,
  erlangB,
  erlangC,
  erlangOccupancy,
  erlangServiceLevel,
  type Staffing,
  type StaffingRequest,
  trafficErlangs,
} from "./erlang_c.ts";
export { agentsNeededErlangA, erlangA, type ErlangAFigures } from "./erlang_a.ts";
export {
  type CallStream,
  type HandleTime,
  simulate,
  type SimulationFigures,
  type SimulationOptions,
  type SimulationResult,
} from "./simulator.ts";
