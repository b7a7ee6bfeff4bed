import type { AcdEngine } from "../acd/mod.ts";
import type { IvrLanguage, PlayItem as SpokenItem } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import {
  loopSource,
  MediaBridge,
  type MediaClock,
  pcmSource,
  type PlayItem,
} from "../media/mod.ts";
import type { ClientLeg, LegEndCause, SipStack } from "../sip/mod.ts";
import {
  type AgentLegMedia,
  type AgentWebRtcOptions,
  openAgentLegMedia,
} from "./agent_leg_media.ts";
import type { Call } from "./call.ts";
import type { CallJournal } from "./call_journal.ts";
import type { MediaPlane } from "./call_media.ts";
import type { CallService } from "./call_service.ts";
import { holdMusic } from "./hold_music.ts";
import type { AgentInfo } from "./queue_config.ts";
import type { CallRecordings, PromptAudio, RecordingWriter } from "./seams.ts";

/** What a queued call needs from the desk that holds it. */
export interface QueuedCallHost {
  sip: SipStack;
  plane: MediaPlane;
  mediaClock: MediaClock;
  webrtc?: AgentWebRtcOptions;
  log: Logger;
  journal: CallJournal;
  prompts?: PromptAudio;
  recordings?: CallRecordings;
  agentInfo(agentKey: string): AgentInfo | undefined;
  /** Runs an engine input once the engine is free (never from inside its decisions). */
  input<T>(fn: (engine: AcdEngine) => T): Promise<T | undefined>;
  /** A person is on the call now. */
  connected(call: QueuedCall, agent: AgentInfo): void;
  /** The caller's leg is gone; everything of the call is closed. */
  finished(call: QueuedCall): void;
  /** Announcements are due but nothing can speak them. */
  cannotSpeak(callId: string): void;
}

/** One attempt to reach an agent: the leg ringing there and its media. */
interface Offer {
  agentKey: string;
  /** Taken back by us (another agent answered, the caller left, the ring timed out). */
  withdrawn: boolean;
  leg?: ClientLeg;
  media?: AgentLegMedia;
}

const DECLINED = new Set([486, 600, 603]);

/**
 * A call the desk holds, from the queue (or a direct agent number) to its hang-up: the
 * caller's music and announcements, the legs ringing agents, and once one answers the
 * bridge between caller and agent with its stereo recording.
 */
export class QueuedCall {
  readonly #offers = new Map<string, Offer>();
  #agent: Offer | undefined;
  #bridge: MediaBridge | undefined;
  #recording: RecordingWriter | undefined;
  #resumeSending: (() => void) | undefined;
  #music: Int16Array = holdMusic();
  #done = false;
  /** Database id of the queue the call is in, for the interaction and the context. */
  queueDbId: number | null = null;
  interactionId: number | undefined;
  customerId: number | null = null;

  constructor(
    readonly call: Call,
    readonly service: CallService,
    readonly language: IvrLanguage,
    private readonly host: QueuedCallHost,
    /** Rung straight from a number, not through the ACD. */
    readonly direct = false,
  ) {
    call.callerLeg.listen({ ended: () => this.#callerGone() });
  }

  get done(): boolean {
    return this.#done;
  }

  get agentKey(): string | undefined {
    return this.#agent?.agentKey;
  }

  /** Loops the tone music, or the queue's music prompt once it has been rendered. */
  async startMusic(promptName?: string): Promise<void> {
    this.#playMusic();
    if (!promptName || !this.host.prompts) return;
    try {
      const pcm = await this.host.prompts.render([
        { kind: "prompt", name: promptName, language: this.language },
      ]);
      if (pcm.length === 0 || this.#done || this.#agent) return;
      this.#music = pcm;
      this.call.media?.player.stop();
      this.#playMusic();
    } catch (error) {
      this.host.log.warn("music on hold prompt unavailable; playing tones", {
        call_id: this.call.id,
        prompt: promptName,
        error,
      });
    }
  }

  /** Speaks position and estimated wait between two rounds of music. */
  async announce(position: number, ewtSeconds: number | null): Promise<void> {
    const prompts = this.host.prompts;
    if (!prompts) {
      this.host.cannotSpeak(this.call.id);
      return;
    }
    try {
      const pcm = await prompts.render(announcementItems(position, ewtSeconds, this.language));
      const media = this.call.media;
      if (this.#done || this.#agent || !media) return;
      media.player.stop();
      media.player.enqueue({ source: pcmSource(pcm), bargeIn: false });
      this.#playMusic();
    } catch (error) {
      this.host.log.warn("queue announcement failed", { call_id: this.call.id, error });
    }
  }

  /** Rings the agent's most recently registered phone or browser. */
  async ring(agentKey: string, queueName: string | undefined): Promise<void> {
    const offer: Offer = { agentKey, withdrawn: false };
    this.#offers.set(agentKey, offer);
    const info = this.host.agentInfo(agentKey);
    const contact = info?.extension ? this.host.sip.contactsOf(info.extension)[0] : undefined;
    const fields = { call_id: this.call.id, agent: info?.username ?? agentKey };
    if (!info || !contact) {
      this.host.log.warn("agent has no registered phone; the offer counts as not answered", fields);
      this.#notAnswered(offer, "no_answer");
      return;
    }
    try {
      offer.media = await openAgentLegMedia(
        contact.flow.transport,
        this.host.plane,
        this.host.webrtc,
      );
    } catch (error) {
      this.host.log.warn("could not open media for the agent leg", { ...fields, error });
      this.#notAnswered(offer, "no_answer");
      return;
    }
    if (offer.withdrawn || this.#done) {
      await offer.media.close();
      return;
    }
    const media = offer.media;
    const leg = this.host.sip.originate({
      requestUri: contact.contact,
      destination: contact.flow,
      from: { user: this.call.info.caller || "anonymous", displayName: this.call.info.callerName },
      to: `<sip:${info.extension}@${this.host.plane.advertisedAddress}>`,
      sdp: media.offer,
      headers: [
        ["X-CC-Call-Id", this.call.id],
        ...(queueName ? [["X-CC-Queue", queueName] as [string, string]] : []),
      ],
    });
    offer.leg = leg;
    leg.listen({
      answered: (sdp) => void this.#answered(offer, sdp),
      ended: (cause) => this.#agentLegEnded(offer, cause),
      reoffer: (sdp) => media.reanswer(sdp) ?? "",
    });
    this.host.log.debug("ringing agent", { ...fields, sip_call_id: leg.sipCallId });
  }

  /** Takes back the offer at this agent (CANCEL). */
  stopRinging(agentKey: string): void {
    const offer = this.#offers.get(agentKey);
    if (!offer) return;
    this.#offers.delete(agentKey);
    this.#drop(offer);
  }

  /** Ends the call from our side; `cause` goes to `calls.end_cause`. */
  end(cause: string): void {
    if (this.#done) return;
    this.call.endCause ??= cause;
    this.service.hangup(this.call.id);
  }

  #playMusic(): void {
    this.call.media?.player.enqueue(
      { source: loopSource(this.#music), bargeIn: false } as PlayItem,
    );
  }

  async #answered(offer: Offer, sdp: string): Promise<void> {
    const fields = { call_id: this.call.id, agent: offer.agentKey };
    if (offer.withdrawn || this.#done) {
      offer.leg?.hangup();
      return;
    }
    try {
      await offer.media!.accept(sdp);
    } catch (error) {
      this.host.log.warn("the agent's answer cannot be used; hanging up that leg", {
        ...fields,
        error,
      });
      this.#notAnswered(offer, "rejected");
      offer.leg?.hangup();
      return;
    }
    const won = !offer.withdrawn && !this.#done &&
      (this.direct ||
        (await this.host.input((e) => e.agentAnswered(this.call.id, offer.agentKey))) === true);
    if (!won || this.#done) {
      this.#offers.delete(offer.agentKey);
      this.#drop(offer);
      return;
    }
    this.#connect(offer);
  }

  #connect(offer: Offer): void {
    const { call, host } = this;
    this.#offers.delete(offer.agentKey);
    this.#agent = offer;
    const info = host.agentInfo(offer.agentKey)!;
    const media = call.media!;
    media.player.stop();
    this.#resumeSending = media.yieldSending();
    this.#bridge = new MediaBridge(host.mediaClock, media.endpoint, offer.media!.leg, {
      onFrames: (caller, agent) => this.#recording?.write(caller, agent),
    });
    this.#bridge.start();
    call.agentLeg = offer.leg;
    call.transition("connected");
    host.journal.update(call.id, { state: call.state, agentId: info.userId });
    host.journal.event(call.id, "call.connected", {
      agent: info.username,
      extension: info.extension,
      media: offer.media!.kind,
    }, { agentId: info.userId, queueId: this.queueDbId });
    host.connected(this, info);
    host.log.info("call connected to agent", { call_id: call.id, agent: info.username });
    void this.#record(info);
  }

  async #record(info: AgentInfo): Promise<void> {
    if (!this.host.recordings) return;
    try {
      const writer = await this.host.recordings.start(this.call.id, {
        channels: 2,
        legs: ["caller", `agent:${info.username}`],
      });
      if (this.#done) await writer.close();
      else this.#recording = writer;
    } catch (error) {
      this.host.log.warn("recording could not start", { call_id: this.call.id, error });
    }
  }

  #agentLegEnded(offer: Offer, cause: LegEndCause): void {
    if (offer === this.#agent) {
      // The agent hung up: the conversation is over for the caller too. A leg we ended
      // ourselves follows the caller, whose own end cause stands.
      if (!this.#done && !this.call.callerLeg.ended && cause.by === "remote") {
        this.end("agent_hangup");
      }
      return;
    }
    if (offer.withdrawn || this.#offers.get(offer.agentKey) !== offer) return;
    const declined = cause.reason === "rejected" && DECLINED.has(cause.status ?? 0);
    this.#notAnswered(offer, declined ? "rejected" : "no_answer");
  }

  #notAnswered(offer: Offer, how: "rejected" | "no_answer"): void {
    if (this.#offers.get(offer.agentKey) === offer) this.#offers.delete(offer.agentKey);
    void offer.media?.close();
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

  #drop(offer: Offer): void {
    offer.withdrawn = true;
    offer.leg?.hangup();
    void offer.media?.close();
  }

  #callerGone(): void {
    if (this.#done) return;
    this.#done = true;
    for (const offer of this.#offers.values()) this.#drop(offer);
    this.#offers.clear();
    this.#bridge?.stop();
    this.#resumeSending?.();
    if (this.#agent) {
      this.#agent.leg?.hangup();
      void this.#agent.media?.close();
    }
    const recording = this.#recording;
    this.#recording = undefined;
    recording?.close().catch((error) =>
      this.host.log.warn("closing the recording failed", { call_id: this.call.id, error })
    );
    this.host.finished(this);
  }
}

/** "You are caller number 3; the expected wait is about 2 minutes", as prompt items. */
export function announcementItems(
  position: number,
  ewtSeconds: number | null,
  language: IvrLanguage,
): SpokenItem[] {
  const minutes = ewtSeconds === null ? null : Math.max(1, Math.ceil(ewtSeconds / 60));
  const text = language === "zh-CN"
    ? `您现在排在第${position}位。` + (minutes === null ? "" : `预计等待约${minutes}分钟。`)
    : `You are number ${position} in the queue.` +
      (minutes === null
        ? ""
        : ` The expected wait is about ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  return [{ kind: "tts", text, language }];
}
