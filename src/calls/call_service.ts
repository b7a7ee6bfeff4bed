import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { CallRecorder, type PlayItem, SdpNegotiationError } from "../media/mod.ts";
import type { IncomingCall, LegEndCause, SipCallHandler, SipStack, Trunk } from "../sip/mod.ts";
import { Call, describeEnd } from "./call.ts";
import { CALLER } from "./call_audio.ts";
import { IllegalPartyMove } from "./party.ts";
import { mediaTimeouts, MediaWatch } from "./media_watch.ts";
import { newCallId } from "./call_id.ts";
import type { CallJournal } from "../call_history/mod.ts";
import { CallMedia, type MediaPlane } from "./call_media.ts";
import type { WebRtcLegOptions } from "./leg_media.ts";
import type { DialedNumber, NumberDirectory } from "../numbers/mod.ts";
import { type DialedLeg, type DialOutcome, dialParty, type DialRequest } from "./party_dial.ts";
import type { CallRecordings } from "./recording.ts";
import { type CustomerCallRequest, type PlaceCallRequest, type PlacedCall } from "./placed_call.ts";
import { CallPlacing } from "./call_placing.ts";

/**
 * Who runs a call once the appliance has answered it (the IVR, a queue): told of every
 * answered call with the target its number points at, and of every hand-over.
 */
export interface CallRouteListener {
  route(call: Call, target: DialedNumber, variables?: FlowVariables): void | Promise<void>;
}

/** Starting variables for the flow a call is handed to (`agent_id` for a post-call survey). */
export type FlowVariables = Record<string, string | number | boolean | null>;

export interface CallServiceOptions {
  clock: Clock;
  log: Logger;
  journal: CallJournal;
  numbers: NumberDirectory;
  media: MediaPlane;
  /** Where calls come from (the service takes the stack's calls from its construction on), and how new legs are rung. */
  sip: Pick<SipStack, "onIncomingCall" | "contactsOf" | "originate">;
  /** WebRTC settings for legs to browsers. */
  webrtc?: WebRtcLegOptions;
  /** Where conversations are recorded; without it `record()` does nothing. */
  recordings?: CallRecordings;
  /**
   * Seconds without a packet from the caller before the call ends with cause
   * `media_timeout` (ten times as long while the caller holds); 0 or absent: never.
   */
  mediaTimeoutS?: number;
  /** A trunk's digest credentials, answered when its PBX challenges a call out (401/407). */
  trunkCredentials?: (trunk: Trunk) => { username: string; password: string } | undefined;
  /** Turns a trunk's caller number into E.164 with the trunk's country; identity by default. */
  normaliseCaller?: (raw: string, defaultCountry: string) => string;
}

/**
 * The call-control API: turns SIP legs into calls and answers them with media, rings new
 * parties for a call (to an extension or a number on a trunk), records, hands a call to
 * whoever routes it (IVR, queue), hangs up, and writes every step of a call's life to the
 * journal. A call always ends in `calls.end_cause`, whichever side ended it. Who hears
 * whom is the {@link Call}'s business, from its parties' modes.
 */
export class CallService implements SipCallHandler {
  #calls = new Map<string, Call>();
  #routes: CallRouteListener[] = [];
  readonly #stopTakingCalls: () => void;

  readonly #watch: MediaWatch;
  readonly #placing: CallPlacing;

  constructor(private readonly options: CallServiceOptions) {
    this.#stopTakingCalls = options.sip.onIncomingCall(this);
    this.#watch = new MediaWatch(
      options.clock,
      mediaTimeouts(options.mediaTimeoutS ?? 0),
      () => this.#calls.values(),
      (call, silentMs) => this.#mediaLost(call as Call, silentMs),
    );
    this.#placing = new CallPlacing({
      ...options,
      adopt: (call) => this.#calls.set(call.id, call),
      hangup: (callId) => this.hangup(callId),
      callerLegEnded: (call, cause) => this.#callerLegEnded(call, cause),
      reoffer: (call, sdp) => this.#reoffer(call, sdp),
    });
  }

  /** Starts ending calls whose caller has gone silent on the wire (a primary at start). */
  start(): void {
    this.#watch.start();
  }

  /** Stops taking calls from the SIP stack (which refuses them from then on). */
  close(): void {
    this.#stopTakingCalls();
    this.#watch.stop();
  }

  /** Subscribes the router of answered calls; returns the unsubscribe. */
  onRoute(listener: CallRouteListener): () => void {
    this.#routes.push(listener);
    return () => {
      this.#routes = this.#routes.filter((l) => l !== listener);
    };
  }

  get journal(): CallJournal {
    return this.options.journal;
  }

  get live(): Call[] {
    return [...this.#calls.values()];
  }

  get(callId: string): Call | undefined {
    return this.#calls.get(callId);
  }

  incomingCall(incoming: IncomingCall): void {
    const { leg, trunk, did } = incoming;
    const caller = this.#normalise(incoming.caller, trunk);
    const call = new Call(newCallId(this.options.clock.now()), leg, {
      did,
      caller,
      callerName: incoming.callerName,
      trunkId: trunk.id,
      trunkName: trunk.name,
    });
    const { journal, log } = this.options;
    this.#calls.set(call.id, call);
    journal.open({
      id: call.id,
      direction: "inbound",
      state: call.state,
      trunkId: trunk.id,
      did,
      caller,
    });
    journal.event(call.id, "call.offered", {
      sip_call_id: leg.sipCallId,
      trunk: trunk.name,
      did,
      caller,
      caller_name: incoming.callerName ?? null,
    });
    leg.listen({
      ended: (cause) => this.#callerLegEnded(call, cause),
      digit: (digit) => call.media?.injectDigit(digit),
      reoffer: (sdp) => this.#reoffer(call, sdp),
    });
    log.debug("incoming call", { call_id: call.id, sip_call_id: leg.sipCallId, did, caller });

    const target = this.options.numbers.resolve(did);
    if (!target) {
      call.endCause = "unknown_number";
      (leg as IncomingCall["leg"]).reject(404, "Number Not In Service");
      return;
    }
    const delay = target.ring_s * 1000;
    if (delay > 0) {
      leg.ring();
      this.options.clock.setTimer(delay, () => this.#answer(call, target));
      return;
    }
    // A number that answers at once sends its 200 OK as the first answer (RFC 3261 §13.3.1
    // lets a final response come without a provisional one): a 180 before it would hold the
    // 200 back until the socket had sent the 180, a turn of the event loop later.
    this.#answer(call, target);
  }

  blockedCall(
    info: { trunk: Trunk; did: string; caller: string; reason: string; sipCallId: string },
  ): void {
    const id = newCallId(this.options.clock.now());
    const caller = this.#normalise(info.caller, info.trunk);
    const { journal } = this.options;
    journal.open({
      id,
      direction: "inbound",
      state: "ended",
      trunkId: info.trunk.id,
      did: info.did,
      caller,
    });
    journal.event(id, "call.blocked", {
      reason: info.reason,
      trunk: info.trunk.name,
      sip_call_id: info.sipCallId,
    });
    journal.update(id, { ended: true, endCause: `blocked_${info.reason}` });
  }

  /** Ends a call from the appliance's side (supervisor action, shutdown). */
  hangup(callId: string, reason: "bye" | "shutdown" = "bye"): boolean {
    const call = this.#calls.get(callId);
    if (!call) return false;
    for (const party of call.parties) party.leg?.hangup(reason);
    call.callerLeg.hangup(reason);
    return true;
  }

  async #answer(call: Call, target: DialedNumber): Promise<void> {
    const leg = call.callerLeg as IncomingCall["leg"];
    if (call.ended || leg.ended) return;
    const { journal, log } = this.options;
    let media: CallMedia;
    try {
      const answer = await CallMedia.answer(leg.remoteSdp ?? "", this.options.media);
      media = answer.media;
      if (leg.ended) {
        await media.close();
        return;
      }
      call.attachMedia(media, this.options.media.mediaClock);
      leg.answer(answer.sdp);
    } catch (error) {
      const status = error instanceof SdpNegotiationError ? 488 : 503;
      call.endCause = error instanceof SdpNegotiationError
        ? `media_${error.reason}`
        : "media_unavailable";
      log.warn("could not answer a call", { call_id: call.id, sip_call_id: leg.sipCallId, error });
      leg.reject(status);
      return;
    }
    call.transition("answered");
    journal.update(call.id, { state: call.state, answered: true });
    journal.event(call.id, "call.answered", {
      by: target.target_type === "ivr" ? "ivr" : "appliance",
      codec: media.negotiated.codec,
    });
    // Starting the flow (prompts, recording, CRM reads) waits for the next turn of the event
    // loop, so that other INVITEs read in this turn get their 200 OK first rather than each
    // waiting for the flows started ahead of it (decision 045).
    await nextTurn();
    if (call.ended) return;
    await this.handTo(call, target);
  }

  /**
   * Hands an answered call to whoever runs what `target` points at (an IVR flow, a queue,
   * an agent): how calls reach their first flow, and how a flow passes a caller on.
   * `variables` start the next flow off (who the caller talked to, for a survey).
   */
  async handTo(call: Call, target: DialedNumber, variables?: FlowVariables): Promise<void> {
    try {
      for (const listener of [...this.#routes]) await listener.route(call, target, variables);
    } catch (error) {
      this.options.log.error("call routing failed; hanging up", { call_id: call.id, error });
      this.hangup(call.id);
    }
  }

  /**
   * Rings a new party for a call. The party answers into `request.answered`; it hears and
   * is heard only once it joins the call (`call.join(party)`).
   */
  async dial(
    call: Call,
    request: DialRequest,
  ): Promise<{ outcome: DialOutcome; dialed?: DialedLeg }> {
    if (call.ended) return { outcome: "gone" };
    const { sip, media: plane, webrtc, log, trunkCredentials } = this.options;
    return await dialParty({ sip, plane, webrtc, log, trunkCredentials }, call, request);
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
    return this.#placing.placeCall(request);
  }

  /**
   * Places a call out customer first: rings the number on the trunk with no agent set
   * aside. The outcome is `connected` once the number answers with usable audio; the call
   * (`get(callId)`) then has the customer as its caller, alone, and whoever placed it
   * brings in an agent ({@link dial}), plays to the customer ({@link play}) or hangs up.
   * Journalled like {@link placeCall}, without the agent's steps.
   */
  callCustomer(request: CustomerCallRequest): PlacedCall {
    return this.#placing.callCustomer(request);
  }

  /**
   * Records the call's conversation from now on, in stereo: the caller on the left, what
   * the caller hears on the right (nothing is written while the caller is on hold or
   * alone). The recording ends with the call; {@link pauseRecording} and
   * {@link resumeRecording} leave out what must not be kept (a card number read out).
   */
  async record(call: Call, legs: string[]): Promise<void> {
    const { recordings, log } = this.options;
    const audio = call.audio;
    if (!recordings || !audio || audio.recording) return;
    try {
      const writer = await recordings.start(call.id, { channels: 2, legs });
      if (call.ended || audio.recording) await writer.close();
      else audio.attachRecording(writer);
    } catch (error) {
      log.warn("recording could not start", { call_id: call.id, error });
    }
  }

  /**
   * Writes silence on every channel of the call's recordings until resumed (the
   * conversation's, and one the IVR feeds while it asks for a card number), and marks
   * where in the call's events (`recording.paused`, with the recording and its audio
   * position); false when nothing records the call. Pausing a paused recording changes
   * nothing.
   */
  pauseRecording(call: Call, by = "api"): boolean {
    const writers = call.audio?.recordings ?? [];
    for (const writer of writers) {
      if (!writer.paused) {
        this.options.journal.event(call.id, "recording.paused", { by, ...writer.pause() });
      }
    }
    return writers.length > 0;
  }

  /**
   * Writes the call's recordings again after a pause, each marked as `recording.resumed`
   * with the gap's length; false when nothing records the call.
   */
  resumeRecording(call: Call, by = "api"): boolean {
    const writers = call.audio?.recordings ?? [];
    for (const writer of writers) {
      if (writer.paused) {
        this.options.journal.event(call.id, "recording.resumed", { by, ...writer.resume() });
      }
    }
    return writers.length > 0;
  }

  /** Whether the call's recording is paused now; undefined when nothing records it. */
  recordingPaused(call: Call): boolean | undefined {
    return call.audio?.recordings[0]?.paused;
  }

  /**
   * Plays audio to a party: prompts and music go to the caller through the caller's own
   * player, which is heard whenever the caller hears nobody else (alone, or on hold).
   * Other parties have no player of their own; asking for one is an error.
   */
  play(call: Call, partyId: string, items: readonly PlayItem[]): void {
    if (call.ended) {
      throw new IllegalPartyMove(`Cannot play to ${partyId}: call ${call.id} has ended`);
    }
    if (partyId !== CALLER) {
      throw new IllegalPartyMove(
        `Only the caller can be played to on call ${call.id}, not ${partyId}`,
      );
    }
    const player = call.media?.player;
    if (!player) throw new IllegalPartyMove(`Call ${call.id} is not answered yet`);
    player.enqueue(...items);
  }

  /**
   * Records what the caller says, alone and in mono, into a WAV file at `path` (a message
   * left for voicemail) from when the file is open until `stop()`, which resolves the
   * length kept in ms. Throws {@link IllegalPartyMove} for a call without media.
   */
  async recordCaller(call: Call, path: string): Promise<{ stop(): Promise<number> }> {
    const media = call.media;
    if (call.ended || !media) {
      throw new IllegalPartyMove(`Call ${call.id} has no caller to record`);
    }
    const recorder = await CallRecorder.create(path, { channels: 1 });
    const unsubscribe = media.onCallerAudio((frame) => recorder.write(frame));
    return {
      stop: async () => {
        unsubscribe();
        return (await recorder.close()).durationMs;
      },
    };
  }

  #mediaLost(call: Call, silentMs: number): void {
    const { journal, log } = this.options;
    call.endCause ??= "media_timeout";
    log.warn("no audio from the caller for too long; ending the call", {
      call_id: call.id,
      silent_s: Math.round(silentMs / 1000),
    });
    journal.event(call.id, "call.media_timeout", { silent_ms: silentMs });
    this.hangup(call.id);
  }

  #reoffer(call: Call, sdp: string): string {
    if (!call.media) throw new Error("The call has no media to renegotiate");
    const wasHeld = call.media.onHold;
    const answer = call.media.reanswer(sdp);
    if (call.media.onHold !== wasHeld) {
      this.options.journal.event(call.id, call.media.onHold ? "call.held" : "call.resumed", {
        by: "caller",
      });
    }
    return answer;
  }

  #callerLegEnded(call: Call, cause: LegEndCause): void {
    if (call.ended) return;
    // Every party's audio ends with the call: a dialled party's RTP pair goes back to the
    // pool here even when whoever dialled it kept no handle to drop it by.
    const parties = call.parties;
    // The closings below finish later, on other threads; their handlers name the call by its
    // id, so that they do not keep the whole call (legs, SDP, media) alive until then.
    const callId = call.id;
    for (const party of parties) party.leg?.hangup();
    for (const party of parties) {
      if (party.id === CALLER) continue; // the call's own media, closed below
      const partyId = party.id;
      party.media.close().catch((error) =>
        this.options.log.warn("closing a party's media failed", {
          call_id: callId,
          party: partyId,
          error,
        })
      );
    }
    const endCause = call.endCause ?? describeEnd(cause, "caller");
    call.endCause = endCause;
    call.transition("ended");
    this.#calls.delete(call.id);
    call.media?.close().catch((error) =>
      this.options.log.warn("closing call media failed", { call_id: callId, error })
    );
    call.audio?.detachRecording()?.close().catch((error) =>
      this.options.log.warn("closing the recording failed", { call_id: callId, error })
    );
    const { journal } = this.options;
    journal.update(call.id, { state: "ended", ended: true, endCause });
    journal.event(call.id, "call.ended", {
      cause: endCause,
      by: cause.by,
      sip_status: cause.status ?? null,
    });
  }

  #normalise(raw: string, trunk: Trunk): string {
    return this.options.normaliseCaller?.(raw, trunk.defaultCountry) ?? raw;
  }
}

/** Resolves on a later turn of the event loop: a yield, not a wait. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
