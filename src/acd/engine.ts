import type { CancelTimer, Clock } from "../clock/mod.ts";
import { Agent } from "./agent.ts";
import { AgentWork } from "./agent_work.ts";
import { CallFlow } from "./call_flow.ts";
import { ChatFlow, type ChatLoad, type ChatView } from "./chat_flow.ts";
import {
  type AcdConfig,
  type AcdConfigInput,
  parseAcdConfig,
  SYSTEM_NOT_READY_REASONS,
} from "./config.ts";
import type { AcdEvent, AcdOutput } from "./output.ts";
import { silentOutput } from "./output.ts";
import { emptyCounters, Queue } from "./queue.ts";
import { type QueueSnapshot, queueSnapshot } from "./snapshot.ts";
import { TransferFlow } from "./transfer_flow.ts";
import { type AgentView, agentView, type CallView, callView } from "./views.ts";
import { type CallArrival, SENDER_HOLD_OFF_MS, WaitingCall } from "./waiting_call.ts";

export interface AcdEngineOptions {
  config: AcdConfigInput | AcdConfig;
  clock: Clock;
  output?: AcdOutput;
}

const DAY_MS = 86_400_000;

/** The not-ready reason of an agent taken for a call out; set and cleared by the engine only. */
export const OUTBOUND_REASON = "outbound";

/**
 * The routing engine. Inputs are the methods below (the call layer's and supervisors'
 * events); decisions go out through {@link AcdOutput}. Methods return false when an event
 * no longer applies (an answer that arrives after the ring timed out, say), and throw
 * RangeError for ids or values that were never valid.
 */
export class AcdEngine {
  readonly config: AcdConfig;
  readonly #clock: Clock;
  readonly #out: AcdOutput;
  readonly #queues = new Map<string, Queue>();
  readonly #agents = new Map<string, Agent>();
  readonly #calls = new Map<string, WaitingCall>();
  readonly #reasons: Set<string>;
  readonly #work: AgentWork;
  readonly #flow: CallFlow;
  readonly #transfers: TransferFlow;
  readonly #chats: ChatFlow;
  #seq = 0;
  #day: number;
  #busy = false;

  constructor(options: AcdEngineOptions) {
    this.config = parseAcdConfig(options.config);
    this.#clock = options.clock;
    this.#out = options.output ?? silentOutput;
    this.#reasons = new Set([...this.config.notReadyReasons, ...SYSTEM_NOT_READY_REASONS]);
    this.#day = this.#dayOf(this.#clock.now());
    for (const q of this.config.queues) this.#queues.set(q.id, new Queue(q));
    this.#buildMemberships();
    const now = () => this.#clock.now();
    const timer = (ms: number, fn: () => void) => this.#timer(ms, fn);
    const emit = (e: Omit<AcdEvent, "at">) => this.#emit(e);
    this.#work = new AgentWork({
      now,
      timer,
      emit,
      serve: (agent) => {
        this.#flow.serveNext(agent);
        this.#chats.serve(agent);
      },
      released: (agent) => this.#flow.afterLogout(agent),
    });
    this.#flow = new CallFlow({
      now,
      timer,
      emit,
      out: this.#out,
      work: this.#work,
      agents: this.#agents,
      calls: this.#calls,
      queue: (id) => this.#queue(id),
    });
    this.#chats = new ChatFlow({
      now,
      timer,
      out: this.#out,
      serveVoice: (agent) => this.#flow.serveNext(agent),
    });
    this.#transfers = new TransferFlow({
      now,
      emit,
      work: this.#work,
      finish: (call) => this.#flow.finish(call),
    });
  }

  // ── call layer: calls ────────────────────────────────────────────────────────────

  /** A call reaches a queue (from the IVR or a transfer). */
  callEntered(arrival: CallArrival): void {
    this.#run(() => {
      if (this.#calls.has(arrival.callId)) {
        throw new RangeError(`Call ${arrival.callId} is already in the ACD`);
      }
      const queue = this.#queue(arrival.queueId);
      const skills = (arrival.skills ?? []).map((s) => ({
        skill: s.skill,
        minLevel: s.minLevel ?? 1,
      }));
      const call = new WaitingCall(
        arrival.callId,
        queue,
        checkPriority(arrival.priority ?? 0),
        arrival.vip ?? false,
        skills,
        arrival.lastAgentId,
        this.#clock.now(),
        this.#seq++,
      );
      if (arrival.sentBy !== undefined) {
        call.sentBy = arrival.sentBy;
        call.senderHoldOffUntil = this.#clock.now() + SENDER_HOLD_OFF_MS;
      }
      this.#calls.set(call.id, call);
      this.#flow.enter(call, queue, "entered", false);
    });
  }

  /**
   * The caller's leg is gone. Before an answer that is an abandon; after it, the end of
   * the conversation, and the agent moves on to wrap-up.
   */
  callEnded(callId: string): boolean {
    return this.#run(() => {
      const call = this.#calls.get(callId);
      if (!call) return false;
      this.#transfers.callEnded(call);
      if (call.state === "connected") this.#flow.hangUp(call);
      else this.#flow.abandon(call);
      return true;
    });
  }

  /** Same as {@link callEnded}; reads better where the caller hung up while waiting. */
  callAbandoned(callId: string): boolean {
    return this.callEnded(callId);
  }

  /** The caller chose a callback: the entry keeps its place and is offered like a call. */
  requestCallback(callId: string): boolean {
    return this.#run(() => {
      const call = this.#calls.get(callId);
      return call ? this.#flow.holdPlaceForCallback(call) : false;
    });
  }

  // ── call layer: agents' phones ───────────────────────────────────────────────────

  /** The agent picked up. False when the offer was already withdrawn: drop that leg. */
  agentAnswered(callId: string, agentId: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      const call = this.#calls.get(callId);
      return call ? this.#flow.answer(call, agent) : false;
    });
  }

  /** The agent declined the offer: re-queue the call at its place, agent not ready (rona). */
  agentRejected(callId: string, agentId: string): boolean {
    return this.#notAnswered(callId, agentId, "rejected");
  }

  /** The agent's phone reported no answer before the engine's own ring timeout did. */
  agentNoAnswer(callId: string, agentId: string): boolean {
    return this.#notAnswered(callId, agentId, "no_answer");
  }

  // ── call layer: transfers and conferences ────────────────────────────────────────

  /**
   * Reserves a ready agent to take over (or join) the connected call. False when the call
   * is not connected, already has a second agent, or the agent is not ready.
   */
  transferOffered(callId: string, agentId: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      const call = this.#calls.get(callId);
      return call ? this.#transfers.offer(call, agent) : false;
    });
  }

  /** The reserved agent answered: a consultation (or conference) is under way. */
  transferAnswered(callId: string): boolean {
    return this.#run(() => {
      const call = this.#calls.get(callId);
      return call ? this.#transfers.answered(call) : false;
    });
  }

  /** The reserved agent is released: no answer, declined, or the first agent took back the call. */
  transferCancelled(callId: string, reason: string): boolean {
    return this.#run(() => {
      const call = this.#calls.get(callId);
      return call ? this.#transfers.cancel(call, reason) : false;
    });
  }

  /** The reserved agent now owns the call; the first agent goes to wrap-up. */
  transferCompleted(callId: string): boolean {
    return this.#run(() => {
      const call = this.#calls.get(callId);
      return call ? this.#transfers.complete(call) : false;
    });
  }

  /** The call goes to a queue or an outside number: its agent's talk ends, the ACD lets go. */
  transferredOut(callId: string, reason: string): boolean {
    return this.#run(() => {
      const call = this.#calls.get(callId);
      return call ? this.#transfers.transferOut(call, reason) : false;
    });
  }

  // ── agents ───────────────────────────────────────────────────────────────────────

  /** Logs an agent in, not ready (reason "login") unless asked to start ready. */
  agentLoggedIn(agentId: string, initial: "ready" | "not_ready" = "not_ready"): boolean {
    return this.#run(() => this.#work.logIn(this.#agent(agentId), initial));
  }

  /** Logs out now, or after the call in progress. */
  agentLoggedOut(agentId: string): boolean {
    return this.#run(() => this.#leave(this.#agent(agentId), "logout"));
  }

  /** The agent's phone registration expired: log out, re-queue anything ringing there. */
  agentVanished(agentId: string): boolean {
    return this.#run(() => this.#leave(this.#agent(agentId), "registration_expired"));
  }

  /** Ready now; in wrap-up this ends it; on a call it cancels a pending not-ready. */
  agentReady(agentId: string): boolean {
    return this.#run(() => this.#work.ready(this.#agent(agentId)));
  }

  /** Not ready now, or once the current call and wrap-up are done. */
  agentNotReady(agentId: string, reason: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      this.#checkReason(reason);
      if (agent.state === "ringing") this.#withdraw(agent, "not_ready");
      const changed = this.#work.notReady(agent, reason);
      // After the state change, so the chats taken back are not offered to the agent again.
      this.#chats.withdrawOffers(agent, "not_ready");
      return changed;
    });
  }

  /**
   * The agent is taken for a call out (click-to-call, a callback, a campaign): no inbound
   * call is offered meanwhile. Only a ready agent can be taken (false otherwise); it is
   * not ready with reason `outbound`, which only {@link outboundEnded} clears.
   */
  outboundStarted(agentId: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      if (agent.state !== "ready" || agent.chats.size > 0) return false;
      return this.#work.notReady(agent, OUTBOUND_REASON);
    });
  }

  /** The call out is over: an agent still taken for it is ready again. */
  outboundEnded(agentId: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      if (agent.state !== "not_ready" || agent.reason !== OUTBOUND_REASON) return false;
      return this.#work.ready(agent);
    });
  }

  wrapUpFinished(agentId: string): boolean {
    return this.#run(() => this.#work.finishWrapUp(this.#agent(agentId)));
  }

  /** Adds time to the current wrap-up, up to the queue's maximum. */
  wrapUpExtended(agentId: string, seconds: number): boolean {
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new RangeError(`Wrap-up extension must be 1 to 3600 s, got ${seconds}`);
    }
    return this.#run(() => this.#work.extendWrapUp(this.#agent(agentId), seconds));
  }

  // ── supervisors ──────────────────────────────────────────────────────────────────

  /** Forces a state. A call in progress is never cut: the state applies after it. */
  forceAgentState(
    agentId: string,
    state: "ready" | "not_ready" | "logged_out",
    reason = "supervisor",
  ): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      if (state === "logged_out") return this.#leave(agent, reason);
      if (state === "not_ready") {
        this.#checkReason(reason);
        if (agent.state === "ringing") this.#withdraw(agent, "supervisor");
        const changed = this.#work.notReady(agent, reason);
        this.#chats.withdrawOffers(agent, "supervisor");
        return changed;
      }
      if (agent.state === "logged_out") return this.#work.logIn(agent, "ready");
      return this.#work.ready(agent);
    });
  }

  /** Moves a waiting or ringing call to another queue; it keeps its original entry time. */
  moveCall(callId: string, queueId: string): boolean {
    return this.#run(() => {
      const target = this.#queue(queueId);
      const call = this.#calls.get(callId);
      return call ? this.#flow.move(call, target) : false;
    });
  }

  changePriority(callId: string, priority: number): boolean {
    return this.#run(() => {
      checkPriority(priority);
      const call = this.#calls.get(callId);
      return call ? this.#flow.reprioritize(call, priority) : false;
    });
  }

  // ── chats ────────────────────────────────────────────────────────────────────────

  /**
   * A chat enters a chat queue (from the widget, after the bot, or a transfer), or waits
   * for one agent of that queue when `agentId` is given. Throws RangeError for a queue
   * that does not carry chats or a chat the ACD already holds.
   */
  chatEntered(
    arrival: { chatId: string; queueId: string; priority?: number; agentId?: string },
  ): void {
    this.#run(() => {
      if (this.#chats.chats.has(arrival.chatId)) {
        throw new RangeError(`Chat ${arrival.chatId} is already in the ACD`);
      }
      const queue = this.#chatQueue(arrival.queueId);
      const only = arrival.agentId === undefined ? undefined : this.#agent(arrival.agentId);
      this.#chats.enter(arrival.chatId, queue, checkPriority(arrival.priority ?? 0), only);
    });
  }

  /** The agent took the chat offered. False when the offer is no longer this agent's. */
  chatAccepted(chatId: string, agentId: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      const chat = this.#chats.chats.get(chatId);
      return chat ? this.#chats.accept(chat, agent) : false;
    });
  }

  /** The agent declined the chat offered: it goes to the next agent. */
  chatDeclined(chatId: string, agentId: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      const chat = this.#chats.chats.get(chatId);
      return chat ? this.#chats.pass(chat, agent, "declined") : false;
    });
  }

  /** The chat is over; its agent has room for the next. False when the ACD does not hold it. */
  chatEnded(chatId: string): boolean {
    return this.#run(() => {
      const chat = this.#chats.chats.get(chatId);
      if (!chat) return false;
      this.#chats.end(chat);
      return true;
    });
  }

  /** The agent hands an accepted chat to a queue, or to one agent (through a chat queue). */
  chatTransferred(chatId: string, target: { queueId: string; agentId?: string }): boolean {
    return this.#run(() => {
      const queue = this.#chatQueue(target.queueId);
      const only = target.agentId === undefined ? undefined : this.#agent(target.agentId);
      const chat = this.#chats.chats.get(chatId);
      return chat ? this.#chats.transfer(chat, queue, only) : false;
    });
  }

  /** The chat while the ACD holds it, else undefined. */
  chat(chatId: string): ChatView | undefined {
    const chat = this.#chats.chats.get(chatId);
    return chat && this.#chats.view(chat);
  }

  /** How many chats an agent holds (offered or accepted) and may hold. */
  chatLoad(agentId: string): ChatLoad {
    return this.#chats.load(this.#agent(agentId));
  }

  /** Chats the ACD holds: waiting, offered or accepted. */
  get chatCount(): number {
    return this.#chats.chats.size;
  }

  /** Chats waiting (not offered) in a chat queue. */
  chatsWaiting(queueId: string): number {
    return this.#chats.waitingIn(this.#chatQueue(queueId));
  }

  // ── queries ──────────────────────────────────────────────────────────────────────

  snapshot(queueId: string): QueueSnapshot {
    this.#rollDay();
    return queueSnapshot(this.#queue(queueId), this.#clock.now());
  }

  snapshots(): QueueSnapshot[] {
    this.#rollDay();
    const now = this.#clock.now();
    return [...this.#queues.values()].map((q) => queueSnapshot(q, now));
  }

  agent(agentId: string): AgentView {
    return agentView(this.#agent(agentId));
  }

  agents(): AgentView[] {
    return [...this.#agents.values()].map(agentView);
  }

  /** The call while the ACD holds it (until its agent hangs up), else undefined. */
  call(callId: string): CallView | undefined {
    const call = this.#calls.get(callId);
    return call && callView(call, this.#clock.now());
  }

  /** Calls the ACD holds: waiting, ringing or connected. */
  get callCount(): number {
    return this.#calls.size;
  }

  // ── internals ────────────────────────────────────────────────────────────────────

  #buildMemberships(): void {
    const now = this.#clock.now();
    for (const a of this.config.agents) {
      const agent = new Agent(a, now);
      this.#agents.set(a.id, agent);
      for (const { queueId, penalty } of a.queues) {
        const queue = this.#queues.get(queueId)!;
        const skills = queue.config.skills;
        const levels = skills.map((s) => agent.skillLevel(s.skill));
        // Members without the queue's skills never take its calls; leave them out.
        if (skills.some((s, i) => levels[i] < s.minLevel)) continue;
        const score = skills.reduce((sum, s, i) => sum + s.weight * levels[i], 0);
        const m = {
          agent,
          queue,
          penalty,
          level: levels.length ? Math.min(...levels) : 1,
          score: score - penalty,
          order: queue.members.length,
        };
        queue.members.push(m);
        agent.memberships.push(m);
      }
    }
  }

  #notAnswered(callId: string, agentId: string, reason: string): boolean {
    return this.#run(() => {
      const agent = this.#agent(agentId);
      const call = this.#calls.get(callId);
      return call ? this.#flow.notAnswered(call, agent, reason) : false;
    });
  }

  #leave(agent: Agent, reason: string): boolean {
    if (agent.state === "ringing") this.#withdraw(agent, reason);
    const changed = this.#work.logOut(agent, reason);
    this.#chats.withdrawOffers(agent, reason);
    return changed;
  }

  /** Takes back what rings at the agent: a queue offer is re-queued, a transfer cancelled. */
  #withdraw(agent: Agent, reason: string): void {
    const call = agent.call!;
    if (call.consult !== agent) {
      this.#flow.withdrawAndRequeue(agent, reason);
      return;
    }
    this.#out.stopRinging(call.id, agent.id);
    call.consult = undefined;
    this.#emit({
      type: "call_transfer_cancelled",
      callId: call.id,
      agentId: agent.id,
      fromAgentId: call.agent?.id,
      queueId: call.queue.id,
      reason,
    });
    agent.call = undefined;
  }

  #emit(event: Omit<AcdEvent, "at">): void {
    const e = event as AcdEvent;
    e.at = this.#clock.now();
    this.#out.record(e);
  }

  #timer(ms: number, fn: () => void): CancelTimer {
    return this.#clock.setTimer(ms, () => this.#run(fn));
  }

  /** Every input and timer runs here: one at a time, after the daily figures roll over. */
  #run<T>(fn: () => T): T {
    if (this.#busy) {
      throw new Error("AcdEngine was called from inside its own output; defer the call");
    }
    this.#busy = true;
    try {
      this.#rollDay();
      return fn();
    } finally {
      this.#busy = false;
    }
  }

  #dayOf(now: number): number {
    return Math.floor((now + this.config.dayStartOffsetMinutes * 60_000) / DAY_MS);
  }

  #rollDay(): void {
    const day = this.#dayOf(this.#clock.now());
    if (day === this.#day) return;
    this.#day = day;
    for (const q of this.#queues.values()) q.counters = emptyCounters();
    for (const a of this.#agents.values()) {
      a.callsToday = 0;
      a.handleMsToday = 0;
    }
  }

  #queue(queueId: string): Queue {
    const q = this.#queues.get(queueId);
    if (!q) throw new RangeError(`Unknown queue ${queueId}`);
    return q;
  }

  #chatQueue(queueId: string): Queue {
    const queue = this.#queue(queueId);
    if (queue.config.channel !== "chat") {
      throw new RangeError(`Queue ${queueId} does not carry chats`);
    }
    return queue;
  }

  #agent(agentId: string): Agent {
    const a = this.#agents.get(agentId);
    if (!a) throw new RangeError(`Unknown agent ${agentId}`);
    return a;
  }

  #checkReason(reason: string): void {
    if (!this.#reasons.has(reason)) {
      throw new RangeError(
        `Unknown not-ready reason "${reason}"; use one of ${[...this.#reasons].join(", ")}`,
      );
    }
  }
}

function checkPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
    throw new RangeError(`Priority must be a whole number from 0 to 100, got ${priority}`);
  }
  return priority;
}
