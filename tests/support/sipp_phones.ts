import { peerPath } from "./peers.ts";
import { freeUdpPort } from "./sipp.ts";

const FIXTURES = new URL("../fixtures/sipp/", import.meta.url).pathname;

/** A SIPp process playing an agent's desk phone on a fixed local port. */
export interface SippPhone {
  extension: string;
  port: number;
  /** Stops the phone (if still running) and returns what SIPp printed. */
  stop(): Promise<{ code: number; output: string; errors: string }>;
}

async function scenarioFile(dir: string, name: string, fill: Record<string, string>) {
  let text = await Deno.readTextFile(FIXTURES + name);
  for (const [key, value] of Object.entries(fill)) text = text.replaceAll(`{{${key}}}`, value);
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, text);
  return path;
}

/**
 * Registers `extension` from `port` with digest auth (register.xml), then runs the UAS
 * scenario on that same port, so the appliance's INVITEs to the registered contact reach
 * it. SIPp cannot both register as a client and take new calls as a server in one run.
 */
export async function startPhone(options: {
  target: string;
  extension: string;
  password: string;
  scenario: string;
  fill?: Record<string, string>;
  calls?: number;
  /** How long the phone runs before SIPp gives up; 60 s unless a longer run needs more. */
  timeoutS?: number;
}): Promise<SippPhone> {
  const dir = await Deno.makeTempDir({ prefix: "cc-phone-" });
  let port = 0;
  let register!: Deno.CommandOutput;
  // The free port is closed before SIPp binds it, and another process may take it in
  // between: SIPp then exits at once saying so, and the phone tries another port.
  for (let attempt = 1; attempt <= 5; attempt++) {
    port = await freeUdpPort();
    register = await new Deno.Command(peerPath("sipp"), {
      args: [
        options.target,
        "-sf",
        await scenarioFile(dir, "register.xml", {
          username: options.extension,
          password: options.password,
          expect: "200",
        }),
        "-s",
        options.extension,
        "-i",
        "127.0.0.1",
        "-p",
        String(port),
        "-m",
        "1",
        "-nostdin",
        "-timeout",
        "10s",
        "-timeout_error",
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const taken = /Unable to bind main socket, errno = 98/.test(
      new TextDecoder().decode(register.stderr),
    );
    if (register.code === 0 || !taken) break;
  }
  if (register.code !== 0) {
    throw new Error(
      `Registering ${options.extension} failed: ${
        new TextDecoder().decode(register.stdout).slice(-1500)
      }\n${new TextDecoder().decode(register.stderr).slice(-1500)}`,
    );
  }
  const child = new Deno.Command(peerPath("sipp"), {
    args: [
      "-sf",
      await scenarioFile(dir, options.scenario, options.fill ?? {}),
      "-s",
      options.extension,
      "-i",
      "127.0.0.1",
      "-p",
      String(port),
      "-mp",
      String(await freeUdpPort()),
      "-m",
      String(options.calls ?? 1),
      "-nostdin",
      "-timeout",
      `${options.timeoutS ?? 60}s`,
      "-trace_err",
      "-error_file",
      `${dir}/errors.log`,
    ],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const finished = child.output();
  return {
    extension: options.extension,
    port,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // already exited
      }
      // SIPp busy with a call may not honour SIGTERM at once; never let it hold the run.
      const kill = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch {
          // already exited
        }
      }, 5000);
      const out = await finished.finally(() => clearTimeout(kill));
      const errors = await Deno.readTextFile(`${dir}/errors.log`).catch(() => "");
      await Deno.remove(dir, { recursive: true });
      return {
        code: out.code,
        output: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
        errors,
      };
    },
  };
}
