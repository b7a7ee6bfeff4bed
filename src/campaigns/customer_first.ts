import type { Call, CallService, Party, PlacedCall } from "../calls/mod.ts";
import { CALLER } from "../calls/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { pcmSource } from "../media/mod.ts";
import {
  type AmdVerdict,
  AnsweringMachineDetector,
  type CallbackSeat,
  type CallbackSeats,
  type DoNotCallList,
  GreetingEndWatch,
} from "../outbound/mod.ts";
import type { Campaign, CampaignContact } from "./campaign_schema.ts";
import { deliverNotice, type NoticeQueues } from "./notification_call.ts";

/** What a customer-first line needs from the call core. */
export type CustomerFirstCalls = Pick<
  CallService,
  "callCustomer" | "get" | "dial" | "play" | "hangup" | "journal"
>;

/** How an answered customer-first call turned out for the list. */
export type AnsweredOutcome = "connected" | "abandoned";

export interface CustomerFirstOptions {
  calls: CustomerFirstCalls;
  seats: CallbackSeats;
  /** Spoken audio for a text (the abandon message, a notice), 8 kHz mono parts. */
  speak: (text: string, language: "en" | "zh-CN") => Promise<readonly Int16Array[]>;
  /** An uploaded prompt's audio, for a notice that names one. */
  prompt?: (name: string, language: "en" | "zh-CN") => Promise<readonly Int16Array[]>;
  /** Where "press 9 to opt out" puts the number; without it agentless calls fail. */
  dnc?: Pick<DoNotCallList, "add">;
  /** Where an agentless notice's "press 1 for an agent" puts the customer. */
  queues?: NoticeQueues;
  clock: Clock;
  log: Logger;
  /**
   * How long an answered customer may wait for an agent before the call counts as
   * abandoned and hears the message: 2 s, as the UK's and the US's rules count it.
   */
  connectWithinMs?: number;
  /** Longest the abandon message may play before the call is hung up anyway. */
  messageLimitMs?: number;
}

/**
 * Customer-first calls for predictive campaigns: the number rings with no agent set
 * aside; when it answers, the longest-idle ready agent of the campaign's queue is taken
 * and rung into the call (their phone or desktop answers by itself on `X-CC-Answer:
 * auto`). An agent talking to the customer within {@link CustomerFirstOptions.connectWithinMs}
 * makes the attempt `connected`; otherwise the call is `abandoned`: the agent's leg is
 * dropped, the customer hears the campaign's short message, and the call ends. Lines
 * ringing and answered calls waiting for an agent are counted per campaign for pacing.
 */
export class CustomerFirstLine {
  /** Calls out per campaign that have not yet reached an agent or ended. */
  readonly #ringing = new Map<number, Set<string>>();
  /** Agents being rung into an answered call, not to be taken twice. */
  readonly #joining = new Set<number>();

  constructor(private readonly options: CustomerFirstOptions) {}

  /** Lines ringing (or answered and waiting for an agent) for the campaign. */
  linesOut(campaignId: number): number {
    return this.#ringing.get(campaignId)?.size ?? 0;
  }

  /** Agents being rung into answered calls right now. */
  get agentsJoining(): ReadonlySet<number> {
    return this.#joining;
  }

  /**
   * Places the call; `outcome` resolves with the number's own outcome when it did not
   * answer, else with `connected` or `abandoned` once an agent joined or the wait ran out.
   */
  place(
    campaign: Campaign,
    contact: CampaignContact,
    request: Parameters<CallService["callCustomer"]>[0],
  ): {
    callId: string;
    outcome: Promise<string>;
    ended: Promise<void>;
    agent: () => number | undefined;
  } {
    const placed = this.options.calls.callCustomer(request);
    const lines = this.#ringing.get(campaign.id) ?? new Set<string>();
    this.#ringing.set(campaign.id, lines);
    lines.add(placed.callId);
    let agentId: number | undefined;
    const outcome = (async (): Promise<string> => {
      const first = await placed.outcome;
      if (first !== "connected") return first;
      const call = this.options.calls.get(placed.callId);
      if (!call || call.ended) return "failed";
      const amd = campaign.options.amd;
      if (amd.enabled) {
        const verdict = await this.#listen(call, campaign, placed);
        // Hung up while we listened: as good as not answered.
        if (!verdict || call.ended) return "no_answer";
        if (verdict.result === "machine" && amd.on_machine !== "agent") {
          return await this.#machine(call, campaign, placed);
        }
      }
      if (campaign.mode === "agentless") {
        const { calls, speak, prompt, dnc, queues, clock, log } = this.options;
        if (!dnc) throw new Error("Agentless calls need the do-not-call list");
        return await deliverNotice(
          { calls, dnc, queues, audio: { speak, prompt }, clock, log },
          call,
          campaign,
          contact,
          placed.ended,
        );
      }
      const joined = await this.#bringAgent(campaign, contact, call, placed);
      agentId = joined?.userId;
      return joined ? "connected" : "abandoned";
    })().finally(() => lines.delete(placed.callId));
    return { callId: placed.callId, outcome, ended: placed.ended, agent: () => agentId };
  }

  /** Rings the longest-idle free agent into the call; undefined when none joined in time. */
  async #bringAgent(
    campaign: Campaign,
    contact: CampaignContact,
    call: Call,
    placed: PlacedCall,
  ): Promise<CallbackSeat | undefined> {
    const { calls, seats, clock, log } = this.options;
    const limit = this.options.connectWithinMs ?? 2000;
    const fields = { call_id: call.id, campaign: campaign.id, contact: contact.id };
    const agent = campaign.queue_id === null ? undefined : seats.outboundSeats(campaign.queue_id)
      .agents.find((a) => a.extension && !this.#joining.has(a.userId) && seats.take(a.userId));
    if (!agent) {
      this.#abandon(campaign, call, "no_agent_free");
      return undefined;
    }
    this.#joining.add(agent.userId);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#joining.delete(agent.userId);
      seats.release(agent.userId);
    };
    return await new Promise<CallbackSeat | undefined>((resolve) => {
      let party: Party | undefined;
      let drop: (() => void) | undefined;
      let late = false;
      const stopTimer = clock.setTimer(limit, () => {
        if (party) return;
        late = true;
        drop?.();
        release();
        this.#abandon(campaign, call, "agent_too_slow");
        resolve(undefined);
      });
      void calls.dial(call, {
        partyId: `agent:${agent.username}`,
        role: "agent",
        to: { extension: agent.extension! },
        headers: [
          ["X-CC-Direction", "outbound"],
          ["X-CC-Answer", "auto"],
          ["X-CC-Campaign", String(campaign.id)],
          ["X-CC-Contact-Id", String(contact.id)],
        ],
        gone: () => late || call.ended,
        answered: (answered) => {
          if (late || call.ended) return;
          stopTimer();
          party = answered;
          this.#joining.delete(agent.userId);
          call.join(answered);
          calls.journal.event(call.id, "call.agent_answered", { party: answered.id });
          resolve(agent);
        },
        unusable: (error) =>
          log.warn("the agent's phone answered with unusable audio", {
            ...fields,
            error,
          }),
        ended: () => {
          release();
          // The agent hung up: the conversation ends with them.
          if (party && !call.ended) calls.hangup(call.id);
          if (!party && !late) {
            stopTimer();
            late = true;
            this.#abandon(campaign, call, "agent_declined");
            resolve(undefined);
          }
        },
      }).then(({ outcome, dialed }) => {
        drop = dialed?.drop;
        if (late) dialed?.drop();
        if (outcome !== "ringing" && !late) {
          stopTimer();
          late = true;
          release();
          this.#abandon(campaign, call, "agent_unreachable");
          resolve(undefined);
        }
      });
      void placed.ended.then(() => {
        if (party || late) return;
        stopTimer();
        late = true;
        drop?.();
        release();
        resolve(undefined);
      });
    });
  }

  /**
   * Listens to the first seconds of the answered call for an answering machine; the
   * verdict is journalled. Undefined when the call ended first.
   */
  #listen(call: Call, campaign: Campaign, placed: PlacedCall): Promise<AmdVerdict | undefined> {
    const { calls, clock } = this.options;
    const settings = campaign.options.amd.settings;
    const detector = new AnsweringMachineDetector(settings);
    return new Promise((resolve) => {
      let done = false;
      const finish = (verdict: AmdVerdict | undefined) => {
        if (done) return;
        done = true;
        stop?.();
        stopTimer();
        if (verdict) {
          calls.journal.event(call.id, "campaign.amd", {
            result: verdict.result,
            cause: verdict.cause,
            after_ms: verdict.afterMs,
            words: verdict.words,
          });
        }
        resolve(verdict);
      };
      // The media clock drives the frames; this only guards against audio never coming.
      const stopTimer = clock.setTimer(
        settings.total_analysis_ms + 1000,
        () =>
          finish({
            result: "unsure",
            cause: "too_long",
            afterMs: settings.total_analysis_ms,
            words: 0,
          }),
      );
      const stop = call.media?.onCallerAudio((frame) => {
        const verdict = detector.push(frame);
        if (verdict) finish(verdict);
      });
      void placed.ended.then(() => finish(undefined));
    });
  }

  /**
   * An answering machine: hung up on, or (`leave_message`) left the campaign's message
   * once its greeting and tone are over.
   */
  async #machine(call: Call, campaign: Campaign, placed: PlacedCall): Promise<string> {
    const { calls, clock, log } = this.options;
    const { on_machine, message } = campaign.options.amd;
    if (on_machine !== "leave_message" || !message) {
      call.endCause = "machine";
      calls.hangup(call.id);
      return "machine";
    }
    const parts = this.options.speak(message, campaign.options.language);
    await new Promise<void>((resolve) => {
      const watch = new GreetingEndWatch();
      const stopTimer = clock.setTimer(30_000, () => go());
      const stop = call.media?.onCallerAudio((frame) => {
        if (watch.push(frame)) go();
      });
      let gone = false;
      function go() {
        if (gone) return;
        gone = true;
        stop?.();
        stopTimer();
        resolve();
      }
      void placed.ended.then(go);
    });
    if (call.ended) return "machine";
    try {
      const audio = await parts;
      if (call.ended) return "machine";
      call.endCause = "machine_message";
      const hangup = () => calls.hangup(call.id);
      clock.setTimer(60_000, hangup);
      calls.play(call, CALLER, [{ source: pcmSource(audio), bargeIn: false, onEnd: hangup }]);
      await placed.ended;
      return "machine_message";
    } catch (error) {
      log.warn("the message for the machine could not be spoken", { call_id: call.id, error });
      calls.hangup(call.id);
      return "machine";
    }
  }

  /** Plays the abandon message to the customer alone, then hangs up. */
  #abandon(campaign: Campaign, call: Call, why: string): void {
    const { calls, clock, log } = this.options;
    if (call.ended) return;
    call.endCause = "abandoned";
    calls.journal.event(call.id, "campaign.abandoned", { campaign: campaign.id, why });
    log.info("answered call abandoned", { call_id: call.id, campaign: campaign.id, why });
    const hangup = () => calls.hangup(call.id);
    clock.setTimer(this.options.messageLimitMs ?? 15_000, hangup);
    const { abandon_message: text, language } = campaign.options;
    if (!text) {
      hangup();
      return;
    }
    this.options.speak(text, language).then((parts) => {
      if (call.ended) return;
      calls.play(call, CALLER, [{ source: pcmSource(parts), bargeIn: false, onEnd: hangup }]);
    }).catch((error) => {
      log.warn("the abandon message could not be spoken", { call_id: call.id, error });
      hangup();
    });
  }
}
