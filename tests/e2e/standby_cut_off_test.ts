/**
 * A primary that is only cut off (frozen with SIGSTOP: alive, but silent) while its
 * standby takes over: once it runs again and hears of the later epoch, it stops taking
 * calls and writes at once. With a witness the standby cannot reach, it never takes over.
 */
import assert from "node:assert/strict";
import { createRequest } from "../../src/sip/core/mod.ts";
import { SipUdpClient } from "../support/sip_udp_client.ts";
import { freeUdpPort } from "../support/sipp.ts";
import { type RunningProcess, spawnAppliance } from "../support/spawn_appliance.ts";

const PRIMARY = "127.0.0.2";
const STANDBY = "127.0.0.3";

async function health(host: string, httpPort: number) {
  const response = await fetch(`http://${host}:${httpPort}/api/v1/health`);
  return await response.json() as {
    role: string;
    replication?: { epoch: number; state: string };
  };
}

async function sipStatus(client: SipUdpClient, host: string, port: number, seq: number) {
  const request = createRequest({ method: "OPTIONS", uri: `sip:${host}:${port}` });
  request.headers.append("Via", `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKc${seq}`);
  request.headers.append("From", `<sip:probe@127.0.0.1>;tag=c${seq}`);
  request.headers.append("To", `<sip:cc@${host}>`);
  request.headers.append("Call-ID", `cut-off-${seq}`);
  request.headers.append("CSeq", `${seq} OPTIONS`);
  client.send(request, port, host);
  return (await client.response(`${seq} OPTIONS`)).status;
}

function sipPortOf(process: RunningProcess): number {
  const port = Number(/SIP listening .*port=(\d+)/.exec(process.output())?.[1]);
  assert.ok(port > 0, `no SIP port in the log:\n${process.output()}`);
  return port;
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A primary and its paired standby; `extra` goes to the standby's command line. */
async function pair(extra: string[]) {
  const primaryDir = await Deno.makeTempDir({ prefix: "cc-primary-" });
  const standbyDir = await Deno.makeTempDir({ prefix: "cc-standby-" });
  const primary = await spawnAppliance(primaryDir, ["--bind", PRIMARY]);
  const pairing = /--standby-of (\S+) --pair-token (\S+)/.exec(primary.output());
  assert.ok(pairing, `no pair token shown:\n${primary.output()}`);
  const standby = await spawnAppliance(standbyDir, [
    "--bind",
    STANDBY,
    "--role",
    "standby",
    "--standby-of",
    pairing[1],
    "--pair-token",
    pairing[2],
    "--takeover-after",
    "2",
    ...extra,
  ]);
  // A standby that has not read the primary's feed since it started never takes over by
  // itself (its copy may be behind): the primary is cut off only once it has.
  try {
    await until(
      "the standby to follow the primary's feed",
      async () => (await health(STANDBY, standby.httpPort)).replication?.state === "following",
      15_000,
    );
  } catch (error) {
    await standby.stop();
    await primary.stop();
    throw error;
  }
  return {
    primary,
    standby,
    primaryDir,
    async [Symbol.asyncDispose]() {
      try {
        primary.process.kill("SIGCONT");
      } catch {
        // Exited.
      }
      await standby.stop();
      await primary.stop();
      await Deno.remove(primaryDir, { recursive: true });
      await Deno.remove(standbyDir, { recursive: true });
    },
  };
}

Deno.test({
  name: "a primary that was only cut off stands down as soon as it hears of the later epoch",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await using boxes = await pair([]);
    const { primary, standby } = boxes;
    const sip = await SipUdpClient.open("127.0.0.1");
    try {
      primary.process.kill("SIGSTOP");
      await until(
        "the standby to take over",
        async () => (await health(STANDBY, standby.httpPort)).role === "primary",
        15_000,
      );
      assert.equal((await health(STANDBY, standby.httpPort)).replication?.epoch, 2);
      primary.process.kill("SIGCONT");
      const resumed = performance.now();
      await until(
        "the old primary to stand down",
        async () => (await health(PRIMARY, primary.httpPort)).role === "standby",
        5_000,
      );
      console.log(`stood down ${Math.round(performance.now() - resumed)} ms after it resumed`);
      const view = await health(PRIMARY, primary.httpPort);
      assert.equal(view.replication?.state, "stopped");
      assert.equal(await sipStatus(sip, PRIMARY, sipPortOf(primary), 1), 503);
      // Any write is refused before anyone is asked who they are (an admin may still sign
      // in there to look, read-only: decision 040).
      const write = await fetch(`http://${PRIMARY}:${primary.httpPort}/api/v1/customers`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Written after standing down" }),
      });
      assert.equal(write.status, 503);
      assert.equal((await write.json()).error.code, "standby");
      assert.equal(await sipStatus(sip, STANDBY, sipPortOf(standby), 2), 200);

      // Restarted the way it always starts (as a primary, by systemd say), it hears the
      // later epoch within a second or two and stands down again.
      primary.process.kill("SIGKILL");
      await primary.stop();
      // On its usual address and HTTPS port, where the new primary keeps telling its epoch.
      const again = await spawnAppliance(boxes.primaryDir, [
        "--bind",
        PRIMARY,
        "--https-port",
        String(primary.httpsPort),
      ]);
      try {
        const restarted = performance.now();
        await until(
          "the restarted old primary to stand down",
          async () => (await health(PRIMARY, again.httpPort)).role === "standby",
          5_000,
        );
        console.log(`restarted and stood down in ${Math.round(performance.now() - restarted)} ms`);
        assert.equal(await sipStatus(sip, PRIMARY, sipPortOf(again), 3), 503);
      } finally {
        await again.stop();
      }
    } finally {
      sip.close();
    }
  },
});

Deno.test({
  name: "a standby that cannot reach the witness does not take over from a silent primary",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // Nothing listens there: the standby is the one cut off, as far as it can tell.
    const witness = `127.0.0.1:${await freeUdpPort()}`;
    await using boxes = await pair(["--witness", witness]);
    const { primary, standby } = boxes;
    primary.process.kill("SIGSTOP");
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal((await health(STANDBY, standby.httpPort)).role, "standby");
    assert.match(standby.output(), /the primary is silent but so is the witness; not taking over/);
  },
});
