import assert from "node:assert/strict";
import { type JobPort, SharedThread } from "../../src/threads/mod.ts";

/** A job that answers each number with its double, tagged with the job's name. */
function doubler(port: JobPort): void {
  let name = "";
  port.onmessage = (message: { name?: string; n?: number }) => {
    if (message.name) name = message.name;
    else port.postMessage(`${name}:${message.n! * 2}`);
  };
}

Deno.test("jobs on one shared thread each hear their own owner and answer only it", async () => {
  const thread = new SharedThread("test");
  const heard: Record<string, string[]> = { a: [], b: [] };
  const both = Promise.withResolvers<void>();
  const handlers = (key: "a" | "b") => ({
    onMessage: (message: string) => {
      heard[key].push(message);
      if (heard.a.length + heard.b.length === 3) both.resolve();
    },
    onFailure: (error: Error) => both.reject(error),
  });
  const a = thread.start<{ name?: string; n?: number }, string>(doubler, handlers("a"));
  const b = thread.start<{ name?: string; n?: number }, string>(doubler, handlers("b"));
  a.postMessage({ name: "a" });
  b.postMessage({ name: "b" });
  a.postMessage({ n: 1 });
  b.postMessage({ n: 10 });
  a.postMessage({ n: 2 });
  await both.promise;
  assert.deepEqual(heard, { a: ["a:2", "a:4"], b: ["b:20"] });
  a.end();
  assert.equal(thread.running, true);
  b.end();
  assert.equal(thread.running, false);
});

Deno.test("a failing job fails every job on the thread, and a later job gets a new thread", async () => {
  const thread = new SharedThread("test");
  const failures: string[] = [];
  const failed = Promise.withResolvers<void>();
  const onFailure = (error: Error) => {
    failures.push(error.message);
    if (failures.length === 2) failed.resolve();
  };
  thread.start(doubler, { onMessage: () => {}, onFailure });
  const thrower = thread.start<string, never>((port: JobPort) => {
    port.onmessage = (message: string) => {
      throw new Error(message);
    };
  }, { onMessage: () => {}, onFailure });
  thrower.postMessage("disk on fire");
  await failed.promise;
  assert.equal(failures.length, 2);
  assert.match(failures[0], /^The test thread failed: .*disk on fire/);
  assert.equal(thread.running, false);
  const answered = Promise.withResolvers<string>();
  const again = thread.start<{ name?: string; n?: number }, string>(doubler, {
    onMessage: answered.resolve,
    onFailure: answered.reject,
  });
  again.postMessage({ n: 4 });
  assert.equal(await answered.promise, ":8");
  again.end();
});
