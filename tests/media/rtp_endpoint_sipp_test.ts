import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  JitterBuffer,
  PortPool,
  type ReceivedAudio,
  type ReceivedRtpDigit,
  RtpEndpoint,
} from "../../src/media/mod.ts";

// SIPp plays its G.711 A-law capture (30 ms packets) and an RFC 4733 digit at our endpoint.
// SIPp needs a SIP peer to learn where to send media, so a second SIPp plays the answerer
// whose SDP names our endpoint's port.
const UAS = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="uas">
  <recv request="INVITE" crlf="true"/>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio RTPPORT RTP/AVP 8 101
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
]]></send>
  <recv request="ACK" crlf="true"/>
  <recv request="BYE"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
</scenario>
`;

const UAC = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="uac">
  <send retrans="500"><![CDATA[
INVITE sip:media@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:media@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8 101
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
]]></send>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
ACK sip:media@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:media@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Length: 0

]]></send>
  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/></action></nop>
  <pause milliseconds="7500"/>
  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_1.pcap"/></action></nop>
  <pause milliseconds="500"/>
  <send retrans="500"><![CDATA[
BYE sip:media@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:media@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
`;

async function hasSipp(): Promise<boolean> {
  try {
    const out = await new Deno.Command("sipp", { args: ["-v"], stdout: "null", stderr: "null" })
      .output();
    return out.code === 0 || out.code === 99;
  } catch {
    return false;
  }
}

Deno.test({
  name: "audio and a digit played by SIPp from its captures are received and decoded",
  ignore: !(await hasSipp()),
  async fn() {
    const base = 20000 + 2 * Math.floor(Math.random() * 15000);
    const ports = new PortPool(base, base + 9);
    const endpoint = await RtpEndpoint.open({
      clock: new VirtualClock(),
      ports,
      bindAddress: "127.0.0.1",
      codec: "PCMA",
      telephoneEventPayloadType: 101,
    });
    const dir = await Deno.makeTempDir({ prefix: "media_sipp_" });
    try {
      const audio: ReceivedAudio[] = [];
      const digits: ReceivedRtpDigit[] = [];
      endpoint.onAudio((a) => audio.push({ ...a, pcm: a.pcm.slice() }));
      endpoint.onDigit((d) => digits.push(d));
      await Deno.writeTextFile(`${dir}/uas.xml`, UAS.replace("RTPPORT", String(endpoint.port)));
      await Deno.writeTextFile(`${dir}/uac.xml`, UAC);
      const sip = base + 4;
      const sipp = (args: string[]) =>
        new Deno.Command("sipp", {
          args: [...args, "-i", "127.0.0.1", "-m", "1", "-nostdin", "-timeout", "30s"],
          cwd: dir,
          stdout: "piped",
          stderr: "piped",
        }).spawn();
      const uas = sipp(["-sf", "uas.xml", "-p", String(sip)]);
      await new Promise((r) => setTimeout(r, 300));
      const uac = sipp([
        `127.0.0.1:${sip}`,
        "-sf",
        "uac.xml",
        "-p",
        String(sip + 1),
        "-mp",
        String(base + 6),
      ]);
      const [uacOut, uasOut] = await Promise.all([uac.output(), uas.output()]);
      assert.equal(uacOut.code, 0, new TextDecoder().decode(uacOut.stderr));
      assert.equal(uasOut.code, 0, new TextDecoder().decode(uasOut.stderr));

      assert.equal(audio.length, 236);
      assert.ok(audio.every((a) => a.pcm.length === 240));
      assert.deepEqual(digits.map((d) => d.digit), ["1"]);
      assert.equal(endpoint.counters.lost, 0);
      assert.deepEqual(endpoint.remote, {
        address: "127.0.0.1",
        port: base + 6,
        rtcpPort: base + 7,
      });

      // Through the jitter buffer the 30 ms packets become 20 ms frames of real speech.
      const jb = new JitterBuffer({ minDepthMs: 60 });
      let energy = 0;
      let frames = 0;
      for (let i = 0; i < audio.length; i++) {
        jb.push(audio[i].timestamp, audio[i].pcm);
        for (let f = 0; f < (i % 2 === 0 ? 1 : 2); f++) {
          const frame = jb.pop();
          frames++;
          for (const s of frame) energy += s * s;
        }
      }
      assert.equal(jb.stats.concealed, 0);
      assert.ok(energy / (frames * 160) > 1000, "decoded audio is not silence");
    } finally {
      await endpoint.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
