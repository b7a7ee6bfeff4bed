/**
 * The softphone's SIP layer on sip.js: a `UserAgent` with a `Registerer` over
 * the appliance's `/sip` WebSocket (subprotocol "sip", RFC 7118), and each
 * incoming `Invitation` wrapped as a {@linkcode PhoneCall}.
 *
 * The appliance sits on a LAN without internet, so no STUN servers are
 * configured and ICE gathering is cut short: host candidates are all the
 * appliance's WebRTC endpoint needs.
 *
 * @module
 */

import {
  type Invitation,
  type LogLevel,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  Web,
} from "sip.js";
import { keepMd5Challenges } from "./sip_challenge.ts";
import {
  type PhoneCall,
  type PhoneUserAgent,
  type PhoneUserAgentConfig,
  RegistrationRejectedError,
} from "./softphone_controller.ts";

/** Seconds a registration lasts before sip.js refreshes it. */
const REGISTER_EXPIRES_S = 120;

/** The WebSocket transport, with digest challenges sip.js cannot answer filtered out. */
class SoftphoneTransport extends Web.Transport {}

// sip.js declares `onMessage` as a plain property that the user agent assigns; an
// accessor on the prototype sees every assignment and wraps the callback.
const deliverers = new WeakMap<object, (message: string) => void>();
Object.defineProperty(SoftphoneTransport.prototype, "onMessage", {
  get(this: object) {
    const deliver = deliverers.get(this);
    return deliver && ((message: string) => deliver(keepMd5Challenges(message)));
  },
  set(this: object, deliver: ((message: string) => void) | undefined) {
    if (deliver) deliverers.set(this, deliver);
    else deliverers.delete(this);
  },
});

/** Creates the sip.js-backed user agent the softphone controller drives. */
export function createSipUserAgent(config: PhoneUserAgentConfig): PhoneUserAgent {
  const uri = UserAgent.makeURI(config.aor);
  if (!uri) throw new TypeError(`Not a SIP address: ${config.aor}`);
  let registered = false;
  let stopping = false;
  const ua = new UserAgent({
    uri,
    displayName: config.displayName,
    authorizationUsername: config.username,
    authorizationPassword: config.password,
    transportConstructor: SoftphoneTransport,
    transportOptions: { server: config.server, traceSip: false },
    logBuiltinEnabled: false,
    logLevel: "warn" as LogLevel,
    logConnector: (level, category, _label, content) => {
      if (level === "error") console.error(`ui/softphone: ${category}: ${content}`);
      else if (level === "warn") console.warn(`ui/softphone: ${category}: ${content}`);
    },
    sessionDescriptionHandlerFactoryOptions: {
      iceGatheringTimeout: 500,
      peerConnectionConfiguration: { iceServers: [] },
    },
    delegate: {
      onInvite: (invitation) => config.onInvite(wrapInvitation(invitation)),
      onDisconnect: (error) => {
        if (!stopping) config.onDisconnect(error);
      },
    },
  });
  const registerer = new Registerer(ua, { expires: REGISTER_EXPIRES_S });
  registerer.stateChange.addListener((state) => {
    // A refresh the registrar refused, or the registration lapsing, counts as a drop.
    if (state === RegistererState.Unregistered && registered && !stopping) {
      registered = false;
      config.onDisconnect(new Error("Registration lapsed"));
    }
  });

  return {
    start: () => ua.start(),
    register: () =>
      new Promise<void>((resolve, reject) => {
        registerer.register({
          requestDelegate: {
            onAccept: () => {
              registered = true;
              resolve();
            },
            onReject: (response) => {
              const message = response.message;
              reject(new RegistrationRejectedError(message.statusCode ?? 0, message.reasonPhrase));
            },
          },
        }).catch(reject);
      }),
    async stop() {
      stopping = true;
      if (registered) {
        registered = false;
        await registerer.unregister().catch(() => {});
      }
      await registerer.dispose().catch(() => {});
      await ua.stop().catch(() => {});
    },
  };
}

function sdhOf(invitation: Invitation): Web.SessionDescriptionHandler | null {
  const sdh = invitation.sessionDescriptionHandler;
  return sdh instanceof Web.SessionDescriptionHandler ? sdh : null;
}

function wrapInvitation(invitation: Invitation): PhoneCall {
  const identity = invitation.remoteIdentity;
  const endListeners: ((byRemote: boolean) => void)[] = [];
  let endedLocally = false;
  invitation.stateChange.addListener((state) => {
    if (state === SessionState.Terminated) {
      for (const listener of endListeners.splice(0)) listener(!endedLocally);
    }
  });
  const senderTracks = (enabled: boolean) => {
    const pc = sdhOf(invitation)?.peerConnection;
    for (const sender of pc?.getSenders() ?? []) {
      if (sender.track) sender.track.enabled = enabled;
    }
  };
  return {
    callId: invitation.request.getHeader("X-CC-Call-Id")?.trim() || null,
    outbound: invitation.request.getHeader("X-CC-Direction")?.trim() === "outbound",
    autoAnswer: invitation.request.getHeader("X-CC-Answer")?.trim() === "auto",
    caller: identity.uri.user ?? "",
    callerName: identity.displayName ?? "",
    accept: (audio) =>
      invitation.accept({
        sessionDescriptionHandlerOptions: { constraints: { audio, video: false } },
      }),
    async reject() {
      endedLocally = true;
      if (
        invitation.state === SessionState.Initial || invitation.state === SessionState.Establishing
      ) {
        await invitation.reject({ statusCode: 486 });
      }
    },
    async hangup() {
      endedLocally = true;
      if (invitation.state === SessionState.Established) await invitation.bye();
      else if (invitation.state !== SessionState.Terminated) await invitation.reject();
    },
    hold: (on) =>
      new Promise<void>((resolve, reject) => {
        const options = invitation.sessionDescriptionHandlerOptionsReInvite as Record<
          string,
          unknown
        >;
        options.hold = on;
        invitation.sessionDescriptionHandlerOptionsReInvite = options;
        invitation.invite({
          requestDelegate: {
            onAccept: () => {
              senderTracks(!on);
              resolve();
            },
            onReject: (response) => {
              options.hold = !on;
              reject(new Error(`Hold refused with ${response.message.statusCode}`));
            },
          },
        }).catch(reject);
      }),
    setMuted: (muted) => senderTracks(!muted),
    async sendDtmf(tone) {
      const sdh = sdhOf(invitation);
      if (sdh?.sendDtmf(tone)) return true;
      // No RTP DTMF sender: fall back to SIP INFO (application/dtmf-relay).
      await invitation.info({
        requestOptions: {
          body: {
            contentDisposition: "render",
            contentType: "application/dtmf-relay",
            content: `Signal=${tone}\r\nDuration=160`,
          },
        },
      });
      return true;
    },
    async replaceMicrophone(track) {
      const sdh = sdhOf(invitation);
      const sender = sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === "audio");
      if (!sdh || !sender) throw new Error("No audio sender to replace");
      const old = sender.track;
      await sender.replaceTrack(track);
      const local = sdh.localMediaStream;
      if (old) {
        local.removeTrack(old);
        old.stop();
      }
      local.addTrack(track);
    },
    localStream: () => sdhOf(invitation)?.localMediaStream ?? null,
    remoteStream: () => sdhOf(invitation)?.remoteMediaStream ?? null,
    onEnded(listener) {
      if (invitation.state === SessionState.Terminated) listener(!endedLocally);
      else endListeners.push(listener);
    },
  };
}
