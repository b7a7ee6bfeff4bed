/**
 * A SIP stack on real loopback sockets with a virtual clock, one trunk (127.0.0.1/32)
 * in a real database, and a call handler the test drives: enough to check what a peer
 * sees on the wire without the call layer above.
 */
import { VirtualClock } from "../../../src/clock/mod.ts";
import { Database } from "../../../src/db/mod.ts";
import { createLogger } from "../../../src/log/mod.ts";
import { createRequest, type SipRequest } from "../../../src/sip/core/mod.ts";
import {
  type IncomingCall,
  SipStack,
  type SipStackOptions,
  TrunkDirectory,
  TrunkInputSchema,
} from "../../../src/sip/mod.ts";
import { SipUdpClient } from "../../support/sip_udp_client.ts";

export const SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
  "m=audio 40000 RTP/AVP 0\r\n";

export interface StackHarness {
  stack: SipStack;
  clock: VirtualClock;
  trunks: TrunkDirectory;
  /** Calls the stack handed up, in order. */
  calls: IncomingCall[];
  blocked: { reason: string; sipCallId: string }[];
  logs: string[];
  /** What the handler does with each call; by default it only rings. */
  onCall: (call: IncomingCall) => void;
  /** The PBX: a UDP socket on 127.0.0.1, the trunk's address. */
  pbx: SipUdpClient;
  activeCalls(): number;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function stackHarness(
  options: Partial<Pick<SipStackOptions, "limits" | "credentials">> & { maxCalls?: number } = {},
): Promise<StackHarness> {
  const dir = await Deno.makeTempDir({ prefix: "cc-sipstack-" });
  const db = new Database(`${dir}/test.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1));
  const trunks = new TrunkDirectory(db, clock);
  trunks.create(TrunkInputSchema.parse({
    name: "pbx",
    host: "127.0.0.1",
    allow_cidrs: ["127.0.0.1/32"],
    max_calls: options.maxCalls ?? 30,
    options_interval_s: 0,
  }));
  const logs: string[] = [];
  const stack = new SipStack({
    bind: "127.0.0.1",
    port: 0,
    advertisedHost: "127.0.0.1",
    clock,
    log: createLogger("sip", { sink: (line) => logs.push(line), level: "debug" }),
    trunks,
    credentials: options.credentials ?? (() => []),
    nonceSecret: () => "test-secret",
    publish: () => {},
    realm: "callcenter",
    limits: options.limits,
  });
  const harness: StackHarness = {
    stack,
    clock,
    trunks,
    calls: [],
    blocked: [],
    logs,
    onCall: (call) => call.leg.ring(),
    pbx: undefined as unknown as SipUdpClient,
    activeCalls: () => trunks.list()[0].active_calls,
    async [Symbol.asyncDispose]() {
      harness.pbx.close();
      await stack.stop();
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
  stack.onIncomingCall({
    incomingCall: (call) => {
      harness.calls.push(call);
      harness.onCall(call);
    },
    blockedCall: (info) => harness.blocked.push(info),
  });
  await stack.start();
  harness.pbx = await SipUdpClient.open("127.0.0.1");
  return harness;
}

export interface InviteOptions {
  from?: string;
  to?: string;
  cseq?: number | string;
  callId?: string;
  branch?: string;
  contacts?: string[];
  method?: string;
}

/** A request from the PBX socket; an INVITE by default. */
export function pbxRequest(h: StackHarness, options: InviteOptions = {}): SipRequest {
  const method = options.method ?? "INVITE";
  const request = createRequest({ method, uri: `sip:1000@127.0.0.1:${h.stack.port}` });
  request.headers.append(
    "Via",
    `SIP/2.0/UDP 127.0.0.1:${h.pbx.port};branch=${
      options.branch ?? `z9hG4bK${crypto.randomUUID()}`
    }`,
  );
  request.headers.append("Max-Forwards", "70");
  request.headers.append("From", options.from ?? `<sip:3333@127.0.0.1>;tag=pbx1`);
  request.headers.append("To", options.to ?? `<sip:1000@127.0.0.1>`);
  request.headers.append("Call-ID", options.callId ?? `${crypto.randomUUID()}@pbx`);
  request.headers.append("CSeq", `${options.cseq ?? 1} ${method}`);
  for (const contact of options.contacts ?? [`<sip:3333@127.0.0.1:${h.pbx.port}>`]) {
    request.headers.append("Contact", contact);
  }
  if (method === "INVITE") {
    request.headers.append("Content-Type", "application/sdp");
    request.body = new TextEncoder().encode(SDP);
  }
  return request;
}

/** The same dialog's next request from the PBX (ACK, BYE, CANCEL...). */
export function follow(
  h: StackHarness,
  invite: SipRequest,
  method: string,
  options: { cseq?: number | string; to?: string; branch?: string } = {},
): SipRequest {
  const request = createRequest({ method, uri: invite.uri });
  const sameBranch = method === "CANCEL" || (method === "ACK" && options.branch === undefined &&
    options.to === undefined);
  const branch = sameBranch
    ? /branch=([^;]+)/.exec(invite.headers.get("Via")!)![1]
    : options.branch ?? `z9hG4bK${crypto.randomUUID()}`;
  request.headers.append("Via", `SIP/2.0/UDP 127.0.0.1:${h.pbx.port};branch=${branch}`);
  request.headers.append("Max-Forwards", "70");
  request.headers.append("From", invite.headers.get("From")!);
  request.headers.append("To", options.to ?? invite.headers.get("To")!);
  request.headers.append("Call-ID", invite.headers.get("Call-ID")!);
  const seq = options.cseq ?? /^\s*(\d+)/.exec(invite.headers.get("CSeq")!)![1];
  request.headers.append("CSeq", `${seq} ${method}`);
  return request;
}

/** Waits (in real time) until `check` holds, for at most `ms`. */
export async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
