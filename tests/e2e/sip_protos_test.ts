/**
 * The PROTOS c07-sip test suite (4,527 malformed INVITEs, each followed by its CANCEL)
 * sent at 100 messages a second from a second trunk, beside SIPp calls at 10 a second
 * from the first: nothing crashes, every SIPp call completes, OPTIONS are answered all
 * along, and no trunk call is left up afterwards.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { binaryToBytes, bytesToBinary, conformanceDir } from "../support/conformance.ts";
import { type LiveAppliance, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { SipUdpClient } from "../support/sip_udp_client.ts";
import { runSipp } from "../support/sipp.ts";

const SUITE = conformanceDir("protos-c07-sip");
const MESSAGES_PER_SECOND = 100;
/** The second trunk's address: the suite's requests come from here. */
const PROTOS_HOST = "127.0.0.3";
const PROBE_HOST = "127.0.0.4";
const DID = "7000";
// A UDP datagram carries at most 65,507 bytes; the larger cases go over TCP.
const MAX_DATAGRAM = 65_507;

/** Unpacks the suite to a temporary folder (49 MB: never into the repository). */
async function unpack(): Promise<{ dir: string; files: string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "cc-protos-" });
  const tar = await new Deno.Command("tar", {
    args: ["-xzf", new URL("cases.tar.gz", SUITE).pathname, "-C", dir],
  }).output();
  assert.equal(tar.code, 0, new TextDecoder().decode(tar.stderr));
  const files = [...Deno.readDirSync(`${dir}/cases`)].map((e) => `${dir}/cases/${e.name}`).sort();
  return { dir, files };
}

/** A case file is length-prefixed messages: `<length> <that many bytes>`, twice. */
function messagesOf(bytes: Uint8Array): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    let digits = "";
    while (bytes[at] >= 48 && bytes[at] <= 57) digits += String.fromCharCode(bytes[at++]);
    assert.ok(digits !== "" && bytes[at] === 32, `case framing lost at byte ${at}`);
    at++;
    messages.push(bytes.subarray(at, at + Number(digits)));
    at += Number(digits);
  }
  return messages;
}

interface Fill {
  caseNo: number;
  sipPort: number;
  localPort: number;
}

/**
 * Fills the suite's placeholders, and keeps every reply and every media packet on this
 * machine: IPv4 addresses outside 127/8 become the trunk's address, and so does any SDP
 * connection address that is not a loopback literal (a name there would be looked up).
 */
function fill(message: Uint8Array, { caseNo, sipPort, localPort }: Fill): Uint8Array {
  let text = bytesToBinary(message)
    .replaceAll("<To>", `${DID}@127.0.0.1:${sipPort}`)
    .replaceAll("<From>", `protos@${PROTOS_HOST}`)
    .replaceAll("<From-Address>", PROTOS_HOST)
    .replaceAll("<From-IP>", PROTOS_HOST)
    .replaceAll("<Local-Port>", String(localPort))
    .replaceAll("<Branch-ID>", `-${caseNo}`)
    .replaceAll("<Call-ID>", `protos-${caseNo}-${crypto.randomUUID()}`)
    .replaceAll("<CSeq>", "1")
    .replaceAll("<Teardown-Method>", "CANCEL")
    .replace(/\b(?!127\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.-?\d+\b/g, PROTOS_HOST)
    .replace(
      /^c=[^\r\n]*IP[^\r\n]*$/gm,
      (line) => /^c=IN IP4 127\.\d+\.\d+\.\d+$/.test(line) ? line : `c=IN IP4 ${PROTOS_HOST}`,
    );
  const blank = text.indexOf("\r\n\r\n");
  const bodyLength = blank < 0 ? 0 : text.length - blank - 4;
  text = text.replaceAll("<Content-Length>", String(bodyLength));
  return binaryToBytes(text);
}

async function overTcp(port: number, bytes: Uint8Array): Promise<void> {
  let conn: Deno.TcpConn | undefined;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(bytes);
    await Promise.race([conn.read(new Uint8Array(4096)), new Promise((r) => setTimeout(r, 200))]);
  } catch {
    // The appliance closes a connection whose framing is lost: that is the point.
  } finally {
    try {
      conn?.close();
    } catch {
      // Closed already.
    }
  }
}

async function trunkCalls(live: LiveAppliance): Promise<Record<string, number>> {
  const admin = await live.api("admin");
  const { trunks } = await (await admin.get("/trunks")).json();
  return Object.fromEntries(
    trunks.map((t: { name: string; active_calls: number }) => [t.name, t.active_calls]),
  );
}

/** Sends OPTIONS from another address every second; returns what went unanswered. */
function probeOptions(port: number): { stop(): Promise<{ sent: number; missed: string[] }> } {
  let running = true;
  const missed: string[] = [];
  let sent = 0;
  const done = (async () => {
    const probe = await SipUdpClient.open(PROBE_HOST);
    try {
      while (running) {
        const seq = ++sent;
        probe.sendRaw(
          `OPTIONS sip:cc@127.0.0.1:${port} SIP/2.0\r\n` +
            `Via: SIP/2.0/UDP ${PROBE_HOST}:${probe.port};branch=z9hG4bKprobe${seq}\r\n` +
            `From: <sip:probe@${PROBE_HOST}>;tag=p${seq}\r\nTo: <sip:cc@127.0.0.1>\r\n` +
            `Call-ID: probe-${seq}\r\nCSeq: ${seq} OPTIONS\r\nMax-Forwards: 70\r\n` +
            `Content-Length: 0\r\n\r\n`,
          port,
        );
        const at = new Date().toISOString();
        try {
          const answer = await probe.response(`${seq} OPTIONS`, 2000);
          if (answer.status !== 200) missed.push(`${at}: ${answer.status}`);
        } catch {
          missed.push(`${at}: no answer`);
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      probe.close();
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { sent, missed };
    },
  };
}

Deno.test({
  name:
    "the PROTOS c07-sip suite at 100 messages/s beside SIPp calls: no crash, calls complete, OPTIONS answered, no call left up",
  ignore: SUITE === undefined || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { dir, files } = await unpack();
    const live = await startLiveAppliance({ logLevel: "warn" });
    const socket = dgram.createSocket("udp4");
    let unsendable = 0;
    socket.on("error", () => unsendable++);
    socket.on("message", () => {}); // Answers to the suite are not judged, only survived.
    try {
      const admin = await live.api("admin");
      const trunk = await admin.send("POST", "/trunks", {
        name: "PROTOS",
        host: PROTOS_HOST,
        allow_cidrs: [`${PROTOS_HOST}/32`],
        max_calls: 10,
        options_interval_s: 0,
      });
      assert.equal(trunk.status, 201, await trunk.text());
      // The suite's calls ring for a second, so each CANCEL meets a ringing call.
      const number = await admin.send("POST", "/numbers", {
        number: DID,
        target_type: "ivr",
        target_id: 1,
        ring_s: 1,
      });
      assert.equal(number.status, 201, await number.text());
      await new Promise<void>((resolve) => socket.bind(0, PROTOS_HOST, resolve));
      const localPort = socket.address().port;
      const sipPort = live.sipPort;

      const seconds = (files.length * 2) / MESSAGES_PER_SECOND;
      const calls = runSipp({
        scenario: "trunk_call.xml",
        fill: { caller: "+8613800138000" },
        target: `127.0.0.1:${sipPort}`,
        service: "1000",
        calls: Math.floor(seconds * 10),
        rate: 10,
        durationMs: 500,
        timeoutS: Math.ceil(seconds) + 60,
      });
      const probe = probeOptions(sipPort);

      const start = performance.now();
      let sentMessages = 0;
      const tcp: Promise<void>[] = [];
      for (const file of files) {
        const caseNo = Number(file.slice(file.lastIndexOf("/") + 1));
        for (const raw of messagesOf(Deno.readFileSync(file))) {
          const message = fill(raw, { caseNo, sipPort, localPort });
          if (message.length > MAX_DATAGRAM) {
            tcp.push(overTcp(sipPort, message));
          } else {
            socket.send(message, sipPort, "127.0.0.1");
          }
          sentMessages++;
          const due = start + (sentMessages / MESSAGES_PER_SECOND) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
      }

      await Promise.all(tcp);
      const result = await calls;
      const { sent, missed } = await probe.stop();
      assert.equal(result.failed, 0, result.errors.slice(0, 3000) || result.output.slice(-2000));
      assert.equal(result.successful, Math.floor(seconds * 10));
      assert.ok(sent >= seconds * 0.8, `only ${sent} OPTIONS probes were sent`);
      assert.deepEqual(missed, [], "OPTIONS went unanswered while the suite ran");

      // Calls the suite left unanswered or unacknowledged end by themselves: a CANCEL, the
      // missing ACK (64*T1) or the setup timeout, well within a minute here.
      const deadline = Date.now() + 60_000;
      let active = await trunkCalls(live);
      while (Object.values(active).some((n) => n > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        active = await trunkCalls(live);
      }
      assert.deepEqual(active, { "Office PBX": 0, PROTOS: 0 });
      const stats = await (await admin.get("/sip/stats")).json();
      assert.ok(stats.badMessages > 1000, `only ${stats.badMessages} bad messages counted`);
      assert.ok(unsendable === 0, `${unsendable} datagrams could not be sent`);
      console.log(
        `PROTOS: ${files.length} cases, ${sentMessages} messages in ${
          ((performance.now() - start) / 1000).toFixed(0)
        } s; ${stats.badMessages} refused as malformed, ${stats.invites} INVITEs taken`,
      );
    } finally {
      socket.close();
      await live.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
