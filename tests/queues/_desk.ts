/**
 * A queue desk on the demo database and a virtual clock, with a fake SIP stack: legs it
 * "originates" are recorded and driven by the test (ringing, answer, hang-up), and
 * callers are fake legs with a real player. Agents' RTP sockets are real.
 */
import { Call, type CallRecordings, CallService } from "../../src/calls/mod.ts";
import { AgentPresence, QueueDesk } from "../../src/queues/mod.ts";
import { LiveVoicemail } from "../../src/voicemail/mod.ts";
import type { QueueRequest } from "../../src/ivr/mod.ts";
import { EventHub } from "../../src/events/mod.ts";
import {
  createAudioOffer,
  MediaClock,
  type MediaLeg,
  Player,
  PortPool,
} from "../../src/media/mod.ts";
import type {
  Binding,
  LegEndCause,
  LegListener,
  RegistrationListener,
  SipStack,
} from "../../src/sip/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { holdUdpThread, openUdpSocket } from "../../src/net/mod.ts";
import { type TestAppliance, testAppliance } from "../support/test_appliance.ts";

/** A leg that only does what the test tells it to. */
export class FakeLeg {
  readonly listeners: LegListener[] = [];
  ended = false;
  endCause?: LegEndCause;
  readonly sipCallId = crypto.randomUUID();
  readonly direction = "outbound";
  state = "calling";

  constructor(readonly options: { to?: string; headers?: [string, string][]; sdp?: string } = {}) {}

  listen(listener: LegListener): void {
    this.listeners.push(listener);
  }

  header(name: string): string | undefined {
    return this.options.headers?.find(([n]) => n === name)?.[1];
  }

  /** Ends the leg from our side (the appliance hung up or cancelled). */
  hangup(): void {
    this.end({ reason: this.state === "confirmed" ? "bye" : "cancel", by: "local" });
  }

  end(cause: LegEndCause): void {
    if (this.ended) return;
    this.ended = true;
    this.state = "ended";
    this.endCause = cause;
    for (const l of this.listeners) l.ended?.(cause);
  }

  /** The agent's phone answers with plain RTP on a port nobody listens to. */
  answer(): void {
    this.state = "confirmed";
    const sdp = createAudioOffer({ address: "127.0.0.1", port: 9, codecs: ["PCMU"] });
    for (const l of this.listeners) l.answered?.(sdp);
  }
}

const silentLeg = (): MediaLeg => ({
  codec: "PCMU",
  payloadType: 0,
  onAudio: () => () => {},
  onPacket: () => () => {},
  onDigit: () => () => {},
  sendFrame() {},
  sendPayload() {},
  sendDigits() {},
  counters: { packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, lost: 0 },
  close: () => Promise.resolve(),
});

export interface DeskWorld {
  app: TestAppliance;
  desk: QueueDesk;
  /** The call-control API the desk rings agents through. */
  calls: CallService;
  legs: FakeLeg[];
  logs: string[];
  ids: Map<string, number>;
  /** Registers (or refreshes) the agent's extension: a binding and the hub event. */
  register(username: string): void;
  unregister(username: string, expired: boolean): void;
  ready(username: string): void;
  /**
   * A caller from `caller` who reached `queue`; returns the call, its leg, the player the
   * caller hears and `speak`, which sends one frame of the caller's audio.
   */
  placeCall(
    request: QueueRequest,
    caller?: string,
  ): {
    call: Call;
    leg: FakeLeg;
    player: Player;
    speak(frame: Int16Array): void;
    /** How many listen to the caller's audio (recorders, detectors). */
    hearing(): number;
  };
  /** Lets promises and real sockets settle. */
  settle(ms?: number): Promise<void>;
  /**
   * Waits until `count` legs have been rung (media opens on real sockets, which takes
   * longer on a busy machine); fails after three seconds.
   */
  ringing(count: number): Promise<void>;
  state(username: string): { state: string; reason: string | undefined };
  [Symbol.asyncDispose](): Promise<void>;
}

export async function deskWorld(
  options: { recordings?: CallRecordings; voicemail?: boolean } = {},
): Promise<DeskWorld> {
  const app = await testAppliance({ demo: true });
  // Steps below wait a fixed few ms for media to open: start the socket thread first, as
  // a running appliance keeps it (a cold start takes tens of ms).
  const releaseSocketThread = holdUdpThread();
  await (await openUdpSocket("127.0.0.1", 0)).close();
  const legs: FakeLeg[] = [];
  const contacts = new Map<string, Binding[]>();
  const registrationListeners = new Set<RegistrationListener>();
  const sip = {
    contactsOf: (ext: string) => contacts.get(ext) ?? [],
    onRegistration: (listener: RegistrationListener) => {
      registrationListeners.add(listener);
      return () => registrationListeners.delete(listener);
    },
    // Callers are placed by the test, not delivered by the stack.
    onIncomingCall: () => () => {},
    originate: (options: ConstructorParameters<typeof FakeLeg>[0]) => {
      const leg = new FakeLeg(options);
      legs.push(leg);
      return leg;
    },
  } as unknown as SipStack;
  const mediaClock = new MediaClock(app.clock);
  const base = 30000 + Math.floor(Math.random() * 300) * 100;
  const plane = {
    clock: app.clock,
    mediaClock,
    ports: new PortPool(base, base + 99),
    bindAddress: "127.0.0.1",
    advertisedAddress: "127.0.0.1",
  };
  const logs: string[] = [];
  // A hub of its own: the appliance's desk must not see this desk's events.
  const hub = new EventHub(() => app.clock.now());
  const log = createLogger("acd", { sink: (line) => logs.push(line), level: "debug" });
  const calls = new CallService({
    clock: app.clock,
    log,
    journal: app.calls.journal,
    numbers: app.numbers,
    media: plane,
    sip,
    recordings: options.recordings,
  });
  const desk = new QueueDesk({
    db: app.db,
    clock: app.clock,
    log,
    hub,
    sip,
    crm: app.crm,
    calls,
    journal: app.calls.journal,
    // Messages land in the appliance's own voicemail records and inbox.
    voicemail: options.voicemail
      ? new LiveVoicemail({
        calls,
        clock: app.clock,
        log,
        dataDir: app.dir,
        save: (v) => app.ivr.services.records.saveVoicemail(v),
      })
      : undefined,
  });
  const ids = new Map(
    app.db.all<{ id: number; username: string }>("SELECT id, username FROM users").map((
      u,
    ) => [u.username, u.id]),
  );
  const presence = new AgentPresence(sip, desk);
  const registrationChanged = (
    kind: "registered" | "unregistered" | "expired",
    extension: string,
  ) => {
    const change = {
      kind,
      extension,
      contact: `sip:${extension}@127.0.0.1:5999`,
      transport: "udp",
    };
    for (const listener of registrationListeners) listener(change);
  };
  const ext = (username: string) => app.users.byUsername(username)!.extension!;
  return {
    app,
    desk,
    calls,
    legs,
    logs,
    ids,
    register(username) {
      const e = ext(username);
      contacts.set(e, [{
        aor: e,
        contact: `sip:${e}@127.0.0.1:5999`,
        expiresAt: app.clock.now() + 300_000,
        flow: { transport: "udp", host: "127.0.0.1", port: 5999 },
        callId: "reg",
        cseq: 1,
      }]);
      registrationChanged("registered", e);
    },
    unregister(username, expired) {
      contacts.delete(ext(username));
      registrationChanged(expired ? "expired" : "unregistered", ext(username));
    },
    ready(username) {
      desk.setAgentState(ids.get(username)!, { state: "ready" }, false);
    },
    placeCall(request, caller = "+8613800138000") {
      const leg = new FakeLeg();
      leg.state = "confirmed";
      const call = new Call(crypto.randomUUID(), leg as never, { did: "3001", caller });
      const player = new Player();
      const hearers = new Set<(frame: Int16Array) => void>();
      const closed = new AbortController();
      call.attachMedia(
        {
          player,
          endpoint: silentLeg(),
          yieldSending: () => () => {},
          close: () => Promise.resolve(),
          onCallerAudio: (listener: (frame: Int16Array) => void) => {
            hearers.add(listener);
            return () => hearers.delete(listener);
          },
          closedSignal: closed.signal,
        } as never,
        mediaClock,
      );
      app.calls.journal.open({ id: call.id, direction: "inbound", state: "offered", caller });
      leg.listen({
        ended: () => {
          closed.abort();
          call.transition("ended");
        },
      });
      call.transition("answered");
      // The desk hangs up through the call-control API, which knows only calls it answered.
      calls.hangup = () => {
        leg.hangup();
        return true;
      };
      desk.enqueue(call, request);
      const speak = (frame: Int16Array) => {
        for (const hear of [...hearers]) hear(frame);
      };
      return { call, leg, player, speak, hearing: () => hearers.size };
    },
    async settle(ms = 30) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    async ringing(count) {
      const deadline = Date.now() + 3000;
      while (legs.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`${legs.length} legs rung in 3 s, expected ${count}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Let the leg's listeners be attached and the offer's bookkeeping finish.
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
    state(username) {
      const view = desk.engine.agent(String(ids.get(username)));
      return { state: view.state, reason: view.reason };
    },
    async [Symbol.asyncDispose]() {
      presence.close();
      await desk.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await app[Symbol.asyncDispose]();
      releaseSocketThread();
    },
  };
}
