import type { Agent } from "./agent.ts";
import type { AgentWork } from "./agent_work.ts";
import { transitionCall } from "./call_state.ts";
import type { OverflowTarget } from "./config.ts";
import type { AcdEvent, AcdOutput, CallOutcome } from "./output.ts";
import type { Queue } from "./queue.ts";
import { chooseAgents, chooseCall } from "./routing.ts";
import type { CancelTimer } from "../clock/mod.ts";
import type { WaitingCall } from "./waiting_call.ts";

/** What a call's journey needs from the engine that owns it. */
export interface CallFlowDeps {
  now(): number;
  timer(ms: number, fn: () => void): CancelTimer;
  emit(event: Omit<AcdEvent, "at">): void;
  out: AcdOutput;
  work: AgentWork;
  agents: Map<string, Agent>;
  calls: Map<string, WaitingCall>;
  queue(queueId: string): Queue;
}

/**
 * A call's journey through the queues: entering (or being blocked), waiting with its
 * timers, being offered, re-queued at its place, answered, abandoned, overflowed, moved.
 * The engine looks ids up and validates input; everything here works on live records.
 */
export class CallFlow {
  readonly #deps: CallFlowDeps;

  constructor(deps: CallFlowDeps) {
    this.#deps = deps;
  }

  #now(): number {
    return this.#deps.now();
  }

  answer(call: WaitingCall, agent: Agent): boolean {
    if (call.state !== "ringing" || !call.ringing.has(agent)) return false;
    const now = this.#now();
    const others = [...call.ringing].filter((a) => a !== agent);
    call.ringing.clear();
    call.cancelRingTimer();
    call.cancelStayTimers();
    call.state = transitionCall(call.id, call.state, "connected");
    call.agent = agent;
    call.answeredAt = now;
    this.#deps.work.startTalk(agent, call);
    const queue = call.queue;
    queue.calls.delete(call);
    const waitMs = now - call.queueEnteredAt;
    const c = queue.counters;
    c.answered++;
    c.answeredWaitMs += waitMs;
    if (waitMs <= queue.config.serviceLevelSeconds * 1000) c.answeredWithinThreshold++;
    this.#deps.emit({
      type: "call_answered",
      callId: call.id,
      agentId: agent.id,
      queueId: queue.id,
      waitMs,
      callback: call.callback,
      outcome: "answered",
    });
    for (const other of others) {
      this.#deps.out.stopRinging(call.id, other.id);
      this.#deps.work.withdraw(other, "answered_elsewhere");
    }
    return true;
  }

  /** The entry stays in place without a caller on the line; no announcements, no max wait. */
  holdPlaceForCallback(call: WaitingCall): boolean {
    if (call.state !== "waiting" || call.callback) return false;
    call.callback = true;
    call.cancelCallerTimers();
    this.#deps.emit({
      type: "call_callback_requested",
      callId: call.id,
      queueId: call.queue.id,
      position: call.queue.waiting.position(call),
    });
    return true;
  }

  move(call: WaitingCall, target: Queue): boolean {
    if (call.state !== "waiting" && call.state !== "ringing") return false;
    if (call.queue === target) return false;
    const withdrawn = [...call.ringing];
    call.ringing.clear();
    call.cancelRingTimer();
    if (call.state === "ringing") call.state = transitionCall(call.id, call.state, "waiting");
    const from = call.queue;
    this.#leaveQueue(call);
    from.counters.overflowed++;
    this.#deps.emit({
      type: "call_moved",
      callId: call.id,
      queueId: from.id,
      target: { kind: "queue", queueId: target.id },
      waitMs: this.#now() - call.queueEnteredAt,
    });
    this.enter(call, target, "moved", true);
    for (const agent of withdrawn) {
      this.#deps.out.stopRinging(call.id, agent.id);
      this.#deps.work.withdraw(agent, "moved");
    }
    return true;
  }

  reprioritize(call: WaitingCall, priority: number): boolean {
    if (call.state !== "waiting" && call.state !== "ringing") return false;
    const list = call.queue.waiting;
    const wasWaiting = list.remove(call);
    call.priority = priority;
    call.queue.rank(call);
    if (wasWaiting) list.insert(call);
    this.#deps.emit({
      type: "call_priority_changed",
      callId: call.id,
      queueId: call.queue.id,
      priority,
      position: list.position(call),
    });
    return true;
  }

  enter(call: WaitingCall, queue: Queue, reason: string, force: boolean): void {
    const max = queue.config.maxWaitingCalls;
    if (!force && max !== undefined && queue.calls.size >= max) {
      queue.counters.blocked++;
      const whenFull = queue.config.whenFull;
      this.#deps.emit({
        type: "call_blocked",
        callId: call.id,
        queueId: queue.id,
        reason: "queue_full",
        outcome: whenFull ? undefined : "blocked",
      });
      if (whenFull) this.#divert(call, queue, whenFull, "queue_full");
      else {
        this.#deps.out.blocked(call.id, "queue_full");
        this.finish(call);
      }
      return;
    }
    const now = this.#now();
    const cfg = queue.config;
    call.queue = queue;
    call.queueEnteredAt = now;
    call.overdue = false;
    queue.rank(call);
    queue.counters.offered++;
    queue.calls.add(call);
    if (cfg.maxWait && !call.callback) {
      const target = cfg.maxWait.target;
      call.maxWaitTimer = this.#deps.timer(cfg.maxWait.seconds * 1000, () => {
        if (call.state === "waiting") {
          this.#leaveQueue(call);
          queue.counters.overflowed++;
          this.#divert(call, queue, target, "max_wait");
        } else if (call.state === "ringing") call.overdue = true;
      });
    }
    if (cfg.announcements && !call.callback) {
      this.#announceLater(
        call,
        (cfg.announcements.firstAfterSeconds ?? cfg.announcements.everySeconds) * 1000,
      );
    }
    if (cfg.expertFirst) {
      call.expertUntil = now + cfg.expertFirst.seconds * 1000;
      call.stayTimers.push(
        this.#deps.timer(cfg.expertFirst.seconds * 1000, () => this.dispatch(call)),
      );
    }
    if (call.senderHoldOffUntil > now) {
      // The sender may take it from then on, if it is still waiting.
      call.stayTimers.push(
        this.#deps.timer(call.senderHoldOffUntil - now, () => this.dispatch(call)),
      );
    }
    const last = call.lastAgentId ? this.#deps.agents.get(call.lastAgentId) : undefined;
    if (cfg.stickySeconds > 0 && last && last.state !== "logged_out" && last.membershipIn(queue)) {
      call.stickyAgent = last;
      last.sticky.add(call);
      call.stayTimers.push(this.#deps.timer(cfg.stickySeconds * 1000, () => {
        this.releaseSticky(call);
        this.dispatch(call);
      }));
    }
    queue.waiting.insert(call);
    this.#deps.emit({
      type: "call_queued",
      callId: call.id,
      queueId: queue.id,
      priority: call.priority,
      position: queue.waiting.position(call),
      reason,
      callback: call.callback || undefined,
    });
    this.dispatch(call);
  }

  #announceLater(call: WaitingCall, delayMs: number): void {
    call.announceTimer = this.#deps.timer(delayMs, () => {
      const queue = call.queue;
      if (call.state === "waiting") {
        const position = queue.waiting.position(call);
        const ewtSeconds = queue.estimatedWaitSeconds(position);
        this.#deps.out.announce(call.id, { queueId: queue.id, position, ewtSeconds });
        this.#deps.emit({
          type: "call_announced",
          callId: call.id,
          queueId: queue.id,
          position,
          ewtSeconds,
        });
      }
      this.#announceLater(call, queue.config.announcements!.everySeconds * 1000);
    });
  }

  /** Rings the best agent(s) for a call that is waiting, if any may take it now. */
  dispatch(call: WaitingCall): void {
    if (call.state !== "waiting") return;
    const chosen = chooseAgents(call, this.#now());
    if (chosen.length === 0) return;
    const queue = call.queue;
    queue.waiting.remove(call);
    call.state = transitionCall(call.id, call.state, "ringing");
    this.releaseSticky(call);
    for (const m of chosen) {
      this.#deps.work.reserve(m.agent, call);
      call.ringing.add(m.agent);
      queue.rrPointer = m.order;
    }
    const ringTimeoutSeconds = queue.config.ringTimeoutSeconds;
    call.ringTimer = this.#deps.timer(ringTimeoutSeconds * 1000, () => this.#ringTimedOut(call));
    for (const m of chosen) {
      this.#deps.emit({
        type: "call_offered",
        callId: call.id,
        agentId: m.agent.id,
        queueId: queue.id,
        callback: call.callback || undefined,
      });
      this.#deps.out.offer(call.id, m.agent.id, {
        queueId: queue.id,
        callback: call.callback,
        ringTimeoutSeconds,
      });
    }
  }

  /** Offers the best waiting call to an agent who just became ready. */
  serveNext(agent: Agent): void {
    // dispatch() lets the queue's strategy choose among every ready member, so when several
    // agents became free in one step another may win the call; keep going until this
    // agent is busy or nothing it may take is waiting.
    while (agent.state === "ready") {
      const match = chooseCall(agent, this.#now());
      if (!match) return;
      this.dispatch(match.call);
      if (match.call.state === "waiting") return; // cannot happen: the agent may take it
    }
  }

  #ringTimedOut(call: WaitingCall): void {
    if (call.state !== "ringing") return;
    call.ringTimer = undefined;
    for (const agent of [...call.ringing]) {
      this.#deps.out.stopRinging(call.id, agent.id);
      this.notAnswered(call, agent, "ring_timeout");
    }
  }

  /** The agent declined or did not answer: agent not ready (rona), call back in place. */
  notAnswered(call: WaitingCall, agent: Agent, reason: string): boolean {
    if (call.state !== "ringing" || !call.ringing.has(agent)) return false;
    call.ringing.delete(agent);
    this.#deps.emit({
      type: "call_not_answered",
      callId: call.id,
      agentId: agent.id,
      queueId: call.queue.id,
      reason,
    });
    this.#deps.work.ronaNotReady(agent);
    if (call.ringing.size === 0) this.#requeue(call, reason);
    return true;
  }

  /** Takes back the offer ringing at this agent; the caller then changes the agent's state. */
  withdrawAndRequeue(agent: Agent, reason: string): void {
    const call = agent.call!;
    call.ringing.delete(agent);
    agent.call = undefined;
    this.#deps.out.stopRinging(call.id, agent.id);
    this.#deps.emit({
      type: "call_not_answered",
      callId: call.id,
      agentId: agent.id,
      queueId: call.queue.id,
      reason,
    });
    // The agent is still "ringing", so the re-queued call cannot come straight back to it.
    if (call.ringing.size === 0) this.#requeue(call, reason);
  }

  #requeue(call: WaitingCall, reason: string): void {
    call.cancelRingTimer();
    call.state = transitionCall(call.id, call.state, "waiting");
    const queue = call.queue;
    if (call.overdue && queue.config.maxWait) {
      this.#leaveQueue(call);
      queue.counters.overflowed++;
      this.#divert(call, queue, queue.config.maxWait.target, "max_wait");
      return;
    }
    queue.waiting.insert(call);
    this.#deps.emit({
      type: "call_requeued",
      callId: call.id,
      queueId: queue.id,
      reason,
      position: queue.waiting.position(call),
    });
    this.dispatch(call);
  }

  abandon(call: WaitingCall): void {
    const queue = call.queue;
    const withdrawn = [...call.ringing];
    call.ringing.clear();
    call.cancelRingTimer();
    this.#leaveQueue(call);
    const waitMs = this.#now() - call.queueEnteredAt;
    const short = waitMs <= queue.config.shortAbandonSeconds * 1000;
    const c = queue.counters;
    c.abandoned++;
    if (short) c.shortAbandoned++;
    else c.abandonedWaitMs += waitMs;
    this.#deps.emit({
      type: "call_abandoned",
      callId: call.id,
      queueId: queue.id,
      waitMs,
      short,
      callback: call.callback || undefined,
      outcome: "abandoned",
    });
    this.finish(call);
    for (const agent of withdrawn) {
      this.#deps.out.stopRinging(call.id, agent.id);
      this.#deps.work.withdraw(agent, "abandoned");
    }
  }

  hangUp(call: WaitingCall): void {
    const agent = call.agent!;
    const talkMs = this.#now() - call.answeredAt;
    this.#deps.emit({
      type: "call_ended",
      callId: call.id,
      agentId: agent.id,
      queueId: call.queue.id,
      talkMs,
    });
    this.finish(call);
    this.#deps.work.endTalk(agent, call.queue, talkMs);
  }

  /** Sends a call that already left `from` to an overflow target. */
  #divert(call: WaitingCall, from: Queue, target: OverflowTarget, reason: string): void {
    const outcome: CallOutcome | undefined = target.kind === "queue"
      ? undefined
      : target.kind === "external"
      ? "overflowed"
      : target.kind;
    this.#deps.emit({
      type: "call_overflowed",
      callId: call.id,
      queueId: from.id,
      target,
      reason,
      waitMs: this.#now() - call.queueEnteredAt,
      outcome,
    });
    this.#deps.out.overflow(call.id, target);
    if (target.kind === "queue") {
      this.enter(call, this.#deps.queue(target.queueId), "overflow", false);
    } else this.finish(call);
  }

  #leaveQueue(call: WaitingCall): void {
    call.queue.waiting.remove(call);
    call.queue.calls.delete(call);
    call.cancelStayTimers();
    this.releaseSticky(call);
    call.expertUntil = 0;
  }

  /** Takes the call out of the engine: its ACD journey is over. */
  finish(call: WaitingCall): void {
    call.cancelStayTimers();
    call.state = transitionCall(call.id, call.state, "ended");
    this.#deps.calls.delete(call.id);
  }

  releaseSticky(call: WaitingCall): void {
    call.stickyAgent?.sticky.delete(call);
    call.stickyAgent = undefined;
  }

  /** Calls held for an agent who logged out go to anyone; expert levels may have dropped. */
  afterLogout(agent: Agent): void {
    for (const call of [...agent.sticky]) {
      this.releaseSticky(call);
      this.dispatch(call);
    }
    for (const m of agent.memberships) {
      if (!m.queue.config.expertFirst || m.queue.config.expertFirst.level !== undefined) continue;
      for (const other of [...m.queue.ready]) this.serveNext(other.agent);
    }
  }
}
