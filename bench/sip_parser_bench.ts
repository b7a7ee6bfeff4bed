/** Parsing and serialising a typical trunk INVITE with an SDP offer. */
import { parseMessage, serializeMessage, type SipMessage } from "../src/sip/core/mod.ts";

const SDP = [
  "v=0",
  "o=pbx 2890844526 2890844526 IN IP4 192.0.2.50",
  "s=-",
  "c=IN IP4 192.0.2.50",
  "t=0 0",
  "m=audio 49170 RTP/AVP 0 8 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-16",
  "a=ptime:20",
  "a=sendrecv",
  "",
].join("\r\n");

const INVITE = new TextEncoder().encode([
  "INVITE sip:+4930123456@192.0.2.1:5060 SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bK-524287-1---8a1f3c;rport",
  "Max-Forwards: 70",
  'From: "Customer" <sip:+4917012345@192.0.2.50>;tag=3b8f2a1c',
  "To: <sip:+4930123456@192.0.2.1>",
  "Call-ID: 7f3a9c2e4b1d@192.0.2.50",
  "CSeq: 102 INVITE",
  "Contact: <sip:+4917012345@192.0.2.50:5060;transport=udp>",
  "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY",
  "Supported: replaces, timer, 100rel",
  "Session-Expires: 1800;refresher=uac",
  "User-Agent: PBX/1.0",
  "Content-Type: application/sdp",
  `Content-Length: ${SDP.length}`,
  "",
  SDP,
].join("\r\n"));

const parsed: SipMessage = parseMessage(INVITE);

Deno.bench("parse a trunk INVITE with SDP", { group: "sip" }, () => {
  parseMessage(INVITE);
});

Deno.bench("serialise a trunk INVITE with SDP", { group: "sip" }, () => {
  serializeMessage(parsed);
});
