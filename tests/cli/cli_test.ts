import assert from "node:assert/strict";
import { holdsCapSysNice } from "../support/capabilities.ts";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

async function cli(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("every command answers --help with its usage", async () => {
  const commands = ["start", "migrate", "user", "backup", "restore", "doctor", "reports"];
  // Separate processes that share nothing: started together, most of their time is start-up.
  const [top, ...results] = await Promise.all([
    cli(["--help"]),
    ...commands.map((command) => cli([command, "--help"])),
  ]);
  commands.forEach((command, i) => {
    assert.equal(results[i].code, 0, command);
    assert.match(results[i].stdout, /Usage: callcenter/, command);
  });
  assert.match(top.stdout, /Commands:/);
});

Deno.test("start with a bad setting stops with one line naming it and exit code 1", async () => {
  const result = await cli(["start", "--http-port", "99999"]);
  assert.equal(result.code, 1);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1);
  assert.match(lines[0], /Invalid setting httpPort \(--http-port or CC_HTTP_PORT\)/);
});

Deno.test("start --help lists the role with its variable and default", async () => {
  const help = await cli(["start", "--help"]);
  assert.match(
    help.stdout,
    /--role\s+CC_ROLE\s+primary serves calls; standby .*\(default primary\)/,
  );
});

Deno.test("a standby started on an empty data directory stops with one line and exit code 1", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-cli-" });
  const result = await cli(["start", "--role", "standby", "--data", data, "--http-port", "0"]);
  assert.equal(result.code, 1);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.at(-1)?.startsWith("Database "), true, result.stderr);
  assert.match(lines.at(-1)!, /a standby starts from a copy of the primary's/);
  assert.deepEqual([...Deno.readDirSync(data)], [], "nothing was written");
  await Deno.remove(data, { recursive: true });
});

Deno.test("an unknown command or flag exits 2 with the help", async () => {
  const [unknown, badFlag] = await Promise.all([cli(["frobnicate"]), cli(["migrate", "--colour"])]);
  assert.equal(unknown.code, 2);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /colour/);
});

Deno.test("migrate, user add, user list and user passwd work on a data directory", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-cli-" });
  const migrate = await cli(["migrate", "--data", data]);
  assert.equal(migrate.code, 0);
  assert.match(migrate.stdout, /Applied migrations 1, 2/);
  assert.match((await cli(["migrate", "--data", data])).stdout, /Schema is current/);

  const add = await cli([
    "user",
    "add",
    "wendy",
    "--role",
    "supervisor",
    "--name",
    "Wendy Xu",
    "--data",
    data,
  ]);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /Created wendy \(supervisor\) with password "\w+" \(shown once\)/);
  const list = await cli(["user", "list", "--data", data]);
  assert.match(list.stdout, /wendy\s+supervisor/);
  const passwd = await cli([
    "user",
    "passwd",
    "wendy",
    "--password",
    "new-password-1",
    "--data",
    data,
  ]);
  assert.equal(passwd.code, 0);
  assert.equal((await cli(["user", "passwd", "nobody", "--data", data])).code, 1);
  assert.equal((await cli(["user", "add", "x", "--role", "king", "--data", data])).code, 2);
});

Deno.test("backup then restore through the CLI brings back the backed-up users", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-cli-" });
  await cli(["user", "add", "before", "--role", "agent", "--data", data]);
  const backup = await cli(["backup", `${data}/b.db`, "--data", data]);
  assert.equal(backup.code, 0, backup.stderr);
  await cli(["user", "add", "after", "--role", "agent", "--data", data]);
  const restore = await cli(["restore", `${data}/b.db`, "--data", data]);
  assert.equal(restore.code, 0, restore.stderr);
  const list = (await cli(["user", "list", "--data", data])).stdout;
  assert.match(list, /before/);
  assert.doesNotMatch(list, /after/);
});

Deno.test("restore refuses a file that is not one of our databases with one clear line", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-cli-" });
  await Deno.writeTextFile(`${data}/junk.db`, "x".repeat(500));
  const result = await cli(["restore", `${data}/junk.db`, "--data", data]);
  assert.equal(result.code, 1);
  assert.match(result.stderr.trim(), /^.*junk\.db is not an SQLite database$/);
});

Deno.test("doctor reports the data directory, ports and optional tools", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-cli-" });
  const result = await cli([
    "doctor",
    "--data",
    data,
    "--http-port",
    "0",
    "--https-port",
    "0",
    "--sip-port",
    "0",
  ]);
  assert.equal(result.code, 0, result.stdout);
  assert.match(result.stdout, /ok\s+data directory/);
  assert.match(result.stdout, /ok\s+SQLite\s+version 3\.\d+/);
  assert.match(result.stdout, /espeak-ng/);
  // With CAP_SYS_NICE it may be raised; without, doctor says what is missing (or that a
  // limits file allows it after all).
  assert.match(
    result.stdout,
    holdsCapSysNice()
      ? /ok\s+thread priority\s+realtime is allowed/
      : /thread priority\s+(realtime is allowed|\w+ instead of realtime: .*CAP_SYS_NICE)/,
  );
});

Deno.test("a .tar backup through the CLI carries the recordings and their keys back", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-cli-" });
  await cli(["user", "add", "before", "--role", "agent", "--data", data]);
  await Deno.mkdir(`${data}/keys`, { recursive: true });
  await Deno.writeFile(`${data}/keys/recording-1.key`, new Uint8Array(32).fill(7));
  await Deno.writeTextFile(`${data}/keys/current`, "1\n");
  await Deno.mkdir(`${data}/voicemails`, { recursive: true });
  await Deno.writeTextFile(`${data}/voicemails/v.wav`, "RIFF");
  const backup = await cli(["backup", `${data}/b.tar`, "--data", data]);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /1 files, 1 recording keys/);
  await Deno.remove(`${data}/keys`, { recursive: true });
  await Deno.remove(`${data}/voicemails`, { recursive: true });
  const restore = await cli(["restore", `${data}/b.tar`, "--data", data]);
  assert.equal(restore.code, 0, restore.stderr);
  assert.deepEqual(await Deno.readFile(`${data}/keys/recording-1.key`), new Uint8Array(32).fill(7));
  assert.equal(await Deno.readTextFile(`${data}/voicemails/v.wav`), "RIFF");
});
