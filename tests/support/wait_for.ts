/** Waits `ms` of real time. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ok` every 5 ms until it holds; fails naming `what` after `withinMs` of real time. */
export async function waitFor(what: string, ok: () => boolean, withinMs: number): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`Not within ${withinMs} ms: ${what}`);
    await sleep(5);
  }
}
