import type { AcdEngine as Engine, AgentView, CallView } from "../acd/mod.ts";
import type { Call, CallService } from "../calls/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import type { PromptAudio } from "../ivr/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { Crm } from "../crm/mod.ts";
import type { Database } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { LiveVoicemail } from "../voicemail/mod.ts";
import type { SipStack, Trunk } from "../sip/mod.ts";
import { AcdDecisions } from "./acd_decisions.ts";
import { AcdEventLog } from "./acd_event_log.ts";
import { AcdRunner } from "./acd_runner.ts";
import { AgentStates } from "./agent_states.ts";
import { ChatSeats } from "./chat_seats.ts";
import { OutboundSeats } from "./outbound_seats.ts";
import type { QueuedCall, QueuedCallHost } from "./queued_call.ts";
import { QueueContacts } from "./queue_contacts.ts";
import { QueueEntries } from "./queue_entries.ts";
import { QueueExits } from "./queue_exits.ts";
import { QueueStatusFeed } from "./queue_status.ts";
import { RecordingPause } from "./recording_pause.ts";
import { WaitingCalls } from "./waiting_calls.ts";
import { WrapUpTimes } from "./wrap_up_times.ts";
import { type AcdSetup, type AgentInfo, agentKey } from "./queue_config.ts";
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
 * The ACD on live calls. It builds the pure {@link AcdEngine} from the queues, members
 * and skills in the database, feeds it what happens on calls, phones and the API, and
 * carries out its decisions ({@link AcdDecisions}): ring an agent's phone or browser,
 * bridge the caller to the agent who answers, take back offers (CANCEL), speak
 * announcements, overflow, refuse. Configuration changes are applied by
 * {@link AcdRunner} at the first quiet moment.
 */
export class QueueDesk implements CallQueues {
  readonly #calls = new Map<string, QueuedCall>();
  readonly #contacts: QueueContacts;
  readonly #feed: QueueStatusFeed;
  readonly #acd: AcdRunner;
  readonly #agents: AgentStates;
  readonly #outbound: OutboundSeats;
  readonly #wrapUps: WrapUpTimes;
  readonly #entries: QueueEntries;
  readonly #waiting: WaitingCalls;
  readonly #recording: RecordingPause;
  readonly #decisions: AcdDecisions;
  /** Chats through the same engine, for the web chat domain. */
  readonly chats: ChatSeats;

  constructor(options: QueueDeskOptions) {
    const events = new AcdEventLog({ db: options.db, journal: options.journal, hub: options.hub });
    this.#acd = new AcdRunner({
      ...options,
      // What carries the decisions out needs the engine, so it is made once the engine is.
      output: {
        offer: (callId, key, details) => this.#decisions.offer(callId, key, details),
        stopRinging: (callId, key) => this.#decisions.stopRinging(callId, key),
        offerChat: (chatId, key) => this.#decisions.offerChat(chatId, key),
        withdrawChat: (chatId, key, reason) => this.#decisions.withdrawChat(chatId, key, reason),
        announce: (callId, a) => this.#decisions.announce(callId, a),
        overflow: (callId, target) => this.#decisions.overflow(callId, target),
        blocked: (callId) => this.#decisions.blocked(callId),
        record: (event) => this.#decisions.record(event),
      },
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
    const acd = this.#acd;
    const input: QueuedCallHost["input"] = (fn) =>
      new Promise((resolve) => queueMicrotask(() => resolve(acd.input(fn))));
    const held = this.#calls;
    const contacts = this.#contacts;
    const voicemail = !!options.voicemail;
    this.#agents = new AgentStates({ ...options, acd });
    this.#outbound = new OutboundSeats({ acd, agents: this.#agents });
    this.#wrapUps = new WrapUpTimes({ acd, events, agents: this.#agents });
    const exits = new QueueExits({ ...options, held, acd, contacts, input });
    this.#waiting = new WaitingCalls({ held, acd, contacts, exits, voicemail });
    this.#recording = new RecordingPause({ ...options, held, acd });
    this.#decisions = new AcdDecisions({
      ...options,
      held,
      acd,
      input,
      chats: this.chats,
      events,
      feed: this.#feed,
      wrapUps: this.#wrapUps,
      contacts,
      exits,
      voicemail,
    });
    this.#entries = new QueueEntries({
      ...options,
      held,
      acd,
      contacts,
      exits,
      input,
    });
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
    this.#entries.enqueue(call, request);
  }

  ringAgent(call: Call, agentUserId: number): void {
    this.#entries.ringAgent(call, agentUserId);
  }

  // ── agents (see AgentStates, OutboundSeats, WrapUpTimes) ────────────────────────

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
    return this.#outbound.take(userId);
  }

  releaseFromOutbound(userId: number): void {
    this.#outbound.release(userId);
  }

  /** A queue's agents who could take a call out now, and its waiting callers. */
  outboundSeats(queueId: number): { agents: AgentInfo[]; waiting: number } {
    return this.#outbound.available(queueId);
  }

  /** A queue's agents on calls out now and its service level today, for blending. */
  blendFacts(queueId: number): { onOutbound: number; serviceLevel: number | null } {
    return this.#outbound.blendFacts(queueId);
  }

  agentOf(userId: number): AgentInfo | undefined {
    return this.#agents.of(userId);
  }

  agentByExtension(extension: string): AgentInfo | undefined {
    return this.#agents.byExtension(extension);
  }

  /** True while the agent's extension has a registered phone or browser. */
  registered(agent: AgentInfo): boolean {
    return this.#agents.registered(agent);
  }

  /** A phone registered: its agent is logged in (ready again after a failover, or not). */
  phoneRegistered(extension: string): void {
    this.#agents.phoneRegistered(extension);
  }

  /** The last registration of an extension is gone: log out, re-queue what rang there. */
  phoneGone(extension: string, expired: boolean): void {
    this.#agents.phoneGone(extension, expired);
  }

  /** Changes an agent's state as the agent (`forced` false) or for them as a supervisor. */
  setAgentState(
    userId: number,
    change: { state: "ready" | "not_ready" | "logged_out"; reason?: string },
    forced: boolean,
  ): AgentView {
    return this.#agents.set(userId, change, forced);
  }

  /** When the agent's wrap-up ends (clock ms), while in wrap-up. */
  wrapUpEndsAt(userId: number): number | undefined {
    return this.#wrapUps.endsAt(userId);
  }

  extendWrapUp(userId: number, seconds: number): number {
    return this.#wrapUps.extend(userId, seconds);
  }

  /** Ends the agent's wrap-up when it is for this call (the disposition is saved). */
  finishWrapUp(userId: number, callId: string): boolean {
    return this.#wrapUps.finish(userId, callId);
  }

  // ── supervisors (see WaitingCalls) ──────────────────────────────────────────────

  moveCall(callId: string, queueId: number): CallView {
    return this.#waiting.move(callId, queueId);
  }

  /** Takes a waiting caller out of the queue and leaves a callback request instead. */
  sendToCallback(callId: string): void {
    this.#waiting.toCallback(callId);
  }

  /** Takes a waiting caller out of the queue to leave a message; returns the box. */
  sendToVoicemail(callId: string, box?: string): string {
    return this.#waiting.toVoicemail(callId, box);
  }

  changePriority(callId: string, priority: number): CallView {
    return this.#waiting.changePriority(callId, priority);
  }

  /** Sends a connected call back into a queue; see {@link QueueEntries.requeue}. */
  requeue(qc: QueuedCall, queueId: number | undefined, reason: string): boolean {
    return this.#entries.requeue(qc, queueId, reason);
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

  /** Pauses or resumes the recording of a connected call; see {@link RecordingPause}. */
  setRecordingPaused(
    callId: string,
    actor: { userId: number; username: string; supervisor: boolean },
    paused: boolean,
  ): boolean {
    return this.#recording.set(callId, actor, paused);
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
    this.#decisions.close();
  }
}
