/**
 * `deno task bench`: runs every benchmark and writes JSON to bench/results/.
 * Figures are medians of several runs on this machine; compare ratios between runs
 * on the same machine rather than single times.
 */
import { benchStartup } from "./startup.ts";

const RESULTS = new URL("./results/", import.meta.url).pathname;
await Deno.mkdir(RESULTS, { recursive: true });

function machine() {
  return {
    cores: navigator.hardwareConcurrency,
    deno: Deno.version.deno,
    os: Deno.build.os,
    arch: Deno.build.arch,
    load: Deno.loadavg(),
  };
}

async function write(name: string, result: unknown): Promise<void> {
  const body = { name, at: new Date().toISOString(), machine: machine(), result };
  await Deno.writeTextFile(`${RESULTS}${name}.json`, JSON.stringify(body, null, 2) + "\n");
  console.log(`${name}: ${JSON.stringify(result)}`);
}

const only = Deno.args[0];

if (!only || only === "startup") {
  const startup = await benchStartup();
  await write("startup", startup);
}

if (!only || only === "micro") {
  // Deno.bench files (parsers, codecs, routing) in one run, as JSON.
  // Only files with Deno.bench cases; the load scripts beside them run below.
  const files = [...Deno.readDirSync(new URL(".", import.meta.url))]
    .filter((e) => e.isFile && e.name.endsWith(".ts") && e.name !== "run.ts")
    .filter((e) => Deno.readTextFileSync(new URL(e.name, import.meta.url)).includes("Deno.bench("))
    .map((e) => `bench/${e.name}`)
    .sort();
  if (files.length > 0) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["bench", "--allow-all", "--json", ...files],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const parsed = JSON.parse(text);
    const summary = parsed.benches.map((
      b: {
        name: string;
        group?: string;
        results: { ok?: { avg: number; p99: number; n: number } }[];
      },
    ) => ({
      name: b.name,
      group: b.group ?? null,
      avg_ns: b.results[0]?.ok?.avg,
      p99_ns: b.results[0]?.ok?.p99,
      samples: b.results[0]?.ok?.n,
    }));
    await write("micro", summary);
  }
}

if (!only || only === "sip") {
  // SIPp against the appliance as its own process: calls/s, INVITE→200, CPU per call.
  const { benchSip } = await import("./sip_load.ts");
  await write("sip", await benchSip());
}

if (!only || only === "acd") {
  // The routing engine alone: decision latency with 1,000 agents and 10,000 waiting calls.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("./acd_bench.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  await write("acd", JSON.parse(text.slice(text.indexOf("{"))));
}

if (!only || only === "acd_live") {
  // An agent going ready with a call waiting → the INVITE to that agent's phone.
  const { benchAcdLive } = await import("./acd_live.ts");
  await write("acd_live", await benchAcdLive());
}

if (!only || only === "dialer_live") {
  // A campaign over 200 SIPp contacts (busy, unanswered, random answer and talk times) with 10 SIPp agents.
  const { benchDialerLive } = await import("./dialer_live.ts");
  await write("dialer_live", await benchDialerLive());
}

if (!only || only === "media") {
  // SIPp holds 100/200/300 recorded IVR calls playing audio: pacing, loop lag, CPU and RSS per call.
  const { benchMediaLoad } = await import("./media_load.ts");
  await write("media", await benchMediaLoad());
}

if (!only || only === "ivr") {
  // SIPp callers walk the demo menu (RFC 4733 keys) at 100/200/300 at once: pacing, loop lag, branches.
  const { benchIvrLoad } = await import("./ivr_load.ts");
  await write("ivr", await benchIvrLoad());
}

if (!only || only === "webrtc_load") {
  // N WebRTC legs (werift peers) bridged to N RTP legs and recorded: pacing, loop lag, loss, CPU and RSS per call.
  const { benchWebRtcLoad } = await import("./webrtc_load.ts");
  await write("webrtc_load", await benchWebRtcLoad());
}

if (!only || only === "seal_load") {
  // 300 recorded IVR calls from SIPp, sealing on and off by turns: the whole run's CPU, as a ratio of medians.
  const { benchRecordingSealLoad } = await import("./recording_seal_load.ts");
  await write("recording_seal_load", await benchRecordingSealLoad());
}

if (!only || only === "monitor") {
  // 30 calls with a supervisor listening or whispering beside 200 recorded calls: pacing, loop lag, CPU per monitored call.
  const { benchMonitorLoad } = await import("./monitor_load.ts");
  await write("monitor", await benchMonitorLoad());
}

if (!only || only === "wallboard") {
  // 100 wallboard sockets, 50 agents in 10 queues, 100 callers waiting: state change → every socket.
  const { benchWallboardFanout } = await import("./wallboard_fanout.ts");
  await write("wallboard", await benchWallboardFanout());
}

if (!only || only === "chat") {
  // 1,000 chat visitors on WebSockets with 50 agents (20 chats each): visitor → agent delivery,
  // with 200 recorded SIPp calls beside them and the media figures over the same minute.
  const { benchChatLoad } = await import("./chat_load.ts");
  await write("chat", await benchChatLoad());
}

if (!only || only === "crm") {
  // 1,000,000 customers and 5,000,000 interactions generated first: a few minutes.
  const { benchCrm } = await import("./crm_bench.ts");
  await write("crm", await benchCrm());
}

if (!only || only === "tiers") {
  // 1,000,000 customers and 3,000,000 cases generated first: customer and case search, my work.
  const { benchTiers } = await import("./tiers_bench.ts");
  await write("tiers", await benchTiers());
}

if (!only || only === "replication") {
  // A primary's change feed and a standby process: changesets/s, lag and each side's CPU.
  const { benchReplication } = await import("./replication_bench.ts");
  // And two appliances with SIPp's calls through the IVR and the API's CRM writes.
  const { benchReplicationCalls } = await import("./replication_calls_bench.ts");
  await write("replication", {
    ...await benchReplication(),
    with_calls: await benchReplicationCalls([100, 150, 200]),
  });
}

if (!only || only === "takeover") {
  // Two appliances on 127.0.0.2 and .3: the primary SIGKILLed ten times, the takeover timed.
  const { benchTakeover } = await import("./takeover_bench.ts");
  await write("takeover", await benchTakeover());
}

if (!only || only === "flows") {
  // The flow editor: a month of 100,000 calls' traffic on the graph; a 200-node flow opened.
  const { benchFlowRender, benchFlowTraffic } = await import("./flow_editor_bench.ts");
  await write("flows", { traffic: await benchFlowTraffic(), render: await benchFlowRender() });
}

if (!only || only === "reports") {
  // A generated year of a 50-agent center: rollup rebuild, a month by half hour, today live.
  const { benchReports } = await import("./reports_bench.ts");
  await write("reports", await benchReports());
}

if (!only || only === "email") {
  // 10,000 e-mails in a real Dovecot mailbox read, stored and threaded into cases (< 2 min).
  const { benchEmailLoad } = await import("./email_load.ts");
  await write("email", await benchEmailLoad());
}

if (!only || only === "timer_floor") {
  // The machine's own timer-wake lateness, which every far-end figure includes (< 1 min).
  const { benchTimerFloor } = await import("./timer_floor.ts");
  await write("timer_floor", await benchTimerFloor());
}

// Every step has written its results. An in-process appliance (acd_live) can leave the
// event loop alive after stopping (seen before and after the socket thread; not yet found),
// which would keep `deno task bench` from ever ending.
Deno.exit(0);
