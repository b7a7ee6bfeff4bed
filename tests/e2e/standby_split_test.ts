/**
 * The split: the link between the primary and its standby is cut while both still reach
 * a lease witness (decision 032). Checked every 100 ms for 60 s, exactly one box takes
 * calls and API requests: the primary, which keeps the witness's lease, while the
 * standby is refused it and does not take over. Then the primary dies, its lease lapses,
 * and the standby takes over, never overlapping with it.
 *
 * The boxes sit on 127.0.0.2 and 127.0.0.3 and the witness on 127.0.0.4; the link is a
 * TCP relay this test runs on the primary's address, which it cuts.
 */
import assert from "node:assert/strict";
import { createRequest } from "../../src/sip/core/mod.ts";
import { SipUdpClient } from "../support/sip_udp_client.ts";
import { type RunningProcess, spawnAppliance } from "../support/spawn_appliance.ts";

const PRIMARY = "127.0.0.2";
const STANDBY = "127.0.0.3";
const WITNESS = "127.0.0.4";
const TOKEN = "split-test-witness-token";
const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

/** A TCP relay to `target`, listening on `host`; `cut()` drops every connection for good. */
function relay(host: string, target: { hostname: string; port: number }) {
  const listener = Deno.listen({ hostname: host, port: 0 });
  const open = new Set<Deno.Conn>();
  let cut = false;
  const close = (conn: Deno.Conn) => {
    open.delete(conn);
    try {
      conn.close();
    } catch {
      // Closed already.
    }
  };
  (async () => {
    for await (const conn of listener) {
      if (cut) {
        close(conn);
        continue;
      }
      Deno.connect(target).then((upstream) => {
        open.add(conn);
        open.add(upstream);
        const pipe = (from: Deno.Conn, to: Deno.Conn) =>
          from.readable.pipeTo(to.writable).catch(() => {}).finally(() => {
            close(from);
            close(to);
          });
        void pipe(conn, upstream);
        void pipe(upstream, conn);
      }, () => close(conn));
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    cut() {
      cut = true;
      for (const conn of [...open]) close(conn);
    },
    close() {
      this.cut();
      listener.close();
    },
  };
}

function freeTcpPort(host: string): number {
  const listener = Deno.listen({ hostname: host, port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function startWitness(port: number) {
  const dir = await Deno.makeTempDir({ prefix: "cc-witness-" });
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      MAIN,
      "witness",
      "--data",
      dir,
      "--lease-witness",
      `http://${WITNESS}:${port}`,
      "--witness-token",
      TOKEN,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  await until("the witness to listen", async () => {
    const response = await fetch(`http://${WITNESS}:${port}/witness/health`);
    await response.body?.cancel();
    return response.ok;
  }, 20_000);
  return {
    async [Symbol.asyncDispose]() {
      process.kill("SIGTERM");
      await process.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function health(host: string, httpPort: number) {
  const response = await fetch(`http://${host}:${httpPort}/api/v1/health`);
  return await response.json() as {
    role: string;
    replication?: { epoch: number; state: string; lease?: string };
  };
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

function sipPortOf(process: RunningProcess): number {
  const port = Number(/SIP listening .*port=(\d+)/.exec(process.output())?.[1]);
  assert.ok(port > 0, `no SIP port in the log:\n${process.output()}`);
  return port;
}

let cseq = 0;

/**
 * Whether a box takes calls and API writes now: SIP OPTIONS answered 200 (not 503 or
 * silence), or an API write not refused with 503. A box that may not serve refuses every
 * write before asking who sends it (it lets an admin sign in to read, decision 040), so
 * an unauthenticated write tells: 401 from a box that serves, 503 from one that may not.
 */
async function accepting(sip: SipUdpClient, host: string, sipPort: number, httpPort: number) {
  const seq = ++cseq;
  const request = createRequest({ method: "OPTIONS", uri: `sip:${host}:${sipPort}` });
  request.headers.append("Via", `SIP/2.0/UDP 127.0.0.1:${sip.port};branch=z9hG4bKs${seq}`);
  request.headers.append("From", `<sip:probe@127.0.0.1>;tag=s${seq}`);
  request.headers.append("To", `<sip:cc@${host}>`);
  request.headers.append("Call-ID", `split-${seq}`);
  request.headers.append("CSeq", `${seq} OPTIONS`);
  sip.send(request, sipPort, host);
  const [sipStatus, apiStatus] = await Promise.all([
    sip.response(`${seq} OPTIONS`, 1500).then((r) => r.status, () => 0),
    fetch(`http://${host}:${httpPort}/api/v1/customers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
      signal: AbortSignal.timeout(1500),
    })
      .then(async (r) => {
        await r.body?.cancel();
        return r.status;
      }, () => 0),
  ]);
  return {
    sip: sipStatus,
    api: apiStatus,
    yes: sipStatus === 200 || (apiStatus !== 0 && apiStatus !== 503),
    answered: sipStatus !== 0 && apiStatus !== 0,
  };
}

Deno.test({
  name: "with the link cut and both boxes reaching the witness, only the lease holder serves",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const witnessPort = freeTcpPort(WITNESS);
    await using _witness = await startWitness(witnessPort);
    const lease = [
      "--lease-witness",
      `http://${WITNESS}:${witnessPort}`,
      "--witness-token",
      TOKEN,
    ];
    const primaryDir = await Deno.makeTempDir({ prefix: "cc-primary-" });
    const standbyDir = await Deno.makeTempDir({ prefix: "cc-standby-" });
    const primary = await spawnAppliance(primaryDir, ["--bind", PRIMARY, ...lease]);
    const link = relay(PRIMARY, { hostname: PRIMARY, port: primary.httpsPort });
    let standby: RunningProcess | undefined;
    const sip = await SipUdpClient.open("127.0.0.1");
    try {
      await until(
        "the primary to hold the lease",
        async () => (await health(PRIMARY, primary.httpPort)).replication?.lease === "held",
        15_000,
      );
      const token = /--pair-token (\S+)/.exec(primary.output())?.[1];
      assert.ok(token, `no pair token shown:\n${primary.output()}`);
      standby = await spawnAppliance(standbyDir, [
        "--bind",
        STANDBY,
        "--role",
        "standby",
        "--standby-of",
        `https://${PRIMARY}:${link.port}`,
        "--pair-token",
        token,
        "--takeover-after",
        "2",
        ...lease,
      ]);
      const s = standby;
      await until(
        "the standby to follow",
        async () => (await health(STANDBY, s.httpPort)).replication?.state === "following",
        15_000,
      );
      const boxes = [
        { host: PRIMARY, sip: sipPortOf(primary), http: primary.httpPort },
        { host: STANDBY, sip: sipPortOf(s), http: s.httpPort },
      ];
      const sample = () => Promise.all(boxes.map((b) => accepting(sip, b.host, b.sip, b.http)));

      link.cut();
      const cutAt = Date.now();
      let samples = 0;
      let unanswered = 0;
      while (Date.now() - cutAt < 60_000) {
        const next = Date.now() + 100;
        const [p, q] = await sample();
        samples++;
        assert.ok(
          !(p.yes && q.yes),
          `two boxes serve ${Date.now() - cutAt} ms after the cut: ${JSON.stringify({ p, q })}`,
        );
        // On a busy machine a probe can go unanswered; what answers must be the primary.
        if (!p.answered || !q.answered) {
          unanswered++;
          console.log(
            `unanswered ${Date.now() - cutAt} ms after the cut: ${JSON.stringify({ p, q })}`,
          );
        } else {
          assert.ok(
            p.yes && !q.yes,
            `the lease holder should be the one serving ${Date.now() - cutAt} ms after the cut: ` +
              JSON.stringify({ p, q }),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
      console.log(
        `${samples} samples over 60 s with the link cut, ${unanswered} unanswered: ` +
          "the primary alone served",
      );
      assert.ok(samples >= 300, `only ${samples} samples in 60 s`);
      assert.ok(unanswered <= samples / 50, `${unanswered} of ${samples} samples unanswered`);
      assert.match(s.output(), /the primary is silent but holds the witness's lease/);
      assert.equal((await health(STANDBY, s.httpPort)).role, "standby");

      // The primary dies: its lease lapses at the witness and the standby takes it.
      primary.process.kill("SIGKILL");
      const killedAt = Date.now();
      let tookOverAt: number | undefined;
      while (tookOverAt === undefined && Date.now() - killedAt < 20_000) {
        const next = Date.now() + 100;
        const [p, q] = await sample();
        assert.ok(!(p.yes && q.yes), `two boxes serve after the kill: ${JSON.stringify({ p, q })}`);
        if (q.yes) tookOverAt = Date.now();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
      assert.ok(tookOverAt, `the standby did not take over:\n${s.output()}`);
      console.log(`the standby serves ${tookOverAt - killedAt} ms after the primary died`);
      const view = await health(STANDBY, s.httpPort);
      assert.equal(view.role, "primary");
      assert.equal(view.replication?.epoch, 2);
      assert.equal(view.replication?.lease, "held");
    } finally {
      sip.close();
      link.close();
      await standby?.stop();
      await primary.stop();
      await Deno.remove(primaryDir, { recursive: true });
      await Deno.remove(standbyDir, { recursive: true });
    }
  },
});
