import assert from "node:assert/strict";
import {
  type MediaAccess,
  microphoneProblem,
  type PhoneCall,
  type PhoneUserAgent,
  type PhoneUserAgentConfig,
  RegistrationRejectedError,
  type SipCredentials,
  sipServerUrl,
  SoftphoneController,
} from "../../ui/agent/softphone_controller.ts";
import { ApiError } from "../../ui/common/api_client.ts";

/** A host that only counts renders. */
function fakeHost() {
  return {
    updates: 0,
    addController() {},
    removeController() {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

/** A user agent that records what the controller does and lets the test drive SIP events. */
class FakeUserAgent implements PhoneUserAgent {
  started = false;
  stopped = false;
  registerResult: () => Promise<void> = () => Promise.resolve();
  constructor(readonly config: PhoneUserAgentConfig) {}
  start(): Promise<void> {
    this.started = true;
    return Promise.resolve();
  }
  register(): Promise<void> {
    return this.registerResult();
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}

/** An incoming call whose SIP side the test controls. */
class FakeCall implements PhoneCall {
  readonly log: string[] = [];
  muted = false;
  acceptError: Error | null = null;
  #ended: ((byRemote: boolean) => void)[] = [];
  constructor(
    readonly callId: string | null = "3f1c3a5e-1111-4222-8333-444455556666",
    readonly caller = "+8613800138000",
    readonly callerName = "",
  ) {}
  accept(audio: MediaTrackConstraints | true): Promise<void> {
    this.log.push(`accept:${JSON.stringify(audio)}`);
    return this.acceptError ? Promise.reject(this.acceptError) : Promise.resolve();
  }
  reject(): Promise<void> {
    this.log.push("reject");
    return Promise.resolve();
  }
  hangup(): Promise<void> {
    this.log.push("bye");
    return Promise.resolve();
  }
  hold(on: boolean): Promise<void> {
    this.log.push(on ? "hold" : "unhold");
    return Promise.resolve();
  }
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.log.push(muted ? "mute" : "unmute");
  }
  sendDtmf(tone: string): Promise<boolean> {
    this.log.push(`dtmf:${tone}`);
    return Promise.resolve(true);
  }
  replaceMicrophone(): Promise<void> {
    this.log.push("replace-mic");
    return Promise.resolve();
  }
  localStream(): MediaStream | null {
    return null;
  }
  remoteStream(): MediaStream | null {
    return null;
  }
  onEnded(listener: (byRemote: boolean) => void): void {
    this.#ended.push(listener);
  }
  /** The other side hangs up (or cancels while ringing). */
  remoteEnd(): void {
    for (const l of this.#ended.splice(0)) l(true);
  }
}

const LOCATION = { protocol: "https:", host: "cc.example:8443", hostname: "cc.example" };

function credentials(password = "one-time"): SipCredentials {
  return {
    extension: "1003",
    username: "1003",
    password,
    realm: "cc",
    ws_path: "/sip",
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

const workingMedia: MediaAccess = {
  getUserMedia: () => Promise.resolve({ getTracks: () => [] } as unknown as MediaStream),
  enumerateDevices: () =>
    Promise.resolve([
      { kind: "audioinput", deviceId: "mic-1", label: "Headset" },
      { kind: "audiooutput", deviceId: "spk-1", label: "" },
    ] as MediaDeviceInfo[]),
};

function setup(
  options: {
    media?: MediaAccess | null;
    fetch?: () => Promise<SipCredentials>;
    /** How the n-th user agent's REGISTER ends (0-based); succeeds by default. */
    register?: (n: number) => Promise<void>;
  } = {},
) {
  const host = fakeHost();
  const agents: FakeUserAgent[] = [];
  const incoming: string[] = [];
  const ended: string[] = [];
  let fetches = 0;
  const phone = new SoftphoneController(host, {
    fetchCredentials: () => {
      fetches++;
      return options.fetch ? options.fetch() : Promise.resolve(credentials(`pw${fetches}`));
    },
    createUserAgent: (config) => {
      const ua = new FakeUserAgent(config);
      const n = agents.length;
      if (options.register) ua.registerResult = () => options.register!(n);
      agents.push(ua);
      return ua;
    },
    location: LOCATION,
    media: options.media === undefined ? workingMedia : options.media,
    initialDelayMs: 5,
    maxDelayMs: 20,
    random: () => 0,
    onIncoming: (call) => incoming.push(call.caller),
    onCallEnded: (call) => ended.push(call.endCause ?? ""),
  });
  return { host, phone, agents, incoming, ended, fetches: () => fetches };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 1000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await tick(2);
  }
}

Deno.test("sipServerUrl() uses wss on https pages and ws on http pages", () => {
  assert.equal(sipServerUrl(LOCATION), "wss://cc.example:8443/sip");
  assert.equal(
    sipServerUrl({ protocol: "http:", host: "127.0.0.1:8080" }),
    "ws://127.0.0.1:8080/sip",
  );
});

Deno.test("the softphone registers the agent's extension with a one-time password", async () => {
  const { phone, agents } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  assert.equal(agents.length, 1);
  const config = agents[0].config;
  assert.equal(config.server, "wss://cc.example:8443/sip");
  assert.equal(config.aor, "sip:1003@cc.example");
  assert.equal(config.username, "1003");
  assert.equal(config.password, "pw1");
  assert.equal(agents[0].started, true);
  assert.equal(phone.extension, "1003");
  assert.equal(phone.problem, null);
  assert.deepEqual(phone.inputs, [{ id: "mic-1", label: "Headset" }]);
  assert.deepEqual(phone.outputs, [{ id: "spk-1", label: "Speaker 1" }]);
  await phone.stop();
  assert.equal(agents[0].stopped, true);
  assert.equal(phone.registration, "stopped");
});

Deno.test("a dropped connection is reported and the softphone registers again by itself", async () => {
  const { phone, agents } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  agents[0].config.onDisconnect(new Error("socket closed"));
  assert.equal(phone.registration, "reconnecting");
  assert.equal(phone.problem, "connection_lost");
  assert.equal(agents[0].stopped, true);
  await until(() => phone.registration === "registered" && agents.length === 2, "re-register");
  assert.equal(phone.problem, null);
  // The password is still valid, so it is reused rather than fetched again.
  assert.equal(agents[1].config.password, "pw1");
  await phone.stop();
});

Deno.test("a refused password (401/403) makes the softphone fetch a new one", async () => {
  const { phone, agents, fetches } = setup({
    register: (n) =>
      n === 0 ? Promise.reject(new RegistrationRejectedError(403, "Forbidden")) : Promise.resolve(),
  });
  phone.start();
  await until(() => phone.registration === "registered", "registration after refusal");
  assert.equal(agents.length, 2);
  assert.equal(fetches(), 2);
  assert.equal(agents[0].config.password, "pw1");
  assert.equal(agents[1].config.password, "pw2");
  await phone.stop();
});

Deno.test("an agent without an extension is told so and the softphone stops trying", async () => {
  const { phone, agents } = setup({
    fetch: () => Promise.reject(new ApiError(409, "conflict", "agent3 has no extension")),
  });
  phone.start();
  await until(() => phone.problem === "no_extension", "no extension");
  assert.equal(phone.registration, "stopped");
  assert.equal(agents.length, 0);
  await tick(30);
  assert.equal(agents.length, 0);
});

Deno.test("a blocked microphone is reported before the first call", async () => {
  const blocked: MediaAccess = {
    getUserMedia: () => Promise.reject(new DOMException("denied", "NotAllowedError")),
    enumerateDevices: () => Promise.resolve([]),
  };
  const { phone } = setup({ media: blocked });
  phone.start();
  await until(() => phone.micProblem === "mic_blocked", "mic problem");
  assert.equal(microphoneProblem(new DOMException("x", "NotFoundError")), "mic_missing");
  assert.equal(microphoneProblem(new Error("other")), null);
  await phone.stop();
});

Deno.test("an incoming call rings, is answered, held, muted, sent DTMF and hung up", async () => {
  const { phone, agents, incoming, ended } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  const call = new FakeCall();
  agents[0].config.onInvite(call);
  assert.deepEqual(incoming, ["+8613800138000"]);
  assert.equal(phone.call?.phase, "ringing");
  assert.equal(phone.call?.callId, call.callId);
  assert.equal(phone.busy, true);

  await phone.setMicrophone("mic-1");
  await phone.answer();
  assert.equal(phone.call?.phase, "talking");
  assert.ok(phone.call?.answeredAt);
  assert.equal(call.log[0], `accept:${JSON.stringify({ deviceId: { exact: "mic-1" } })}`);

  await phone.toggleHold();
  assert.equal(phone.call?.held, true);
  await phone.toggleHold();
  assert.equal(phone.call?.held, false);

  phone.toggleMute();
  assert.equal(phone.call?.muted, true);
  assert.equal(call.muted, true);
  phone.toggleMute();
  assert.equal(call.muted, false);

  assert.equal(await phone.sendDtmf("5"), true);
  assert.equal(await phone.sendDtmf("#"), true);
  assert.equal(await phone.sendDtmf("x"), false);
  assert.equal(phone.call?.dtmf, "5#");

  await phone.hangup();
  assert.equal(phone.call?.phase, "ended");
  assert.equal(phone.call?.endCause, "local");
  assert.deepEqual(ended, ["local"]);
  assert.deepEqual(call.log.slice(1), [
    "hold",
    "unhold",
    "unmute",
    "mute",
    "unmute",
    "dtmf:5",
    "dtmf:#",
    "bye",
  ]);
  phone.clearEndedCall();
  assert.equal(phone.call, null);
  await phone.stop();
});

Deno.test("a call the caller abandons while ringing ends as missed; hanging up ringing rejects", async () => {
  const { phone, agents, ended } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  const first = new FakeCall();
  agents[0].config.onInvite(first);
  first.remoteEnd();
  assert.equal(phone.call?.endCause, "missed");

  const second = new FakeCall("5e0c8a0e-2222-4333-8444-555566667777");
  agents[0].config.onInvite(second);
  await phone.hangup();
  assert.deepEqual(second.log, ["reject"]);
  assert.deepEqual(ended, ["missed", "rejected"]);
  await phone.stop();
});

Deno.test("a second call while busy is refused, and the caller hanging up ends the talk", async () => {
  const { phone, agents, ended } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  const call = new FakeCall();
  agents[0].config.onInvite(call);
  await phone.answer();
  const other = new FakeCall("9a9a9a9a-3333-4444-8555-666677778888");
  agents[0].config.onInvite(other);
  assert.deepEqual(other.log, ["reject"]);
  assert.equal(phone.call?.callId, call.callId);
  call.remoteEnd();
  assert.equal(phone.call?.endCause, "remote");
  assert.deepEqual(ended, ["remote"]);
  await phone.stop();
});

Deno.test("answering with a blocked microphone keeps the call ringing and says why", async () => {
  const { phone, agents } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  const call = new FakeCall();
  call.acceptError = new DOMException("denied", "NotAllowedError");
  agents[0].config.onInvite(call);
  await phone.answer();
  assert.equal(phone.call?.phase, "ringing");
  assert.equal(phone.micProblem, "mic_blocked");
  call.acceptError = null;
  await phone.answer();
  assert.equal(phone.call?.phase, "talking");
  assert.equal(phone.micProblem, null);
  await phone.stop();
});

/** The appliance ringing this phone first for a call the agent placed. */
class OutboundCall extends FakeCall {
  readonly outbound = true;
}

Deno.test("the phone answers by itself the outbound call the agent asked for, and no other", async () => {
  const { phone, agents } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  phone.expectOutbound("out-1");
  const other = new OutboundCall("out-2");
  agents[0].config.onInvite(other);
  await tick();
  assert.deepEqual(other.log, [], "a different outbound call still rings");
  await phone.reject();
  phone.clearEndedCall();

  const inbound = new FakeCall("out-1");
  agents[0].config.onInvite(inbound);
  await tick();
  assert.deepEqual(inbound.log, [], "an inbound call is never answered by itself");
  await phone.reject();
  phone.clearEndedCall();

  const mine = new OutboundCall("out-1");
  agents[0].config.onInvite(mine);
  await until(() => phone.call?.phase === "talking", "the call answered");
  assert.equal(mine.log[0], "accept:true");
});

/** A predictive campaign's customer already on the line, the agent asked to join at once. */
class CampaignCall extends OutboundCall {
  readonly autoAnswer = true;
}

Deno.test("the phone answers by itself an outbound call marked to be answered automatically, and not an inbound one so marked", async () => {
  const { phone, agents } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  const marked = Object.assign(new FakeCall("in-1"), { autoAnswer: true });
  agents[0].config.onInvite(marked);
  await tick();
  assert.deepEqual(marked.log, [], "only an outbound call may be answered by itself");
  await phone.reject();
  phone.clearEndedCall();

  const campaign = new CampaignCall("out-7");
  agents[0].config.onInvite(campaign);
  await until(() => phone.call?.phase === "talking", "the call answered");
  assert.equal(campaign.log[0], "accept:true");
});

Deno.test("before the call's id is known the next outbound call is answered; a refused request answers none", async () => {
  const { phone, agents } = setup();
  phone.start();
  await until(() => phone.registration === "registered", "registration");
  phone.expectOutbound(null);
  phone.forgetOutbound();
  const late = new OutboundCall("out-9");
  agents[0].config.onInvite(late);
  await tick();
  assert.deepEqual(late.log, []);
  await phone.reject();
  phone.clearEndedCall();

  phone.expectOutbound(null);
  const next = new OutboundCall("out-10");
  agents[0].config.onInvite(next);
  await until(() => phone.call?.phase === "talking", "the call answered");
});
