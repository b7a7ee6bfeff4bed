import assert from "node:assert/strict";
import { createRequest } from "../../../src/sip/core/mod.ts";
import { SipUdpClient } from "../../support/sip_udp_client.ts";
import { type StackHarness, stackHarness } from "./_stack_harness.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

function request(h: StackHarness, client: SipUdpClient, method: string, seq: number) {
  const message = createRequest({ method, uri: `sip:1000@127.0.0.1:${h.stack.port}` });
  message.headers.append("Via", `SIP/2.0/UDP 127.0.0.2:${client.port};branch=z9hG4bKp${seq}`);
  message.headers.append("From", `<sip:pbx@127.0.0.2>;tag=p${seq}`);
  message.headers.append("To", "<sip:1000@127.0.0.1>");
  message.headers.append("Call-ID", `passive-${seq}`);
  message.headers.append("CSeq", `${seq} ${method}`);
  message.headers.append("Contact", `<sip:pbx@127.0.0.2:${client.port}>`);
  return message;
}

Deno.test({
  name: "a passive stack answers OPTIONS, INVITE and REGISTER with 503 and Retry-After",
  ...options,
  async fn() {
    await using h = await stackHarness();
    const pbx = await SipUdpClient.open("127.0.0.2");
    try {
      h.stack.passive = true;
      for (const [seq, method] of [[1, "OPTIONS"], [2, "INVITE"], [3, "REGISTER"]] as const) {
        pbx.send(request(h, pbx, method, seq), h.stack.port);
        const answer = await pbx.response(`${seq} ${method}`);
        assert.equal(answer.status, 503, method);
        assert.equal(answer.headers.get("Retry-After"), "5");
      }
      h.stack.passive = false;
      pbx.send(request(h, pbx, "OPTIONS", 4), h.stack.port);
      assert.equal((await pbx.response("4 OPTIONS")).status, 200);
    } finally {
      pbx.close();
    }
  },
});
