/**
 * Prepared data directories, made once per test process and copied for each test.
 *
 * Preparing a center's storage is most of what starting one costs: the migrations, the
 * demo's dozen scrypt password hashes, a self-signed RSA certificate. Tests that start a
 * center per test repeated that work every time (seconds each on a loaded two-core CI
 * box). A copy of a directory prepared the same way is the same center as a box that
 * starts again on its data, which is what every such test wants to talk to; tests about
 * the first start itself (seeding, the generated passwords) prepare their own directory.
 */

const templates = new Map<string, Promise<string>>();
/** Template directories made so far, removed when the process ends. */
const made = new Set<string>();

/**
 * A new temporary directory holding a copy of the template named `key`, which
 * `prepare(dir)` fills the first time the key is asked for in this process.
 */
export async function copyOfPrepared(
  key: string,
  prepare: (dir: string) => Promise<void>,
  prefix: string,
): Promise<string> {
  let template = templates.get(key);
  if (!template) {
    template = makeTemplate(prepare);
    templates.set(key, template);
    // A failed preparation is not kept: the next test tries again and reports its own error.
    template.catch(() => templates.delete(key));
  }
  const from = await template;
  const dir = await Deno.makeTempDir({ prefix });
  await copyTree(from, dir);
  return dir;
}

async function makeTemplate(prepare: (dir: string) => Promise<void>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cc-template-" });
  made.add(dir);
  try {
    await prepare(dir);
  } catch (error) {
    made.delete(dir);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
  return dir;
}

async function copyTree(from: string, to: string): Promise<void> {
  for await (const entry of Deno.readDir(from)) {
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) {
      await Deno.mkdir(target);
      await copyTree(source, target);
    } else if (entry.isFile) {
      await Deno.copyFile(source, target);
    }
  }
}

// Templates live as long as the test process.
globalThis.addEventListener("unload", () => {
  for (const dir of made) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // Removed already, or the process is going anyway.
    }
  }
});
