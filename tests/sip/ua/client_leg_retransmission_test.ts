import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { createLogger } from "../../../src/log/mod.ts";
import {
  type ClientTransaction,
  createResponse,
  type SipRequest,
} from "../../../src/sip/core/mod.ts";
import { ClientLeg } from "../../../src/sip/mod.ts";
import type { LegHost } from "../../../src/sip/ua/leg.ts";

/** An outbound leg whose INVITE's listener the test drives by hand. */
function dial() {
  let invite: SipRequest | undefined;
  let listener: Parameters<LegHost["sendRequest"]>[2];
  const acks: SipRequest[] = [];
  const host: LegHost = {
    clock: new VirtualClock(0),
    log: createLogger("test", { sink: () => {}, level: "error" }),
    t1: 500,
    t2: 4000,
    contactFor: () => "<sip:cc@192.0.2.1:5060>",
    sendRequest: (request, _destination, l) => {
      invite = request;
      listener = l;
      return { request } as ClientTransaction;
    },
    sendAck: (ack) => acks.push(ack),
    bindDialog: () => {},
    legEnded: () => {},
  };
  const leg = new ClientLeg(host, {
    requestUri: "sip:+8613800138000@198.51.100.7:5060",
    destination: { transport: "udp", host: "198.51.100.7", port: 5060 },
    from: { user: "4008001234", host: "192.0.2.1" },
    to: "<sip:+8613800138000@198.51.100.7:5060>",
    sdp: "v=0\r\n",
  });
  const events: string[] = [];
  leg.listen({
    answered: () => events.push("answered"),
    ended: () => events.push("ended"),
  });
  leg.start();
  const ok = () => {
    const response = createResponse(invite!, 200, { toTag: "far1", body: "v=0\r\n" });
    response.headers.append("Contact", "<sip:phone@198.51.100.9:5060>");
    return response;
  };
  return {
    leg,
    events,
    acks,
    answer: () => listener!.onResponse!(ok(), undefined as never),
  };
}

Deno.test("a retransmitted 200 to an outbound INVITE is ACKed again and the call stays answered once", () => {
  const { leg, events, acks, answer } = dial();
  answer();
  answer();
  answer();
  assert.deepEqual(events, ["answered"]);
  assert.equal(leg.state, "confirmed");
  assert.equal(acks.length, 3);
  for (const ack of acks) {
    assert.equal(ack.uri, "sip:phone@198.51.100.9:5060");
    assert.equal(ack.headers.get("CSeq"), "1 ACK");
  }
});
