import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import { SdpNegotiationError } from "../media/mod.ts";
import {
  type ClientLeg,
  hostForUri,
  type LegEndCause,
  type SipStack,
  type Trunk,
} from "../sip/mod.ts";
import { Call, describeEnd } from "./call.ts";
import { newCallId } from "./call_id.ts";
import { CallMedia, type MediaPlane } from "./call_media.ts";
import type { WebRtcLegOptions } from "./leg_media.ts";
import type { Party } from "./party.ts";
import { type DialedLeg, dialParty } from "./party_dial.ts";
import {
  type CustomerCallRequest,
  type PlaceCallRequest,
  type PlacedCall,
  type PlaceOutcome,
  unansweredOutcome,
} from "./placed_call.ts";

/** What placing calls needs from the call service it belongs to. */
export interface CallPlacingOptions {
  clock: Clock;
  log: Logger;
  journal: CallJournal;
  media: MediaPlane;
  sip: Pick<SipStack, "contactsOf" | "originate">;
  webrtc?: WebRtcLegOptions;
  trunkCredentials?: (trunk: Trunk) => { username: string; password: string } | undefined;
  /** Takes a placed call in among the live calls once its number is rung. */
  adopt(call: Call): void;
  hangup(callId: string): boolean;
  /** Ends a call whose first leg ended, the way every call ends. */
  callerLegEnded(call: Call, cause: LegEndCause): void;
  /** Answers the number's re-offer (hold, resume) on the call's media. */
  reoffer(call: Call, sdp: string): string;
}

/**
 * Calls the appliance places out through a trunk, agent first (click to call, preview
 * dialling) or customer first (callbacks, campaigns): each attempt is journalled from its
 * first step, settles its outcome once, and becomes an ordinary call of the service once
 * its number is rung.
 */
export class CallPlacing {
  readonly #o: CallPlacingOptions;

  constructor(options: CallPlacingOptions) {
    this.#o = options;
  }

  /**
   * Places a call out, agent first: rings the agent's extension, and once the agent
   * answers, the number on the trunk with the caller ID asked for (answering the trunk's
   * digest challenge); when the number answers, the agent joins the call as a talking
   * party. The call's first leg is the called number's, as an inbound caller's is, so
   * hold, recording, monitoring and hang-up work the same. Every step is journalled on a
   * call of direction `outbound`.
   */
  placeCall(request: PlaceCallRequest): PlacedCall {
    const { attempt, placed } = this.#openAttempt(request, {
      agent_extension: request.agentExtension,
    });
    void this.#ringAgent(attempt).catch((error) => {
      this.#o.log.error("placing a call failed", { call_id: attempt.id, error });
      this.#endAttempt(attempt, "failed", "appliance_error");
    });
    return placed;
  }

  /**
   * Places a call out customer first: rings the number on the trunk with no agent set
   * aside. The outcome is `connected` once the number answers with usable audio; the call
   * (`get(callId)`) then has the customer as its caller, alone, and whoever placed it
   * brings in an agent ({@link dial}), plays to the customer ({@link play}) or hangs up.
   * Journalled like {@link placeCall}, without the agent's steps.
   */
  callCustomer(request: CustomerCallRequest): PlacedCall {
    const { attempt, placed } = this.#openAttempt(request, { agent_extension: null });
    void this.#ringNumber(attempt).catch((error) => {
      this.#o.log.error("calling the customer failed", { call_id: attempt.id, error });
      if (attempt.call) this.#o.hangup(attempt.id);
      else this.#endAttempt(attempt, "failed", "appliance_error");
    });
    return placed;
  }

  #openAttempt(
    request: PlaceCallRequest | CustomerCallRequest,
    extra: Record<string, string | null>,
  ): { attempt: PlaceAttempt; placed: PlacedCall } {
    const { clock, journal } = this.#o;
    const id = newCallId(clock.now());
    const info = {
      did: request.callerId,
      caller: request.number,
      trunkId: request.trunk.id,
      trunkName: request.trunk.name,
    };
    journal.open({
      id,
      direction: "outbound",
      state: "offered",
      trunkId: request.trunk.id,
      did: request.callerId,
      caller: request.number,
      customerId: request.customerId,
    });
    journal.event(id, "call.dialing", {
      ...extra,
      number: request.number,
      trunk: request.trunk.name,
      caller_id: request.callerId,
    });
    let settle!: (outcome: PlaceOutcome) => void;
    const outcome = new Promise<PlaceOutcome>((resolve) => settle = resolve);
    let finish!: () => void;
    const ended = new Promise<void>((resolve) => finish = resolve);
    const attempt: PlaceAttempt = {
      id,
      info,
      request,
      agentFirst: "agentExtension" in request,
      cancelled: false,
      settled: false,
      settle: (o) => {
        if (attempt.settled) return;
        attempt.settled = true;
        settle(o);
      },
      finish,
    };
    const placed: PlacedCall = {
      callId: id,
      outcome,
      ended,
      cancel: () => {
        attempt.cancelled = true;
        if (attempt.call) this.#o.hangup(id);
        else attempt.agentLeg?.drop();
      },
    };
    return { attempt, placed };
  }

  async #ringAgent(attempt: PlaceAttempt): Promise<void> {
    const { clock, journal, sip, media: plane, webrtc, log, trunkCredentials } = this.#o;
    const request = attempt.request as PlaceCallRequest;
    let timedOut = false;
    const stopTimer = clock.setTimer((request.agentRingS ?? 30) * 1000, () => {
      if (attempt.agentParty) return;
      timedOut = true;
      attempt.agentLeg?.drop();
    });
    const { outcome, dialed } = await dialParty(
      { sip, plane, webrtc, log, trunkCredentials },
      { id: attempt.id, info: attempt.info },
      {
        partyId: request.agentPartyId,
        role: "agent",
        to: { extension: request.agentExtension },
        headers: request.agentHeaders,
        gone: () => attempt.cancelled,
        answered: (party) => {
          stopTimer();
          attempt.agentParty = party;
          journal.event(attempt.id, "call.agent_answered", { party: party.id });
          void this.#ringNumber(attempt).catch((error) => {
            log.error("ringing the number failed", { call_id: attempt.id, error });
            attempt.agentLeg?.drop();
          });
        },
        unusable: (error) => {
          log.warn("the agent's phone answered with unusable audio", {
            call_id: attempt.id,
            error,
          });
        },
        ended: (cause) => {
          stopTimer();
          if (attempt.call) {
            // The agent hung up (or never got the number): the call ends with them.
            if (!attempt.call.ended) this.#o.hangup(attempt.id);
            return;
          }
          if (attempt.agentParty) {
            this.#endAttempt(attempt, "cancelled", describeEnd(cause, "agent"));
            return;
          }
          const o = attempt.cancelled ? "cancelled" : "agent_no_answer";
          this.#endAttempt(attempt, o, timedOut ? "agent_no_answer" : describeEnd(cause, "agent"));
        },
      },
    );
    if (outcome === "ringing") {
      attempt.agentLeg = dialed;
      if (attempt.cancelled) dialed?.drop();
      return;
    }
    stopTimer();
    this.#endAttempt(
      attempt,
      outcome === "gone" ? "cancelled" : "agent_unreachable",
      outcome === "gone" ? "appliance_cancel" : "agent_unreachable",
    );
  }

  async #ringNumber(attempt: PlaceAttempt): Promise<void> {
    const { clock, journal, sip, media: plane, trunkCredentials } = this.#o;
    const { request } = attempt;
    let offer: Awaited<ReturnType<typeof CallMedia.offer>>;
    try {
      offer = await CallMedia.offer(plane);
    } catch (error) {
      this.#o.log.warn("no media for the number", { call_id: attempt.id, error });
      attempt.agentLeg?.drop();
      if (!attempt.agentFirst) this.#endAttempt(attempt, "failed", "media_unavailable");
      return;
    }
    if (attempt.cancelled || attempt.agentLeg?.leg.ended) {
      await offer.close();
      attempt.agentLeg?.drop();
      if (!attempt.agentFirst) this.#endAttempt(attempt, "cancelled", "appliance_cancel");
      return;
    }
    const { trunk } = request;
    const target = `${request.number}@${hostForUri(trunk.host)}:${trunk.port}`;
    const leg: ClientLeg = sip.originate({
      requestUri: `sip:${target}`,
      destination: { transport: trunk.transport, host: trunk.host, port: trunk.port },
      from: { user: request.callerId },
      to: `<sip:${target}>`,
      sdp: offer.sdp,
      headers: [["X-CC-Call-Id", attempt.id]],
      credentials: trunkCredentials?.(trunk),
    });
    const call = new Call(attempt.id, leg, attempt.info);
    if (request.customerId !== undefined) call.customerId = request.customerId;
    attempt.call = call;
    this.#o.adopt(call);
    let timedOut = false;
    const stopTimer = clock.setTimer((request.customerRingS ?? 45) * 1000, () => {
      if (call.media) return;
      timedOut = true;
      call.endCause = "no_answer";
      leg.hangup();
    });
    leg.listen({
      ringing: () => journal.event(call.id, "call.ringing", { sip_call_id: leg.sipCallId }),
      answered: (sdp) => {
        stopTimer();
        let media: CallMedia;
        try {
          media = offer.accept(sdp);
        } catch (error) {
          call.endCause = error instanceof SdpNegotiationError
            ? `media_${error.reason}`
            : "media_unavailable";
          leg.hangup();
          return;
        }
        call.attachMedia(media, plane.mediaClock);
        call.transition("connected");
        journal.update(call.id, { state: call.state, answered: true });
        journal.event(call.id, "call.answered", { by: "called", codec: media.negotiated.codec });
        if (attempt.agentFirst) {
          const agent = attempt.agentParty;
          if (agent && !agent.left && !attempt.agentLeg?.leg.ended) call.join(agent);
          else leg.hangup();
        }
        attempt.settle("connected");
      },
      ended: (cause) => {
        stopTimer();
        if (!call.media) {
          attempt.settle(attempt.cancelled ? "cancelled" : unansweredOutcome(cause, timedOut));
          void offer.close();
        }
        attempt.agentLeg?.drop();
        this.#o.callerLegEnded(call, cause);
        attempt.finish();
      },
      digit: (digit) => call.media?.injectDigit(digit),
      reoffer: (sdp) => this.#o.reoffer(call, sdp),
    });
  }

  /** Ends an attempt that never reached the number: no call leg of ours is left. */
  #endAttempt(attempt: PlaceAttempt, outcome: PlaceOutcome, endCause: string): void {
    if (attempt.call || attempt.settled) return;
    attempt.settle(outcome);
    attempt.agentLeg?.drop();
    const { journal } = this.#o;
    journal.update(attempt.id, { state: "ended", ended: true, endCause });
    journal.event(attempt.id, "call.ended", { cause: endCause, by: "local", sip_status: null });
    attempt.finish();
  }
}

/** One placed call while it is being set up. */
interface PlaceAttempt {
  id: string;
  info: Call["info"];
  request: PlaceCallRequest | CustomerCallRequest;
  /** Placed by {@link CallPlacing.placeCall} (the agent rang first), not customer first. */
  agentFirst: boolean;
  cancelled: boolean;
  settled: boolean;
  settle(outcome: PlaceOutcome): void;
  finish(): void;
  agentLeg?: DialedLeg;
  agentParty?: Party;
  /** Once the number is rung: the call, whose first leg is the number's. */
  call?: Call;
}
