/**
 * A small RAM file system to fill up: tests of a full disk mount one (root only), fill it
 * with a file, and free it again. Where mounting is not permitted the tests are skipped
 * with a line saying so; with CC_REQUIRE_PEERS=1 (CI) they fail instead.
 */

const required = Deno.env.get("CC_REQUIRE_PEERS") === "1";
let permitted: boolean | undefined;

function run(command: string, args: string[]): { ok: boolean; text: string } {
  try {
    const out = new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).outputSync();
    return { ok: out.success, text: new TextDecoder().decode(out.stderr) };
  } catch (error) {
    return { ok: false, text: String(error) };
  }
}

/** Whether this process may mount a tmpfs; says once why not, and throws in CI. */
export function canMountTmpfs(): boolean {
  if (permitted !== undefined) return permitted;
  const dir = Deno.makeTempDirSync({ prefix: "cc-tmpfs-probe-" });
  const mounted = run("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]);
  if (mounted.ok) run("umount", [dir]);
  Deno.removeSync(dir);
  permitted = mounted.ok;
  if (!permitted) {
    const why = `mounting a tmpfs is not permitted here (${mounted.text.trim()})`;
    if (required) throw new Error(`Full-disk tests need root: ${why}`);
    console.warn(`Skipping full-disk tests: ${why}; run them as root`);
  }
  return permitted;
}

export interface Tmpfs {
  dir: string;
  /** Fills every free byte with one file. */
  fill(): Promise<void>;
  /** Removes the file that {@link fill} wrote. */
  free(): Promise<void>;
}

/** Runs `fn` on a fresh tmpfs of `bytes`, unmounted afterwards whatever happens. */
export async function withTmpfs(bytes: number, fn: (fs: Tmpfs) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cc-tmpfs-" });
  const mounted = run("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir]);
  if (!mounted.ok) {
    await Deno.remove(dir);
    throw new Error(`Could not mount a tmpfs on ${dir}: ${mounted.text}`);
  }
  const filler = `${dir}/filler`;
  try {
    await fn({
      dir,
      async fill() {
        const file = await Deno.open(filler, { write: true, create: true, append: true });
        try {
          for (const size of [1 << 20, 1 << 12, 1]) {
            const chunk = new Uint8Array(size);
            try {
              for (;;) await file.write(chunk);
            } catch {
              // No room for another chunk of this size; try a smaller one.
            }
          }
        } finally {
          file.close();
        }
      },
      async free() {
        await Deno.remove(filler).catch(() => {});
      },
    });
  } finally {
    const unmounted = run("umount", [dir]);
    if (!unmounted.ok) run("umount", ["-l", dir]);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
