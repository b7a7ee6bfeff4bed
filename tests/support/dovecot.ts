import { hasPeer, peerPath } from "./peers.ts";

export interface RunningDovecot {
  port: number;
  user: string;
  password: string;
  /** Adds a message to the user's INBOX over IMAP (APPEND), as a delivery would. */
  deliver(raw: string): Promise<void>;
  /**
   * Writes many messages straight into the INBOX's Maildir `new/` before any client has
   * looked, as a local delivery agent would: far quicker than an APPEND each.
   */
  seed(raws: Iterable<string>): Promise<number>;
  output: () => Promise<string>;
  stop(): Promise<void>;
}

/**
 * The settings of the center's "Support" mailbox reading this Dovecot and sending
 * through an SMTP server on loopback `smtpPort`, without TLS on either.
 */
export function supportMailbox(dovecot: RunningDovecot, smtpPort: number) {
  return {
    name: "Support",
    address: "support@center.example",
    imap: {
      host: "127.0.0.1",
      port: dovecot.port,
      tls: false,
      user: dovecot.user,
      password: dovecot.password,
    },
    smtp: { host: "127.0.0.1", port: smtpPort, tls: false },
  };
}

/** A free TCP port on loopback (a listener opened and closed). */
export function freeTcpPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Dovecot from Debian with its own configuration in a temporary directory: IMAP without
 * TLS on a free loopback port, one user from a passwd file, Maildir storage. It runs as
 * whoever runs the tests (checked as root and as `nobody`): a non-root Dovecot names its
 * own user and group for every internal service and socket; as root, the mail processes
 * run as Debian's `dovecot` user (Dovecot hands no mail to root), given the directory.
 */
export async function startDovecot(): Promise<RunningDovecot | null> {
  if (!hasPeer("dovecot")) return null;
  const dir = await Deno.makeTempDir({ prefix: "cc-dovecot-" });
  const port = freeTcpPort();
  const uid = Deno.uid() ?? 0;
  const gid = Deno.gid() ?? 0;
  const runAs = uid === 0
    ? await idOf("dovecot")
    : { uid, gid, name: await idText("-un"), group: await idText("-gn") };
  const password = "mail-secret-1";
  const user = "support";
  await Deno.mkdir(`${dir}/home/${user}`, { recursive: true });
  await Deno.writeTextFile(`${dir}/passwd`, `${user}:{PLAIN}${password}::::::\n`);
  const internal = uid === 0 ? "dovecot" : runAs.name;
  const login = uid === 0 ? "dovenull" : runAs.name;
  await Deno.writeTextFile(
    `${dir}/dovecot.conf`,
    `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internal}
default_internal_group = ${runAs.group}
default_login_user = ${login}
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${runAs.uid} gid=${runAs.gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service pop3-login {
  chroot =
}
service submission-login {
  chroot =
}
service anvil {
  chroot =
}
service imap-urlauth-login {
  chroot =
}
`,
  );
  if (uid === 0) {
    // The temporary directory is private to root; Dovecot's own users read the passwd
    // file and write the Maildir.
    await Deno.chmod(dir, 0o755);
    await Deno.chmod(`${dir}/passwd`, 0o644);
    await new Deno.Command("chown", { args: ["-R", `${runAs.uid}:${runAs.gid}`, `${dir}/home`] })
      .output();
  }
  const process = new Deno.Command(peerPath("dovecot"), {
    args: ["-F", "-c", `${dir}/dovecot.conf`],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const pump = (async () => {
    for await (const chunk of process.stderr) stderr += new TextDecoder().decode(chunk);
  })();
  const output = async () => stderr + await Deno.readTextFile(`${dir}/dovecot.log`).catch(() => "");
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        try {
          process.kill("SIGTERM");
        } catch { /* gone */ }
        throw new Error(`Dovecot did not listen on ${port}: ${await output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    user,
    password,
    output,
    deliver: (raw) => imapAppend(port, user, password, raw),
    async seed(raws) {
      const maildir = `${dir}/home/${user}/Maildir`;
      for (const sub of ["cur", "new", "tmp"]) {
        await Deno.mkdir(`${maildir}/${sub}`, { recursive: true });
      }
      const encoder = new TextEncoder();
      let n = 0;
      for (const raw of raws) {
        n++;
        await Deno.writeFile(
          `${maildir}/new/${Date.now()}.M${n}P${Deno.pid}.seed`,
          encoder.encode(raw.replace(/\r?\n/g, "\r\n")),
        );
      }
      if (uid === 0) {
        await new Deno.Command("chown", {
          args: ["-R", `${runAs.uid}:${runAs.gid}`, `${dir}/home`],
        }).output();
      }
      return n;
    },
    async stop() {
      try {
        process.kill("SIGTERM");
      } catch {
        // already gone
      }
      await process.status;
      await pump;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

async function idOf(name: string) {
  return {
    uid: Number(await idText("-u", name)),
    gid: Number(await idText("-g", name)),
    name,
    group: await idText("-gn", name),
  };
}

/** What `id` says: a non-root Dovecot must name its own user and group for its sockets. */
async function idText(flag: string, user?: string): Promise<string> {
  const args = user ? [flag, user] : [flag];
  return new TextDecoder().decode((await new Deno.Command("id", { args }).output()).stdout).trim();
}

/** IMAP APPEND with a literal (RFC 3501 section 6.3.11), over a plain socket. */
async function imapAppend(port: number, user: string, password: string, raw: string) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = conn.readable.getReader();
  const readUntil = async (pattern: RegExp) => {
    while (!pattern.test(buffer)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`IMAP closed; read ${buffer}`);
      buffer += decoder.decode(value);
    }
    const text = buffer;
    buffer = "";
    return text;
  };
  const writer = conn.writable.getWriter();
  try {
    await readUntil(/\* OK.*\r\n/);
    await writer.write(encoder.encode(`a1 LOGIN ${user} ${password}\r\n`));
    const login = await readUntil(/a1 (OK|NO|BAD).*\r\n/);
    if (!/a1 OK/.test(login)) throw new Error(`IMAP login refused: ${login}`);
    const bytes = encoder.encode(raw.replace(/\r?\n/g, "\r\n"));
    await writer.write(encoder.encode(`a2 APPEND INBOX {${bytes.length}}\r\n`));
    await readUntil(/^\+.*\r\n/m);
    await writer.write(bytes);
    await writer.write(encoder.encode("\r\n"));
    const appended = await readUntil(/a2 (OK|NO|BAD).*\r\n/);
    if (!/a2 OK/.test(appended)) throw new Error(`IMAP APPEND refused: ${appended}`);
    await writer.write(encoder.encode("a3 LOGOUT\r\n"));
    await readUntil(/a3 (OK|NO|BAD).*\r\n/).catch(() => "");
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server after LOGOUT
    }
  }
}
