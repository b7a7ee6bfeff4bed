/**
 * The browser softphone's brain: keeps the agent's extension registered over
 * SIP-over-WebSocket, re-registering after a drop, and runs one call at a
 * time (ringing, answer, reject, hold, mute, DTMF, hang up).
 *
 * SIP itself is behind {@linkcode PhoneUserAgent} and {@linkcode PhoneCall}:
 * `sip_user_agent.ts` implements them with sip.js, and tests pass a fake, so
 * everything here runs without a browser.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { backoffDelay } from "../common/events_controller.ts";

/** What `POST /api/v1/auth/sip` answers with. */
export interface SipCredentials {
  extension: string;
  username: string;
  password: string;
  realm: string;
  ws_path: string;
  expires_at: string;
}

/** Where the softphone stands with the registrar. */
export const REGISTRATION_STATES = [
  "idle",
  "connecting",
  "registered",
  "reconnecting",
  "stopped",
] as const;

/** One of {@linkcode REGISTRATION_STATES}. */
export type RegistrationState = typeof REGISTRATION_STATES[number];

/** A problem with the line (registration or the call), shown as a message near the phone. */
export type LineProblem = "connection_lost" | "no_extension" | "auth_failed" | "call_failed";

/** A problem with the microphone or the browser's media support. */
export type MicProblem = "mic_blocked" | "mic_missing" | "unsupported";

/** The phases of the call on the phone. */
export type CallPhase = "ringing" | "connecting" | "talking" | "ended";

/** Why a call ended, for the message shown afterwards. */
export type EndCause = "local" | "remote" | "rejected" | "missed" | "failed";

/** The current call as the UI sees it. */
export interface CallView {
  /** The appliance's call id from `X-CC-Call-Id`, when the INVITE carried one. */
  callId: string | null;
  caller: string;
  callerName: string;
  phase: CallPhase;
  held: boolean;
  muted: boolean;
  /** When the phone started ringing and when the call was answered (epoch ms). */
  ringingAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endCause: EndCause | null;
  /** Digits sent with the pad during this call. */
  dtmf: string;
}

/** Thrown by {@linkcode PhoneUserAgent.register} when the registrar refuses. */
export class RegistrationRejectedError extends Error {
  override name = "RegistrationRejectedError";
  constructor(readonly status: number, reason = "") {
    super(`Registration refused with ${status}${reason ? ` ${reason}` : ""}`);
  }
}

/** An incoming call, as the SIP layer hands it over. */
export interface PhoneCall {
  readonly callId: string | null;
  /** The appliance rings this phone first for a call the agent placed (`X-CC-Direction`). */
  readonly outbound?: boolean;
  /**
   * An outbound call the appliance asks the phone to answer by itself (`X-CC-Answer:
   * auto`): a predictive campaign's customer already on the line, waiting for an agent.
   */
  readonly autoAnswer?: boolean;
  readonly caller: string;
  readonly callerName: string;
  /** Answers with the given microphone constraints. Rejects with a DOMException when the mic fails. */
  accept(audio: MediaTrackConstraints | true): Promise<void>;
  reject(): Promise<void>;
  /** Ends an answered call (BYE). */
  hangup(): Promise<void>;
  /** Sends a re-INVITE putting the other side on hold, or taking it off. */
  hold(on: boolean): Promise<void>;
  /** Enables or disables the local microphone track. */
  setMuted(muted: boolean): void;
  /** Sends one DTMF tone (RTP events, or SIP INFO when the media path has no DTMF sender). */
  sendDtmf(tone: string): Promise<boolean>;
  /** Swaps the microphone during the call. */
  replaceMicrophone(track: MediaStreamTrack): Promise<void>;
  localStream(): MediaStream | null;
  remoteStream(): MediaStream | null;
  /** Called once when the call ends for any reason. */
  onEnded(listener: (byRemote: boolean) => void): void;
}

/** How the controller asks the SIP layer for a user agent. */
export interface PhoneUserAgentConfig {
  /** `wss://host/sip` or `ws://host/sip`. */
  server: string;
  /** `sip:<extension>@<hostname>`. */
  aor: string;
  username: string;
  password: string;
  displayName: string;
  onInvite(call: PhoneCall): void;
  /** The transport dropped or the registration could not be refreshed. */
  onDisconnect(error?: Error): void;
}

/** A registered SIP user agent. */
export interface PhoneUserAgent {
  /** Connects the WebSocket. */
  start(): Promise<void>;
  /** Registers; rejects with {@linkcode RegistrationRejectedError} when refused. */
  register(): Promise<void>;
  /** Unregisters (best effort) and closes the connection. */
  stop(): Promise<void>;
}

/** A device the agent may pick. */
export interface AudioDevice {
  id: string;
  label: string;
}

/** The media functions the controller uses; tests pass fakes. */
export interface MediaAccess {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
}

/** Options for {@linkcode SoftphoneController}. */
export interface SoftphoneOptions {
  /** Fetches a one-time SIP password (`POST /api/v1/auth/sip`). */
  fetchCredentials(): Promise<SipCredentials>;
  createUserAgent(config: PhoneUserAgentConfig): PhoneUserAgent;
  /** The page's location, for the WebSocket URL and the AOR's host. */
  location?: { protocol: string; host: string; hostname: string };
  media?: MediaAccess | null;
  displayName?: string;
  /** First re-registration delay in milliseconds; doubles per failure. Defaults to 1000. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  now?: () => number;
  /** Called when a call starts ringing. */
  onIncoming?(call: CallView): void;
  /** Called when the call ends. */
  onCallEnded?(call: CallView): void;
}

/** Maps a `getUserMedia` failure to the message the agent sees; null when it is no mic failure. */
export function microphoneProblem(error: unknown): MicProblem | null {
  const name = (error as { name?: string } | null)?.name ?? "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
    return "mic_blocked";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") {
    return "mic_missing";
  }
  return null;
}

/** The softphone's WebSocket URL on this page's origin. */
export function sipServerUrl(
  location: { protocol: string; host: string },
  wsPath = "/sip",
): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${wsPath}`;
}

const DTMF_TONES = /^[0-9A-D*#]$/;

/**
 * Keeps the extension registered between {@linkcode start} and
 * {@linkcode stop}, and runs the current call. Re-renders its host on every
 * change.
 */
export class SoftphoneController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: SoftphoneOptions;
  readonly #media: MediaAccess | null;
  readonly #now: () => number;

  #registration: RegistrationState = "idle";
  #problem: LineProblem | null = null;
  #micProblem: MicProblem | null = null;
  #extension: string | null = null;
  #credentials: SipCredentials | null = null;
  #ua: PhoneUserAgent | null = null;
  #generation = 0;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wanted = false;
  #session: PhoneCall | null = null;
  #call: CallView | null = null;
  #microphoneId = "";
  #speakerId = "";
  #inputs: AudioDevice[] = [];
  #outputs: AudioDevice[] = [];
  #micChecked = false;

  constructor(host: ReactiveControllerHost, options: SoftphoneOptions) {
    this.#host = host;
    this.#options = options;
    this.#media = options.media === undefined
      ? (globalThis.navigator?.mediaDevices ?? null)
      : options.media;
    this.#now = options.now ?? Date.now;
    host.addController(this);
  }

  /** Registration state. */
  get registration(): RegistrationState {
    return this.#registration;
  }

  /** The line's problem to show, if any. */
  get problem(): LineProblem | null {
    return this.#problem;
  }

  /** The microphone's problem to show, if any. */
  get micProblem(): MicProblem | null {
    return this.#micProblem;
  }

  /** The extension being registered, once known. */
  get extension(): string | null {
    return this.#extension;
  }

  /** The current (or just-ended) call. */
  get call(): CallView | null {
    return this.#call;
  }

  /** The current call's SIP handle, for media (level meters, playback). */
  get session(): PhoneCall | null {
    return this.#session;
  }

  get microphoneId(): string {
    return this.#microphoneId;
  }

  get speakerId(): string {
    return this.#speakerId;
  }

  get inputs(): readonly AudioDevice[] {
    return this.#inputs;
  }

  get outputs(): readonly AudioDevice[] {
    return this.#outputs;
  }

  /** True while a call is ringing or up (not after it ended). */
  get busy(): boolean {
    return this.#call !== null && this.#call.phase !== "ended";
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    void this.stop();
  }

  /** Starts registering (if not already) and keeps at it until {@linkcode stop}. */
  start(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#attempt = 0;
    void this.checkMicrophone();
    void this.#connect();
  }

  /** Unregisters, hangs up and stops re-registering. */
  async stop(): Promise<void> {
    this.#wanted = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#generation++;
    const ua = this.#ua;
    this.#ua = null;
    if (this.#session && this.busy) {
      await this.hangup().catch(() => {});
    }
    this.#set({ registration: "stopped" });
    await ua?.stop().catch(() => {});
  }

  /**
   * Asks for the microphone once, so that a blocked permission is reported
   * before the first call rather than when answering it, and so that device
   * names become readable.
   */
  async checkMicrophone(): Promise<boolean> {
    const media = this.#media;
    if (!media) {
      this.#set({ micProblem: "unsupported" });
      return false;
    }
    try {
      const stream = await media.getUserMedia({ audio: this.#audioConstraints() });
      for (const track of stream.getTracks()) track.stop();
      this.#micChecked = true;
      this.#set({ micProblem: null });
      await this.refreshDevices();
      return true;
    } catch (error) {
      this.#set({ micProblem: microphoneProblem(error) ?? "mic_missing" });
      return false;
    }
  }

  /** Reads the microphones and speakers the browser offers. */
  async refreshDevices(): Promise<void> {
    if (!this.#media) return;
    try {
      const devices = await this.#media.enumerateDevices();
      const pick = (kind: MediaDeviceKind) =>
        devices.filter((d) => d.kind === kind && d.deviceId).map((d, index) => ({
          id: d.deviceId,
          label: d.label || `${kind === "audioinput" ? "Microphone" : "Speaker"} ${index + 1}`,
        }));
      this.#inputs = pick("audioinput");
      this.#outputs = pick("audiooutput");
      this.#host.requestUpdate();
    } catch {
      // Device lists are a convenience; the defaults still work.
    }
  }

  /** Picks the microphone; during a call the new one replaces the old at once. */
  async setMicrophone(id: string): Promise<void> {
    this.#microphoneId = id;
    this.#host.requestUpdate();
    const session = this.#session;
    if (!session || this.#call?.phase !== "talking" || !this.#media) return;
    try {
      const stream = await this.#media.getUserMedia({ audio: this.#audioConstraints() });
      const track = stream.getAudioTracks()[0];
      if (track) {
        track.enabled = !this.#call.muted && !this.#call.held;
        await session.replaceMicrophone(track);
      }
    } catch (error) {
      this.#set({ micProblem: microphoneProblem(error) ?? "mic_missing" });
    }
  }

  /** Picks the speaker; the element playing the call applies it with `setSinkId`. */
  setSpeaker(id: string): void {
    this.#speakerId = id;
    this.#host.requestUpdate();
  }

  /** Answers the ringing call. */
  async answer(): Promise<void> {
    const session = this.#session;
    const call = this.#call;
    if (!session || call?.phase !== "ringing") return;
    this.#updateCall({ phase: "connecting" });
    try {
      await session.accept(this.#audioConstraints());
      if (this.#call?.phase === "connecting") {
        this.#updateCall({ phase: "talking", answeredAt: this.#now() });
      }
      this.#set({
        micProblem: null,
        ...(this.#problem === "call_failed" ? { problem: null } : {}),
      });
    } catch (error) {
      const mic = microphoneProblem(error);
      this.#set(mic ? { micProblem: mic } : { problem: "call_failed" });
      // The INVITE may still be pending; let the agent try again once the mic works.
      if (this.#call?.phase === "connecting") this.#updateCall({ phase: "ringing" });
    }
  }

  /** Refuses the ringing call. */
  async reject(): Promise<void> {
    const session = this.#session;
    if (!session || this.#call?.phase !== "ringing") return;
    this.#finish("rejected");
    await session.reject().catch(() => {});
  }

  /** Ends the call: hangs up a talking call, refuses a ringing one. */
  async hangup(): Promise<void> {
    const session = this.#session;
    const phase = this.#call?.phase;
    if (!session || !phase || phase === "ended") return;
    if (phase === "ringing") return this.reject();
    this.#finish("local");
    await session.hangup().catch(() => {});
  }

  /** Puts the caller on hold, or takes them off it. */
  async toggleHold(): Promise<void> {
    const session = this.#session;
    const call = this.#call;
    if (!session || call?.phase !== "talking") return;
    const hold = !call.held;
    try {
      await session.hold(hold);
      this.#updateCall({ held: hold });
      if (!hold) session.setMuted(call.muted);
    } catch {
      this.#set({ problem: "call_failed" });
    }
  }

  /** Mutes or unmutes the microphone for the caller. */
  toggleMute(): void {
    const session = this.#session;
    const call = this.#call;
    if (!session || call?.phase !== "talking") return;
    const muted = !call.muted;
    session.setMuted(muted || call.held);
    this.#updateCall({ muted });
  }

  /** Sends one DTMF digit during a call. */
  async sendDtmf(tone: string): Promise<boolean> {
    const session = this.#session;
    if (!session || this.#call?.phase !== "talking" || !DTMF_TONES.test(tone)) return false;
    const sent = await session.sendDtmf(tone).catch(() => false);
    if (sent) this.#updateCall({ dtmf: (this.#call?.dtmf ?? "") + tone });
    return sent;
  }

  /** Forgets a finished call so the phone shows idle again. */
  clearEndedCall(): void {
    if (this.#call?.phase === "ended") {
      this.#call = null;
      this.#session = null;
      this.#host.requestUpdate();
    }
  }

  // --- registration ---------------------------------------------------------

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#set({ registration: this.#attempt === 0 ? "connecting" : "reconnecting" });
    let ua: PhoneUserAgent | null = null;
    try {
      const credentials = await this.#freshCredentials();
      if (generation !== this.#generation) return;
      const location = this.#options.location ?? globalThis.location;
      this.#extension = credentials.extension;
      ua = this.#options.createUserAgent({
        server: sipServerUrl(location, credentials.ws_path),
        aor: `sip:${credentials.extension}@${location.hostname}`,
        username: credentials.username || credentials.extension,
        password: credentials.password,
        displayName: this.#options.displayName ?? credentials.extension,
        onInvite: (call) => {
          if (generation === this.#generation) this.#incoming(call);
          else void call.reject().catch(() => {});
        },
        onDisconnect: () => {
          if (generation === this.#generation) this.#dropped();
        },
      });
      this.#ua = ua;
      await ua.start();
      if (generation !== this.#generation) return;
      await ua.register();
      if (generation !== this.#generation) return;
      this.#attempt = 0;
      const clear = this.#problem === "connection_lost" || this.#problem === "auth_failed";
      this.#set({ registration: "registered", ...(clear ? { problem: null } : {}) });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#ua = null;
      void ua?.stop().catch(() => {});
      const status = (error as { status?: number } | null)?.status;
      if (error instanceof RegistrationRejectedError && (status === 401 || status === 403)) {
        // The one-time password was refused (expired, or the server restarted): ask again.
        this.#credentials = null;
        if (this.#attempt >= 2) this.#set({ problem: "auth_failed" });
      } else if (status === 409 && !(error instanceof RegistrationRejectedError)) {
        // No extension assigned: retrying will not help until an admin assigns one.
        this.#set({ registration: "stopped", problem: "no_extension" });
        this.#wanted = false;
        return;
      } else {
        this.#set({ problem: "connection_lost" });
      }
      this.#schedule();
    }
  }

  async #freshCredentials(): Promise<SipCredentials> {
    const held = this.#credentials;
    if (held && Date.parse(held.expires_at) - this.#now() > 60_000) return held;
    this.#credentials = await this.#options.fetchCredentials();
    return this.#credentials;
  }

  #dropped(): void {
    if (!this.#wanted) return;
    const ua = this.#ua;
    this.#ua = null;
    this.#generation++;
    void ua?.stop().catch(() => {});
    this.#set({ registration: "reconnecting", problem: "connection_lost" });
    this.#schedule();
  }

  #schedule(): void {
    if (!this.#wanted) return;
    if (this.#registration !== "reconnecting") this.#set({ registration: "reconnecting" });
    const delay = backoffDelay(
      this.#attempt,
      this.#options.initialDelayMs ?? 1000,
      this.#options.maxDelayMs ?? 30_000,
      this.#options.random ?? Math.random,
    );
    this.#attempt++;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#wanted) void this.#connect();
    }, delay);
  }

  // --- calls ----------------------------------------------------------------

  /**
   * The agent asked for a call out: the appliance rings this phone first, and the phone
   * answers it by itself when it comes within 30 s (the call with `callId`, or while the
   * id is not known yet, the next outbound call).
   */
  expectOutbound(callId: string | null): void {
    this.#expected = { callId, until: this.#now() + 30_000 };
  }

  forgetOutbound(): void {
    this.#expected = null;
  }

  #expected: { callId: string | null; until: number } | null = null;

  #isExpected(session: PhoneCall): boolean {
    const expected = this.#expected;
    if (!session.outbound || !expected || this.#now() > expected.until) return false;
    return expected.callId === null || expected.callId === session.callId;
  }

  #incoming(session: PhoneCall): void {
    if (this.busy) {
      // One call at a time; the ACD does not offer a second one to a busy agent.
      void session.reject().catch(() => {});
      return;
    }
    this.#session = session;
    this.#call = {
      callId: session.callId,
      caller: session.caller,
      callerName: session.callerName,
      phase: "ringing",
      held: false,
      muted: false,
      ringingAt: this.#now(),
      answeredAt: null,
      endedAt: null,
      endCause: null,
      dtmf: "",
    };
    session.onEnded((byRemote) => {
      if (this.#session !== session || this.#call?.phase === "ended") return;
      const phase = this.#call?.phase;
      this.#finish(phase === "ringing" ? "missed" : byRemote ? "remote" : "failed");
    });
    this.#host.requestUpdate();
    this.#options.onIncoming?.({ ...this.#call });
    if (this.#isExpected(session)) {
      this.#expected = null;
      void this.answer();
    } else if (session.outbound && session.autoAnswer) {
      void this.answer();
    }
  }

  #finish(cause: EndCause): void {
    if (!this.#call || this.#call.phase === "ended") return;
    this.#updateCall({ phase: "ended", endedAt: this.#now(), endCause: cause });
    this.#options.onCallEnded?.({ ...this.#call });
  }

  #audioConstraints(): MediaTrackConstraints | true {
    if (!this.#microphoneId) return true;
    return { deviceId: { exact: this.#microphoneId } };
  }

  #updateCall(change: Partial<CallView>): void {
    if (!this.#call) return;
    this.#call = { ...this.#call, ...change };
    this.#host.requestUpdate();
  }

  #set(
    change: {
      registration?: RegistrationState;
      problem?: LineProblem | null;
      micProblem?: MicProblem | null;
    },
  ): void {
    if (change.registration !== undefined) this.#registration = change.registration;
    if (change.problem !== undefined) this.#problem = change.problem;
    if (change.micProblem !== undefined) this.#micProblem = change.micProblem;
    this.#host.requestUpdate();
  }

  /** Whether the microphone was checked successfully at least once. */
  get microphoneChecked(): boolean {
    return this.#micChecked;
  }
}
