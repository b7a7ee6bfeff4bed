/**
 * Kamailio as an office's SIP dispatcher in front of appliances: a stateful proxy whose
 * `dispatcher` module probes every appliance with OPTIONS each second and sends a new
 * call to one that answers 200, trying the next on 503 or silence. Configuration and
 * runtime files live in a temporary directory; state is in memory.
 */
import { freeUdpPort } from "./sipp.ts";
import { peerPath } from "./peers.ts";

export interface RunningKamailio {
  /** Where callers send their INVITEs. */
  address: string;
  port: number;
  output: () => string;
  stop(): Promise<void>;
}

const MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";

function config(dir: string, address: string, port: number): string {
  return `#!KAMAILIO
debug=1
log_stderror=yes
children=2
listen=udp:${address}:${port}
mpath="${MODULES}"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "maxfwd.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "dispatcher.so"
modparam("tm", "fr_timer", 1000)
modparam("tm", "fr_inv_timer", 30000)
modparam("dispatcher", "list_file", "${dir}/dispatcher.list")
modparam("dispatcher", "ds_ping_interval", 1)
modparam("dispatcher", "ds_probing_mode", 1)
modparam("dispatcher", "ds_probing_threshold", 1)
modparam("dispatcher", "ds_inactive_threshold", 1)
modparam("dispatcher", "ds_ping_from", "sip:dispatcher@${address}")

request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (has_totag()) {
    if (loose_route()) { t_relay(); exit; }
    if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
    sl_send_reply("404", "Not here");
    exit;
  }
  if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
  if (!ds_select_dst("1", "8")) { sl_send_reply("503", "No appliance answers"); exit; }
  record_route();
  t_on_failure("NEXT");
  t_relay();
  exit;
}

failure_route[NEXT] {
  if (t_is_canceled()) { exit; }
  if (t_check_status("503") || (t_branch_timeout() && !t_branch_replied())) {
    ds_mark_dst("ip");
    if (ds_next_dst()) { t_on_failure("NEXT"); t_relay(); exit; }
  }
}
`;
}

/** Starts Kamailio dispatching to `targets` ("host:port", first preferred). */
export async function startKamailio(
  targets: string[],
  address = "127.0.0.1",
): Promise<RunningKamailio> {
  const dir = await Deno.makeTempDir({ prefix: "cc-kamailio-" });
  const port = await freeUdpPort(address);
  // Priority: the first target highest, so calls go there while it answers.
  await Deno.writeTextFile(
    `${dir}/dispatcher.list`,
    targets.map((t, i) => `1 sip:${t} 0 ${targets.length - i}`).join("\n") + "\n",
  );
  await Deno.writeTextFile(`${dir}/kamailio.cfg`, config(dir, address, port));
  const process = new Deno.Command(peerPath("kamailio"), {
    args: ["-f", `${dir}/kamailio.cfg`, "-DD", "-E", "-Y", dir, "-w", dir, "-m", "32", "-M", "8"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk);
  };
  const pumps = Promise.all([pump(process.stdout), pump(process.stderr)]);
  return {
    address,
    port,
    output: () => text,
    async stop() {
      try {
        process.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      await process.status;
      await pumps;
      await Deno.remove(dir, { recursive: true });
    },
  };
}
