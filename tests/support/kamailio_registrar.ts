import { peerPath } from "./peers.ts";
import { freeUdpPort } from "./sipp.ts";

const CONFIG = new URL("../fixtures/kamailio/registrar.cfg", import.meta.url).pathname;

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
  const port = await freeUdpPort();
  const dir = await Deno.makeTempDir({ prefix: "cc-kamailio-" });
  const config = (await Deno.readTextFile(CONFIG))
    .replaceAll("{{port}}", String(port))
    .replaceAll("{{password}}", password);
  await Deno.writeTextFile(`${dir}/kamailio.cfg`, config);
  const process = new Deno.Command(peerPath("kamailio"), {
    args: ["-f", `${dir}/kamailio.cfg`, "-DD", "-E", "-Y", dir, "-m", "32", "-M", "8"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk);
  };
  const pumps = Promise.all([pump(process.stdout), pump(process.stderr)]);
  const deadline = Date.now() + 10_000;
  while (!/Listening on|INFO: <core>.*main/.test(text) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Its children open the socket just after the banner.
  await new Promise((r) => setTimeout(r, 300));
  return {
    port,
    output: () => text,
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
