import type { AcdEngine } from "../acd/mod.ts";
import { type Call, CALLER, type CallService } from "../calls/mod.ts";
import { type CallJournal } from "../call_history/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { IvrLanguage, PromptAudio } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { LegEndCause, Trunk } from "../sip/mod.ts";
import { type AgentOffer, dropOffer, type OfferEvents, ringOffer } from "./agent_dial.ts";
import { CallTransfer, DECLINED, type TransferMode, type TransferSeat } from "./call_transfer.ts";
import type { AgentInfo } from "./queue_config.ts";
import { WaitingAudio } from "./waiting_audio.ts";

/** What a queued call needs from the desk that holds it. */
export interface QueuedCallHost {
  /** The call-control API: ringing agents, recording. */
  calls: CallService;
  log: Logger;
  journal: CallJournal;
  prompts?: PromptAudio;
  agentInfo(agentKey: string): AgentInfo | undefined;
  /** Runs an engine input once the engine is free (never from inside its decisions). */
  input<T>(fn: (engine: AcdEngine) => T): Promise<T | undefined>;
  clock: Clock;
  /** A person is on the call now. */
  connected(call: QueuedCall, agent: AgentInfo): void;
  /** The call passed from one agent to another. */
  transferred(call: QueuedCall, to: AgentInfo): void;
  /** Nobody took a blind transfer and the first agent is gone: back to the queue. */
  requeue(call: QueuedCall, reason: string): void;
  /** The call went to an outside number: the agent's contact is over. */
  leftForOutside(call: QueuedCall): void;
  /** The trunk a call came in on, for dialling outside numbers. */
  trunk(id: number): Trunk | undefined;
  /** The caller's leg is gone; everything of the call is closed. */
  finished(call: QueuedCall): void;
  /**
   * The agent hung up first: true when the caller was passed on (to a survey) and stays
   * on the line, false when the call ends with the agent's hang-up.
   */
  agentHungUp(call: QueuedCall): boolean;
  /** Announcements are due but nothing can speak them. */
  cannotSpeak(callId: string): void;
}

/**
 * A call the desk holds, from the queue (or a direct agent number) to its hang-up: the
 * caller's music and announcements, the legs ringing agents, and once one answers the
 * agent as a talking party of the call, recorded. Who hears whom is the call's business:
 * this class only says who is on the call and in which mode.
 */
export class QueuedCall {
  readonly #offers = new Map<string, AgentOffer>();
  #agent: AgentOffer | undefined;
  /** The first agent hung up (or was let go by a blind transfer) before the hand-over. */
  #agentGone = false;
  #transferUnderWay: CallTransfer | undefined;
  readonly #audio: WaitingAudio;
  #done = false;
  /** Database id of the queue the call is in, for the interaction and the context. */
  queueDbId: number | null = null;
  interactionId: number | undefined;
  customerId: number | null = null;
  /** The survey flow this call asked for on its way in (the IVR's queue node), if any. */
  surveyFlowId: number | undefined;

  constructor(
    readonly call: Call,
    readonly language: IvrLanguage,
    private readonly host: QueuedCallHost,
    /** Rung straight from a number, not through the ACD. */
    readonly direct = false,
  ) {
    this.#audio = new WaitingAudio(call, host, language, () => this.#done || !!this.#agent);
    call.callerLeg.listen({ ended: () => this.#callerGone() });
  }

  /** The transfer under way; one that ended (handed over, given up) no longer counts. */
  get #transfer(): CallTransfer | undefined {
    const t = this.#transferUnderWay;
    return t && !t.over ? t : undefined;
  }

  get done(): boolean {
    return this.#done;
  }

  get agentKey(): string | undefined {
    return this.#agent?.agentKey;
  }

  /** The transfer or conference under way, if any. */
  get transfer(): { agentKey: string; mode: TransferMode; answered: boolean } | undefined {
    const t = this.#transfer;
    return t && { agentKey: t.offer.agentKey, mode: t.mode, answered: t.answered };
  }

  /** Loops the tone music, or the queue's music prompt once it has been rendered. */
  startMusic(promptName?: string): Promise<void> {
    return this.#audio.startMusic(promptName);
  }

  /** Speaks position and estimated wait between two rounds of music. */
  announce(position: number, ewtSeconds: number | null): Promise<void> {
    return this.#audio.announce(position, ewtSeconds);
  }

  /** Rings the agent's most recently registered phone or browser. */
  async ring(agentKey: string, queueName: string | undefined): Promise<void> {
    const offer: AgentOffer = { agentKey, withdrawn: false };
    this.#offers.set(agentKey, offer);
    const dialed = await this.#dial(offer, queueName, {
      answered: () => void this.#answered(offer),
      unusable: (error) => {
        this.host.log.warn("the agent's answer cannot be used; hanging up that leg", {
          call_id: this.call.id,
          agent: offer.agentKey,
          error,
        });
        this.#notAnswered(offer, "rejected");
      },
      ended: (cause) => this.#agentLegEnded(offer, cause),
    });
    if (dialed === "unreachable") this.#notAnswered(offer, "no_answer");
  }

  #dial(
    offer: AgentOffer,
    queueName: string | undefined,
    events: OfferEvents,
    headers: [string, string][] = [],
  ) {
    const trunkId = this.call.info.trunkId;
    return ringOffer(this.host, this.call, offer, {
      queueName,
      headers,
      trunk: offer.outside === undefined || trunkId === undefined
        ? undefined
        : this.host.trunk(trunkId),
      gone: () => offer.withdrawn || this.#done,
      ...events,
    });
  }

  /** Takes back the offer at this agent (CANCEL). */
  stopRinging(agentKey: string): void {
    const t = this.#transfer;
    if (t && t.offer.agentKey === agentKey) {
      this.#transferUnderWay = undefined;
      t.giveUp("withdrawn");
      return;
    }
    const offer = this.#offers.get(agentKey);
    if (!offer) return;
    this.#offers.delete(agentKey);
    this.#drop(offer);
  }

  /** Ends the call from our side; `cause` goes to `calls.end_cause`. */
  end(cause: string): void {
    if (this.#done) return;
    this.call.endCause ??= cause;
    this.host.calls.hangup(this.call.id);
  }

  async #answered(offer: AgentOffer): Promise<void> {
    if (offer.withdrawn || this.#done) {
      offer.dialed?.drop();
      return;
    }
    const won = this.direct ||
      (await this.host.input((e) => e.agentAnswered(this.call.id, offer.agentKey))) === true;
    if (!won || offer.withdrawn || this.#done) {
      this.#offers.delete(offer.agentKey);
      this.#drop(offer);
      return;
    }
    this.#connect(offer);
  }

  #connect(offer: AgentOffer): void {
    const { call, host } = this;
    this.#offers.delete(offer.agentKey);
    this.#agent = offer;
    const info = host.agentInfo(offer.agentKey)!;
    this.#bridgeCaller(offer);
    call.transition("connected");
    host.journal.update(call.id, { state: call.state, agentId: info.userId });
    host.journal.event(call.id, "call.connected", {
      agent: info.username,
      extension: info.extension,
      media: offer.dialed!.media.kind,
    }, { agentId: info.userId, queueId: this.queueDbId });
    host.connected(this, info);
    host.log.info("call connected to agent", { call_id: call.id, agent: info.username });
    void host.calls.record(call, ["caller", `agent:${info.username}`]);
  }

  /** The caller talks to this agent now: music stops, the two hear each other. */
  #bridgeCaller(offer: AgentOffer): void {
    this.call.setMode(CALLER, "talk");
    this.#join(offer);
  }

  /** Puts an answered offer's party on the call, talking. */
  #join(offer: AgentOffer): void {
    const party = offer.party!;
    if (!this.call.party(party.id)) this.call.join(party);
  }

  /** The caller waits alone: they hear music and nobody hears them. */
  #holdCaller(): void {
    this.call.setMode(CALLER, "hold");
    this.call.media?.player.stop();
    this.#audio.playMusic();
  }

  // ── transfers and conferences ──────────────────────────────────────────────────

  /**
   * Rings a second agent, whom the engine has reserved. `consult` and `conference` hold
   * the caller while it rings; `blind` also lets the first agent go at once. Nobody
   * answering within `ringSeconds` cancels the transfer.
   */
  async transferTo(
    agentKey: string,
    mode: TransferMode,
    ringSeconds: number,
    /** An outside number to ring through the call's trunk instead of an agent. */
    outside?: string,
  ): Promise<"ringing" | "unreachable" | "gone"> {
    if (!this.#agent || this.#transfer || this.#done) return "gone";
    const offer = { agentKey, withdrawn: false, outside };
    const transfer = new CallTransfer(this.#seat(), offer, mode);
    this.#transferUnderWay = transfer;
    return await transfer.start(ringSeconds);
  }

  /** The first agent hands the call to the second, who has answered. */
  completeTransfer(): boolean {
    return this.#transfer?.complete() ?? false;
  }

  /** The first agent takes the caller back; the second agent's leg is hung up. */
  cancelTransfer(): boolean {
    const t = this.#transfer;
    if (!t) return false;
    t.giveUp("cancelled");
    return true;
  }

  /** Joins the caller to a consultation that is under way: all three hear each other. */
  mergeConference(): boolean {
    return this.#transfer?.merge() ?? false;
  }

  /** The first agent's part is over; the caller waits for the queue to offer them again. */
  detachAgent(): void {
    this.#letAgentGo();
    this.#agent = undefined;
    this.#agentGone = false;
    this.#holdCaller();
  }

  /**
   * The agent's part is over but the call goes on with another party (a supervisor took
   * the caller over): the agent's leg is let go and the call no longer has an agent.
   */
  releaseAgent(): void {
    this.#letAgentGo();
    this.#agent = undefined;
    this.#agentGone = false;
  }

  /**
   * The desk lets go of a call whose caller goes on elsewhere (a survey after the agent
   * hung up): offers and the agent's leg are dropped, the caller alone hears the call's
   * own player from now on, and the caller's hang-up is no longer this object's business.
   */
  passOn(): void {
    if (this.#done) return;
    this.#done = true;
    for (const offer of this.#offers.values()) this.#drop(offer);
    this.#offers.clear();
    this.#transfer?.callerGone();
    this.#transferUnderWay = undefined;
    if (this.#agent) this.#drop(this.#agent);
  }

  /** What a {@link CallTransfer} may do to this call. */
  #seat(): TransferSeat {
    // deno-lint-ignore no-this-alias
    const qc = this;
    return {
      call: this.call,
      host: this.host,
      get queueDbId() {
        return qc.queueDbId;
      },
      get done() {
        return qc.#done;
      },
      firstAgent: () => this.#agentGone ? undefined : this.#agent,
      dial: (offer, events, headers) =>
        this.#dial(offer, undefined, {
          ...events,
          // After the hand-over the second party's leg is the call's agent leg.
          ended: (cause: LegEndCause) =>
            offer === this.#agent ? this.#agentLegEnded(offer, cause) : events.ended(cause),
        }, headers),
      holdCaller: () => this.#holdCaller(),
      bridgeCaller: (offer) => this.#bridgeCaller(offer),
      join: (offer) => this.#join(offer),
      conference: (first, second) => this.#conference(first, second),
      letFirstAgentGo: () => this.#letAgentGo(),
      handedOver: (to) => this.#handedOver(to),
      drop: (offer) => this.#drop(offer),
      requeue: (reason) => this.host.requeue(this, reason),
    };
  }

  #conference(first: AgentOffer, second: AgentOffer): void {
    this.#join(first);
    this.#join(second);
    this.call.setMode(CALLER, "talk");
    this.host.journal.event(this.call.id, "call.conference", {
      agents: [first.agentKey, second.agentKey].map((k) => this.host.agentInfo(k)?.username ?? k),
    }, { queueId: this.queueDbId });
  }

  #handedOver(to: AgentOffer): void {
    const first = this.#agent;
    this.#transferUnderWay = undefined;
    this.#agentGone = false;
    this.#agent = to;
    this.#bridgeCaller(to);
    const toInfo = this.host.agentInfo(to.agentKey);
    const from = first && this.host.agentInfo(first.agentKey);
    if (toInfo) {
      this.host.journal.update(this.call.id, { agentId: toInfo.userId });
      this.host.transferred(this, toInfo);
    } else this.host.leftForOutside(this);
    this.host.log.info("call transferred", {
      call_id: this.call.id,
      from: from?.username ?? null,
      to: toInfo?.username ?? to.outside ?? null,
    });
  }

  /** Ends the current agent's leg (blind transfer, hand-over, back to the queue). */
  #letAgentGo(): void {
    const first = this.#agent;
    if (!first || this.#agentGone) return;
    this.#agentGone = true;
    this.#drop(first);
  }

  #agentLegEnded(offer: AgentOffer, cause: LegEndCause): void {
    if (offer === this.#agent) {
      const transfer = this.#transfer;
      if (transfer && cause.by === "remote" && !this.#done) {
        // Hanging up mid-transfer hands the call over (at once, or when the second answers).
        this.#agentGone = true;
        this.#drop(offer);
        transfer.firstAgentLeft();
        return;
      }
      // The agent hung up: the conversation is over for the caller too, unless a survey
      // takes them over. A leg we ended ourselves follows the caller, whose own end cause
      // stands.
      if (!this.#done && !this.call.callerLeg.ended && cause.by === "remote") {
        if (!this.host.agentHungUp(this)) this.end("agent_hangup");
      }
      return;
    }
    if (offer.withdrawn || this.#offers.get(offer.agentKey) !== offer) return;
    const declined = cause.reason === "rejected" && DECLINED.has(cause.status ?? 0);
    this.#notAnswered(offer, declined ? "rejected" : "no_answer");
  }

  #notAnswered(offer: AgentOffer, how: "rejected" | "no_answer"): void {
    if (this.#offers.get(offer.agentKey) === offer) this.#offers.delete(offer.agentKey);
    offer.dialed?.drop();
    if (this.direct) {
      this.end("agent_unavailable");
      return;
    }
    void this.host.input((e) =>
      how === "rejected"
        ? e.agentRejected(this.call.id, offer.agentKey)
        : e.agentNoAnswer(this.call.id, offer.agentKey)
    );
  }

  #drop(offer: AgentOffer): void {
    dropOffer(this.call, offer);
  }

  #callerGone(): void {
    if (this.#done) return;
    this.#done = true;
    for (const offer of this.#offers.values()) this.#drop(offer);
    this.#offers.clear();
    this.#transfer?.callerGone();
    this.#transferUnderWay = undefined;
    if (this.#agent) this.#drop(this.#agent);
    this.host.finished(this);
  }
}
