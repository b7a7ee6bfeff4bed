import { peerPath } from "./peers.ts";
import { freeUdpPort } from "./sipp.ts";

const REGISTRAR = new URL("../fixtures/kamailio/registrar.cfg", import.meta.url);
const AUTH_PROXY = new URL("../fixtures/kamailio/auth_proxy.cfg", import.meta.url);

export interface RunningRegistrar {
  port: number;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Kamailio as a PBX's registrar on loopback: digest checked against `password`,
 * bindings in memory, calls relayed to whoever registered. Stopped with SIGTERM.
 */
export async function startRegistrar(password: string): Promise<RunningRegistrar> {
  return await startKamailio(REGISTRAR, { password });
}

/**
 * Kamailio as a carrier's outbound proxy on loopback: every new INVITE is challenged with
 * 407, and one whose Proxy-Authorization checks against `password` is relayed to the
 * phones at `uas` (host:port). Stopped with SIGTERM.
 */
export async function startAuthProxy(password: string, uas: string): Promise<RunningRegistrar> {
  return await startKamailio(AUTH_PROXY, { password, uas });
}

/** Kamailio in the foreground with `config`, its {{placeholders}} filled, on a free port. */
async function startKamailio(
  config: URL,
  fill: Record<string, string>,
): Promise<RunningRegistrar> {
  const port = await freeUdpPort();
  const dir = await Deno.makeTempDir({ prefix: "cc-kamailio-" });
  let text = (await Deno.readTextFile(config)).replaceAll("{{port}}", String(port));
  for (const [key, value] of Object.entries(fill)) text = text.replaceAll(`{{${key}}}`, value);
  await Deno.writeTextFile(`${dir}/kamailio.cfg`, text);
  const process = new Deno.Command(peerPath("kamailio"), {
    args: ["-f", `${dir}/kamailio.cfg`, "-DD", "-E", "-Y", dir, "-m", "32", "-M", "8"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) output += decoder.decode(chunk);
  };
  const pumps = Promise.all([pump(process.stdout), pump(process.stderr)]);
  const deadline = Date.now() + 10_000;
  while (!/Listening on|INFO: <core>.*main/.test(output) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Its children open the socket just after the banner.
  await new Promise((r) => setTimeout(r, 300));
  return {
    port,
    output: () => output,
    async stop() {
      try {
        process.kill("SIGTERM");
      } catch {
        // already gone
      }
      await process.status;
      await pumps;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
