import {
  type AcdEngine as Engine,
  type AcdEvent,
  type AcdOutput,
  type AgentView,
  type CallView,
  OUTBOUND_REASON,
  type OverflowTarget,
} from "../acd/mod.ts";
import type { Call, CallService } from "../calls/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import type { PromptAudio } from "../ivr/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { Crm } from "../crm/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { DialedNumber } from "../numbers/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { LiveVoicemail } from "../voicemail/mod.ts";
import type { SipStack, Trunk } from "../sip/mod.ts";
import { AcdEventLog } from "./acd_event_log.ts";
import { AcdRunner } from "./acd_runner.ts";
import { ChatSeats } from "./chat_seats.ts";
import { QueuedCall, type QueuedCallHost } from "./queued_call.ts";
import { QueueContacts } from "./queue_contacts.ts";
import { QueueStatusFeed } from "./queue_status.ts";
import {
  type AcdSetup,
  type AgentInfo,
  agentKey,
  type QueueDefinition,
  queueKey,
} from "./queue_config.ts";
import type { QueueRequest } from "../ivr/mod.ts";
import type { CallQueues } from "./number_router.ts";

export interface QueueDeskOptions {
  db: Database;
  clock: Clock;
  log: Logger;
  hub: EventHub;
  /** Whether an agent's extension has a registered phone or browser. */
  sip: Pick<SipStack, "contactsOf">;
  crm: Crm;
  /** The call-control API: ringing agents, recording, hanging up. */
  calls: CallService;
  journal: CallJournal;
  /** Speaks announcements and music prompts; without it the desk plays tones only. */
  prompts?: PromptAudio;
  /** Trunks, for transfers to outside numbers (out through the trunk the call came in on). */
  trunks?: { byId(id: number): Trunk | undefined };
  /** Takes messages from waiting callers sent to voicemail; without it they cannot be. */
  voicemail?: Pick<LiveVoicemail, "take">;
}

/**
 * How soon after this box began serving an agent must be back for the state they had on
 * the box that died to be given back: a browser moves within about 15 s of a takeover,
 * a desk phone at its next registration; later than this, nobody knows they are there.
 */
export const RETURN_READY_WITHIN_MS = 120_000;
/**
 * States that mean the agent was waiting for calls when the box died (an offer ringing
 * then was lost with the box). Someone on a call or in wrap-up lost that call and comes
 * back not ready, as does someone on a break.
 */
const WERE_TAKING_CALLS = new Set(["ready", "ringing"]);

/** Something a person asked for that cannot be done; `kind` picks the HTTP answer. */
export class QueueDeskError extends Error {
  override name = "QueueDeskError";
  constructor(
    readonly kind: "not_found" | "conflict" | "invalid" | "forbidden",
    message: string,
  ) {
    super(message);
  }
}

/**
 * The ACD on live calls. It builds the pure {@link AcdEngine} from the queues, members
 * and skills in the database, feeds it what happens on calls, phones and the API, and
 * carries out its decisions: ring an agent's phone or browser, bridge the caller to the
 * agent who answers, take back offers (CANCEL), speak announcements, overflow, refuse.
 * Configuration changes are applied by {@link AcdRunner} at the first quiet moment.
 */
export class QueueDesk implements CallQueues {
  readonly #o: QueueDeskOptions;
  readonly #log: Logger;
  readonly #calls = new Map<string, QueuedCall>();
  readonly #events: AcdEventLog;
  readonly #host: QueuedCallHost;
  readonly #contacts: QueueContacts;
  readonly #feed: QueueStatusFeed;
  readonly #acd: AcdRunner;
  /** Chats through the same engine, for the web chat domain. */
  readonly chats: ChatSeats;
  #closed = false;
  #saidNoPrompts = false;
  readonly #wrapEnds = new Map<string, { startedAt: number; endsAt: number; maxMs: number }>();
  readonly #talkQueue = new Map<string, string>();

  constructor(options: QueueDeskOptions) {
    this.#o = options;
    this.#log = options.log;
    this.#events = new AcdEventLog({ db: options.db, journal: options.journal, hub: options.hub });
    this.#acd = new AcdRunner({
      ...options,
      output: this.#output(),
      registered: (agent) => this.registered(agent),
      applied: (setup) => this.#feed.setupChanged(setup.queues.keys()),
    });
    this.chats = new ChatSeats(this.#acd);
    this.#contacts = new QueueContacts(options);
    this.#feed = new QueueStatusFeed({
      ...options,
      engine: () => this.#acd.engine,
      setup: () => this.#acd.setup,
    });
    this.#host = {
      calls: options.calls,
      log: options.log,
      journal: options.journal,
      prompts: options.prompts,
      agentInfo: (key) => this.#acd.setup.agents.get(key),
      input: (fn) => new Promise((resolve) => queueMicrotask(() => resolve(this.#acd.input(fn)))),
      clock: options.clock,
      connected: (call, agent) => this.#contacts.opened(call, agent),
      transferred: (call, to) => {
        this.#contacts.closed(call);
        this.#contacts.opened(call, to);
      },
      requeue: (call, reason) => queueMicrotask(() => this.requeue(call, undefined, reason)),
      leftForOutside: (call) => {
        this.#contacts.closed(call);
        call.interactionId = undefined;
      },
      trunk: (id) => options.trunks?.byId(id),
      finished: (call) => this.#finished(call),
      agentHungUp: (call) => this.#survey(call),
      cannotSpeak: (callId) => {
        if (this.#saidNoPrompts) return;
        this.#saidNoPrompts = true;
        this.#log.info("queue announcements skipped: no prompt audio is configured", {
          call_id: callId,
        });
      },
    };
  }

  /** The running engine, for read-only views (snapshots, agents). */
  get engine(): Engine {
    return this.#acd.engine;
  }

  get setup(): AcdSetup {
    return this.#acd.setup;
  }

  /** Queue status for the API and the wallboard. */
  get status(): QueueStatusFeed {
    return this.#feed;
  }

  /** The live call the desk holds, if any. */
  live(callId: string): QueuedCall | undefined {
    return this.#calls.get(callId);
  }

  // ── CallQueues ──────────────────────────────────────────────────────────────────

  enqueue(call: Call, request: QueueRequest): void {
    if (call.ended) return;
    const queue = this.#findQueue(request);
    if (!queue) {
      this.#log.warn("call sent to a queue that does not exist; hanging up", {
        call_id: call.id,
        queue: request.queueName ?? request.queueId ?? null,
      });
      this.#o.journal.event(call.id, "queue.unknown", {
        queue: request.queueName ?? request.queueId ?? null,
      });
      call.endCause = "unknown_queue";
      this.#o.calls.hangup(call.id);
      return;
    }
    if (this.#acd.engine.call(call.id)) {
      this.#log.warn("call is already queued; ignoring the second request", { call_id: call.id });
      return;
    }
    const who = this.#contacts.profile(call, request);
    const qc = new QueuedCall(call, who.language, this.#host);
    qc.customerId = who.customerId;
    qc.queueDbId = queue.id;
    qc.surveyFlowId = request.surveyFlowId;
    this.#calls.set(call.id, qc);
    if (call.state !== "queued") call.transition("queued");
    this.#o.journal.update(call.id, {
      state: call.state,
      queueId: queue.id,
      customerId: who.customerId,
    });
    void qc.startMusic(queue.options.music_on_hold);
    const known = new Set(
      this.#o.db.all<{ name: string }>("SELECT name FROM skills").map((s) => s.name),
    );
    const skills = (request.skills ?? []).filter((s) => known.has(s));
    const priority = Math.max(0, Math.min(100, Math.round(request.priority ?? 0)));
    const entered = this.#acd.input((e) => {
      e.callEntered({
        callId: call.id,
        queueId: queueKey(queue.id),
        priority,
        vip: who.vip,
        skills: skills.map((skill) => ({ skill })),
        lastAgentId: who.lastAgent === undefined ? undefined : agentKey(who.lastAgent),
        customerId: who.customerId === null ? undefined : String(who.customerId),
      });
      return true;
    });
    if (!entered) qc.end("queue_error");
  }

  ringAgent(call: Call, agentUserId: number): void {
    if (call.ended) return;
    const key = agentKey(agentUserId);
    const qc = new QueuedCall(
      call,
      this.#contacts.profile(call, {}).language,
      this.#host,
      true,
    );
    this.#calls.set(call.id, qc);
    void qc.startMusic();
    void qc.ring(key, undefined);
  }

  // ── agents ──────────────────────────────────────────────────────────────────────

  /** The engine's view of one agent: state, reason, since, call, queues. */
  agentView(userId: number): AgentView {
    return this.#acd.engine.agent(agentKey(userId));
  }

  /** The reasons an agent may give for not being ready, as configured. */
  get notReadyReasons(): readonly string[] {
    return this.#acd.engine.config.notReadyReasons;
  }

  /**
   * Takes a ready agent for a call out (click-to-call, a callback): the ACD offers them
   * no inbound call until {@link releaseFromOutbound}. False when they are not ready.
   */
  takeForOutbound(userId: number): boolean {
    if (!this.agentOf(userId)) return false;
    return this.#acd.input((e) => e.outboundStarted(agentKey(userId))) ?? false;
  }

  releaseFromOutbound(userId: number): void {
    if (!this.agentOf(userId)) return;
    this.#acd.input((e) => e.outboundEnded(agentKey(userId)));
  }

  /**
   * A queue's agents who could take a call out now, longest idle first (ready, with a
   * registered phone), and how many inbound callers wait there: callers come first.
   */
  outboundSeats(queueId: number): { agents: AgentInfo[]; waiting: number } {
    const engine = this.#acd.engine;
    const key = queueKey(queueId);
    let waiting = 0;
    try {
      const snapshot = engine.snapshot(key);
      waiting = snapshot.callsWaiting - snapshot.callbacksWaiting;
    } catch {
      return { agents: [], waiting: 0 };
    }
    const agents = engine.agents()
      .filter((a) => a.state === "ready" && a.queueIds.includes(key))
      .sort((a, b) => a.since - b.since)
      .map((a) => this.#acd.setup.agents.get(a.id))
      .filter((a): a is AgentInfo => !!a && this.registered(a));
    return { agents, waiting };
  }

  /**
   * What a campaign's blending rule looks at besides ready agents and waiting callers:
   * the queue's agents on calls out now, and its service level today (percent).
   */
  blendFacts(queueId: number): { onOutbound: number; serviceLevel: number | null } {
    const engine = this.#acd.engine;
    const key = queueKey(queueId);
    let serviceLevel: number | null = null;
    try {
      serviceLevel = engine.snapshot(key).serviceLevel;
    } catch {
      return { onOutbound: 0, serviceLevel: null };
    }
    const onOutbound =
      engine.agents().filter((a) =>
        a.state === "not_ready" && a.reason === OUTBOUND_REASON && a.queueIds.includes(key)
      ).length;
    return { onOutbound, serviceLevel };
  }

  agentOf(userId: number): AgentInfo | undefined {
    return this.#acd.setup.agents.get(agentKey(userId));
  }

  agentByExtension(extension: string): AgentInfo | undefined {
    for (const a of this.#acd.setup.agents.values()) if (a.extension === extension) return a;
    return undefined;
  }

  /** True while the agent's extension has a registered phone or browser. */
  registered(agent: AgentInfo): boolean {
    return agent.extension !== null && this.#o.sip.contactsOf(agent.extension).length > 0;
  }

  /**
   * A phone registered: its agent is logged in, not ready until they say otherwise, unless
   * they were ready when the box they worked on died (this box restarted or took over)
   * and their phone or browser is back within {@link RETURN_READY_WITHIN_MS}: then they
   * are ready again (docs/decisions/040-agents-after-failover.md).
   */
  phoneRegistered(extension: string): void {
    const agent = this.agentByExtension(extension);
    if (!agent) {
      // A user created since the engine was built: pick them up with the next build.
      if (this.#o.db.get("SELECT 1 FROM users WHERE extension = ? AND active = 1", extension)) {
        this.reload();
      }
      return;
    }
    const key = agentKey(agent.userId);
    const left = this.#o.journal.takeStateLeftBehind(agent.userId, RETURN_READY_WITHIN_MS);
    const initial = left !== undefined && WERE_TAKING_CALLS.has(left) ? "ready" : "not_ready";
    this.#acd.input((e) => e.agent(key).state === "logged_out" && e.agentLoggedIn(key, initial));
  }

  /** The last registration of an extension is gone: log out, re-queue what rang there. */
  phoneGone(extension: string, expired: boolean): void {
    const agent = this.agentByExtension(extension);
    if (!agent) return;
    const key = agentKey(agent.userId);
    this.#acd.input((e) => expired ? e.agentVanished(key) : e.agentLoggedOut(key));
  }

  /**
   * Changes an agent's state as the agent (`forced` false) or for them as a supervisor.
   * Going ready needs a registered phone or browser, or calls would ring nowhere.
   */
  setAgentState(
    userId: number,
    change: { state: "ready" | "not_ready" | "logged_out"; reason?: string },
    forced: boolean,
  ): AgentView {
    const agent = this.agentOf(userId);
    if (!agent) throw new QueueDeskError("not_found", `Agent ${userId}`);
    const key = agentKey(userId);
    const now = this.#acd.engine.agent(key).state;
    if (change.state === "ready" && !this.registered(agent)) {
      throw new QueueDeskError(
        "conflict",
        agent.extension
          ? `Extension ${agent.extension} has no registered phone or browser; sign in to the softphone first`
          : `${agent.username} has no extension; an admin must give them one before they can take calls`,
      );
    }
    const reason = change.reason ?? (forced ? "supervisor" : undefined);
    if (change.state === "not_ready" && !reason) {
      throw new QueueDeskError(
        "invalid",
        `Say why: reason is one of ${this.#acd.engine.config.notReadyReasons.join(", ")}`,
      );
    }
    this.#acd.input((e) => {
      if (forced) return e.forceAgentState(key, change.state, reason);
      if (change.state === "logged_out") return e.agentLoggedOut(key);
      if (now === "logged_out") e.agentLoggedIn(key, change.state);
      return change.state === "ready" ? e.agentReady(key) : e.agentNotReady(key, reason!);
    }, (error) => {
      if (error instanceof RangeError) throw new QueueDeskError("invalid", error.message);
    });
    return this.#acd.engine.agent(key);
  }

  /** When the agent's wrap-up ends (clock ms), while in wrap-up. */
  wrapUpEndsAt(userId: number): number | undefined {
    const key = agentKey(userId);
    return this.#acd.engine.agent(key).state === "wrap_up"
      ? this.#wrapEnds.get(key)?.endsAt
      : undefined;
  }

  extendWrapUp(userId: number, seconds: number): number {
    const key = agentKey(userId);
    if (!this.agentOf(userId)) throw new QueueDeskError("not_found", `Agent ${userId}`);
    const ok = this.#acd.input((e) => e.wrapUpExtended(key, seconds), (error) => {
      if (error instanceof RangeError) throw new QueueDeskError("invalid", error.message);
    });
    const wrap = this.#wrapEnds.get(key);
    if (!ok || !wrap) {
      throw new QueueDeskError(
        "conflict",
        "The agent is not in wrap-up, or the wrap-up is already at the queue's maximum",
      );
    }
    wrap.endsAt = Math.min(wrap.endsAt + seconds * 1000, wrap.startedAt + wrap.maxMs);
    return wrap.endsAt;
  }

  /** Ends the agent's wrap-up when it is for this call (the disposition is saved). */
  finishWrapUp(userId: number, callId: string): boolean {
    const key = agentKey(userId);
    if (this.#events.lastCallOf(key) !== callId) return false;
    return this.#acd.input((e) => e.agent(key).state === "wrap_up" && e.wrapUpFinished(key)) ===
      true;
  }

  // ── supervisors ─────────────────────────────────────────────────────────────────

  moveCall(callId: string, queueId: number): CallView {
    const queue = this.#acd.setup.queues.get(queueKey(queueId));
    if (!queue) throw new QueueDeskError("not_found", `Queue ${queueId}`);
    if (!this.#acd.engine.call(callId)) {
      throw new QueueDeskError("not_found", `Queued call ${callId}`);
    }
    if (!this.#acd.input((e) => e.moveCall(callId, queueKey(queueId)))) {
      throw new QueueDeskError(
        "conflict",
        `Call ${callId} is not waiting in a queue other than "${queue.name}"`,
      );
    }
    return this.#acd.engine.call(callId)!;
  }

  /**
   * Takes a waiting caller out of the queue and leaves a callback request in their place
   * (the CRM's callbacks, as an overflow to a callback does); the caller's call ends.
   */
  sendToCallback(callId: string): void {
    const qc = this.#calls.get(callId);
    const view = this.#acd.engine.call(callId);
    if (!qc || !view) throw new QueueDeskError("not_found", `Queued call ${callId}`);
    if (view.state !== "waiting") {
      throw new QueueDeskError("conflict", `Call ${callId} is not waiting; it is ${view.state}`);
    }
    this.#contacts.callbackRequested(qc, view.priority);
    qc.end("callback_requested");
  }

  /**
   * Takes a waiting caller out of the queue to leave a message in `box` (the queue's own
   * box, named after it, when none is given): they hear the greeting and a beep, and the
   * call ends once the message is kept. Returns the box.
   */
  sendToVoicemail(callId: string, box?: string): string {
    const qc = this.#calls.get(callId);
    const view = this.#acd.engine.call(callId);
    if (!qc || !view) throw new QueueDeskError("not_found", `Queued call ${callId}`);
    if (view.state !== "waiting") {
      throw new QueueDeskError("conflict", `Call ${callId} is not waiting; it is ${view.state}`);
    }
    if (!this.#o.voicemail) {
      throw new QueueDeskError("conflict", "Voicemail is not available on this appliance");
    }
    const target = box ?? this.#acd.setup.queues.get(view.queueId)?.name ?? "general";
    this.#toVoicemail(qc, target, "supervisor");
    return target;
  }

  changePriority(callId: string, priority: number): CallView {
    if (!this.#acd.engine.call(callId)) {
      throw new QueueDeskError("not_found", `Queued call ${callId}`);
    }
    const ok = this.#acd.input((e) => e.changePriority(callId, priority), (error) => {
      if (error instanceof RangeError) throw new QueueDeskError("invalid", error.message);
    });
    if (!ok) throw new QueueDeskError("conflict", `Call ${callId} is already with an agent`);
    return this.#acd.engine.call(callId)!;
  }

  /**
   * Sends a connected call back into a queue (its own unless `queueId` says otherwise):
   * the agent's talk ends and their leg is let go, the caller hears music, and the call
   * waits as a new entry. Used for transfers to a queue and blind transfers nobody took.
   */
  requeue(qc: QueuedCall, queueId: number | undefined, reason: string): boolean {
    const callId = qc.call.id;
    if (qc.done) return false;
    const view = this.#acd.engine.call(callId);
    const target = queueId !== undefined
      ? queueKey(queueId)
      : view?.queueId ?? (qc.queueDbId === null ? undefined : queueKey(qc.queueDbId));
    if (!target || !this.#acd.setup.queues.get(target)) return false;
    this.#acd.input((e) => e.transferredOut(callId, reason));
    this.#contacts.closed(qc);
    qc.interactionId = undefined;
    qc.detachAgent();
    qc.call.transition("queued");
    this.#o.journal.update(callId, { state: qc.call.state });
    const entered = this.#acd.input((e) => {
      e.callEntered({
        callId,
        queueId: target,
        priority: view?.priority ?? 0,
        customerId: qc.customerId === null ? undefined : String(qc.customerId),
        // Not straight back to the agent who sent it (they may have no wrap-up).
        sentBy: view?.agentId,
      });
      return true;
    });
    if (!entered) qc.end("queue_error");
    return entered === true;
  }

  /**
   * Lets the agent of a connected call go while the call stays up with someone else (a
   * supervisor took the caller over): their talk ends, they wrap up as after a hang-up,
   * their contact closes and their leg is hung up.
   */
  releaseAgent(qc: QueuedCall, reason: string): boolean {
    if (qc.done || qc.agentKey === undefined) return false;
    if (!qc.direct) this.#acd.input((e) => e.transferredOut(qc.call.id, reason));
    this.#contacts.closed(qc);
    qc.interactionId = undefined;
    qc.releaseAgent();
    return true;
  }

  /**
   * Pauses (card numbers, other secrets) or resumes the recording of a connected call,
   * for its agent or a supervisor; the gap is silence on both channels and marked in the
   * call's events. Returns whether the recording is paused now.
   */
  setRecordingPaused(
    callId: string,
    actor: { userId: number; username: string; supervisor: boolean },
    paused: boolean,
  ): boolean {
    const qc = this.#calls.get(callId);
    if (!qc || qc.done) throw new QueueDeskError("not_found", `Live call ${callId}`);
    const agent = qc.agentKey === undefined ? undefined : this.#acd.setup.agents.get(qc.agentKey);
    if (!actor.supervisor && agent?.userId !== actor.userId) {
      throw new QueueDeskError(
        "forbidden",
        "Only the call's agent or a supervisor may pause or resume its recording",
      );
    }
    const by = actor.username;
    const recorded = paused
      ? this.#o.calls.pauseRecording(qc.call, by)
      : this.#o.calls.resumeRecording(qc.call, by);
    if (!recorded) throw new QueueDeskError("conflict", `Call ${callId} is not being recorded`);
    this.#log.info(paused ? "recording paused" : "recording resumed", { call_id: callId, by });
    return paused;
  }

  /** Runs an engine input from the transfer desk (never from inside the engine). */
  engineInput<T>(fn: (engine: Engine) => T): T | undefined {
    return this.#acd.input(fn);
  }

  // ── configuration ───────────────────────────────────────────────────────────────

  /** Re-reads the configuration; see {@link AcdRunner} for when it takes effect. */
  reload(): void {
    this.#acd.reload();
  }

  /** True while a saved configuration waits for a quiet moment. */
  get reloadPending(): boolean {
    return this.#acd.pending;
  }

  /**
   * Ends the calls the desk holds and records how they ended; what the engine decides
   * after that (timers running out while the database closes) is not recorded.
   */
  async close(): Promise<void> {
    this.#feed.close();
    for (const qc of this.#calls.values()) qc.end("shutdown");
    // The engine hears of the ended calls in microtasks; let them run first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#closed = true;
  }

  // ── internals ───────────────────────────────────────────────────────────────────

  #output(): AcdOutput {
    return {
      offer: (callId, key, details) => {
        const qc = this.#calls.get(callId);
        if (!qc) {
          this.#log.warn("offer for a call no longer on the line; ending it", { call_id: callId });
          void this.#host.input((e) => e.callEnded(callId));
          return;
        }
        void qc.ring(key, this.#acd.setup.queues.get(details.queueId)?.name);
      },
      stopRinging: (callId, key) => this.#calls.get(callId)?.stopRinging(key),
      offerChat: (chatId, key) => this.chats.offered(chatId, key),
      withdrawChat: (chatId, key, reason) => this.chats.withdrawn(chatId, key, reason),
      announce: (callId, a) => void this.#calls.get(callId)?.announce(a.position, a.ewtSeconds),
      overflow: (callId, target) => this.#overflow(callId, target),
      blocked: (callId) => {
        const qc = this.#calls.get(callId);
        queueMicrotask(() => qc?.end("queue_full"));
      },
      record: (event) => this.#record(event),
    };
  }

  #record(e: AcdEvent): void {
    // Shutting down: the database is about to close under the legs' last events.
    if (this.#closed) return;
    // A rebuild logs agents back in; their state did not really change.
    if (this.#acd.rebuilding && e.type === "agent_state") return;
    try {
      this.#events.write(e, this.#acd.setup);
    } catch (error) {
      this.#log.error("writing an ACD event failed", { call_id: e.callId, type: e.type, error });
    }
    if (e.type === "call_queued") {
      const qc = this.#calls.get(e.callId!);
      const q = this.#acd.setup.queues.get(e.queueId!);
      if (qc && q) qc.queueDbId = q.id;
    }
    if (e.type === "call_ended" && e.agentId && e.queueId) {
      this.#talkQueue.set(e.agentId, e.queueId);
    }
    if (e.type === "call_transferred" && e.fromAgentId && e.queueId) {
      this.#talkQueue.set(e.fromAgentId, e.queueId);
    }
    if (e.type === "call_transfer_cancelled" && e.agentId && e.queueId && e.talkMs !== undefined) {
      this.#talkQueue.set(e.agentId, e.queueId);
    }
    if (e.type === "agent_state" && e.to === "wrap_up" && e.agentId) {
      const q = this.#acd.setup.config.queues.find((q) => q.id === this.#talkQueue.get(e.agentId!));
      if (q) {
        this.#wrapEnds.set(e.agentId, {
          startedAt: e.at,
          endsAt: e.at + q.wrapUpSeconds * 1000,
          maxMs: q.maxWrapUpSeconds * 1000,
        });
      }
    }
    if (e.queueId) this.#feed.changed([e.queueId]);
    else if (e.agentId) this.#feed.changed(this.#acd.engine.agent(e.agentId).queueIds);
    if (this.#acd.pending) queueMicrotask(() => this.#acd.rebuildIfIdle());
  }

  #overflow(callId: string, target: OverflowTarget): void {
    if (target.kind === "queue") return;
    const qc = this.#calls.get(callId);
    if (!qc) return;
    if (target.kind === "voicemail" && this.#o.voicemail) {
      const queue = qc.queueDbId === null ? undefined : this.#acd.setup.queues.get(
        queueKey(qc.queueDbId),
      );
      const box = target.mailbox ?? queue?.name ?? "general";
      queueMicrotask(() => this.#toVoicemail(qc, box, "overflow"));
      return;
    }
    if (target.kind === "callback") {
      this.#contacts.callbackRequested(qc, this.#acd.engine.call(callId)?.priority ?? 0);
    } else {
      this.#log.warn(`overflow to ${target.kind} is not available on live calls; ending the call`, {
        call_id: callId,
      });
    }
    queueMicrotask(() => qc.end(`overflow_${target.kind}`));
  }

  /**
   * The caller leaves the queue to leave a message: the ACD lets the call go, the
   * voicemail takes it on the call-control API, and the call ends once the message is kept.
   */
  #toVoicemail(qc: QueuedCall, box: string, by: "supervisor" | "overflow"): void {
    if (qc.done) return;
    const { call } = qc;
    qc.passOn();
    this.#finished(qc);
    call.transition("answered");
    this.#o.journal.update(call.id, { state: call.state });
    this.#o.journal.event(call.id, "queue.voicemail", { box, by }, { queueId: qc.queueDbId });
    this.#log.info("waiting caller sent to voicemail", { call_id: call.id, box, by });
    void this.#o.voicemail!.take(call, {
      box,
      customerId: qc.customerId,
      language: qc.language,
    }).then((result) => {
      call.endCause ??= result.id === null ? "voicemail_failed" : "voicemail";
      this.#o.calls.hangup(call.id);
    });
  }

  #finished(qc: QueuedCall): void {
    this.#calls.delete(qc.call.id);
    this.#contacts.closed(qc);
    if (!qc.direct) void this.#host.input((e) => e.callEnded(qc.call.id));
  }

  /**
   * The agent hung up first on a call whose queue (or IVR queue node) has a survey: the
   * agent's talk ends as after any hang-up, and the caller, alone on the line, is handed
   * to the survey flow with the agent the scores are for. False when there is no survey.
   */
  #survey(qc: QueuedCall): boolean {
    const queue = qc.queueDbId === null
      ? undefined
      : this.#acd.setup.queues.get(queueKey(qc.queueDbId));
    const flowId = qc.surveyFlowId ?? queue?.options.survey_flow_id;
    const agent = qc.agentKey === undefined ? undefined : this.#acd.setup.agents.get(qc.agentKey);
    if (flowId === undefined || qc.direct || !agent) return false;
    const { call } = qc;
    qc.passOn();
    this.#finished(qc);
    call.transition("answered");
    this.#o.journal.update(call.id, { state: call.state });
    this.#o.journal.event(call.id, "survey.offered", {
      flow_id: flowId,
      agent: agent.username,
    }, { agentId: agent.userId, queueId: qc.queueDbId });
    this.#log.info("agent hung up first; the caller goes to the survey", {
      call_id: call.id,
      agent: agent.username,
      flow_id: flowId,
    });
    const survey: DialedNumber = {
      id: 0,
      number: call.info.did,
      description: "Post-call survey",
      target_type: "ivr",
      target_id: flowId,
      ring_s: 0,
      created_at: isoTime(this.#o.clock.now()),
    };
    void this.#o.calls.handTo(call, survey, {
      agent_id: agent.userId,
      queue_id: qc.queueDbId,
    });
    return true;
  }

  #findQueue(request: QueueRequest): QueueDefinition | undefined {
    if (request.queueId) return this.#acd.setup.queues.get(queueKey(request.queueId));
    const name = request.queueName?.toLowerCase();
    for (const q of this.#acd.setup.queues.values()) if (q.name.toLowerCase() === name) return q;
    return undefined;
  }
}
