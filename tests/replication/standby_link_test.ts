import assert from "node:assert/strict";
import { SystemClock } from "../../src/clock/mod.ts";
import { Database, Settings } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import {
  certificateFingerprint,
  ChangeFeed,
  feedRoutes,
  LocalWriteError,
  Pairing,
  Replica,
  StandbyLink,
} from "../../src/replication/mod.ts";

const clock = new SystemClock();
const CERTIFICATE = "-----BEGIN CERTIFICATE-----\nAAECAwQ=\n-----END CERTIFICATE-----\n";

/** A primary serving its feed through the routes in process, and an empty standby. */
async function boxes() {
  const dir = await Deno.makeTempDir({ prefix: "standby_link_test_" });
  const primary = new Database(`${dir}/primary.db`);
  primary.migrate();
  const settings = new Settings(primary, clock);
  const feed = new ChangeFeed({ db: primary, clock });
  const pairing = new Pairing(settings, clock, CERTIFICATE);
  let serving = true;
  const demotions: number[] = [];
  let handingOver = false;
  const app = feedRoutes(
    () =>
      serving
        ? {
          feed,
          pairing,
          snapshotFile: () => `${dir}/out.db`,
          epoch: () => 1,
          dataDir: `${dir}/primary-data`,
          demote: (epoch: number) => demotions.push(epoch),
          handingOver: () => handingOver,
          now: () => clock.now(),
        }
        : undefined,
    () => CERTIFICATE,
  );
  const request = (path: string, init?: RequestInit) =>
    Promise.resolve(app.request(`https://primary${path}`, init));
  const pair = async (token: string) =>
    await request("/replication/pair", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
  const replica = new Replica(`${dir}/standby.db`);
  let secret = "";
  const authorised = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${secret}`);
    return request(path, { ...init, headers });
  };
  const link = new StandbyLink({
    replica,
    clock,
    log: createLogger("replication", { level: "error" }),
    snapshotFile: `${dir}/in.db`,
    fetch: authorised,
  });
  return {
    dir,
    primary,
    settings,
    feed,
    pairing,
    replica,
    link,
    request,
    authorised,
    pair,
    paired: async () => {
      secret = (await (await pair(pairing.issueToken())).json()).secret;
    },
    stopServing: () => serving = false,
    handOver: () => handingOver = true,
    demotions,
    standbyRead: (sql: string) => {
      const db = new Database(`${dir}/standby.db`, { readOnly: true });
      try {
        return db.all(sql).map((row) => ({ ...row }));
      } finally {
        db.close();
      }
    },
    [Symbol.asyncDispose]: async () => {
      await link.stop();
      feed.close();
      replica.close();
      primary.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("a pair token carries the fingerprint of the primary's certificate", async () => {
  await using b = await boxes();
  const token = b.pairing.issueToken();
  assert.equal(token.split(".")[1], certificateFingerprint(CERTIFICATE));
});

Deno.test("a pair token is traded for the standby's secret once, and refused when replayed", async () => {
  await using b = await boxes();
  const token = b.pairing.issueToken();
  const first = await b.pair(token);
  assert.equal(first.status, 200);
  const { secret } = await first.json();
  assert.ok(b.pairing.isStandby(secret));
  const replay = await b.pair(token);
  assert.equal(replay.status, 403);
  assert.equal((await replay.json()).code, "pairing_refused");
  const wrong = await b.pair("not-a-token.xyz");
  assert.equal(wrong.status, 403);
});

Deno.test("the feed refuses a reader without the paired standby's secret", async () => {
  await using b = await boxes();
  const response = await b.request("/replication/changes?after=0", {
    headers: { authorization: "Bearer guessed" },
  });
  assert.equal(response.status, 401);
});

Deno.test("a new standby starts from a snapshot, then follows the feed change by change", async () => {
  await using b = await boxes();
  await b.paired();
  assert.equal(b.link.status().followedAt, undefined, "nothing applied from the feed yet");
  b.settings.set("before", "1");
  await b.link.step();
  assert.equal(b.link.status().state, "following");
  assert.ok(b.link.status().followedAt !== undefined, "the snapshot counts as following");
  assert.equal(b.link.status().primaryEpoch, 1, "the snapshot names the primary's epoch");
  assert.deepEqual(b.standbyRead("SELECT value FROM settings WHERE key = 'before'"), [
    { value: "1" },
  ]);
  b.settings.set("after", "2");
  b.settings.set("after", "3");
  await b.link.step();
  const status = b.link.status();
  assert.equal(status.appliedSeq, b.feed.head);
  assert.equal(status.lagChanges, 0);
  assert.equal(status.lagSeconds, 0);
  assert.ok(status.lastContactAt !== undefined);
  assert.deepEqual(b.standbyRead("SELECT value FROM settings WHERE key = 'after'"), [
    { value: "3" },
  ]);
});

Deno.test("a running link brings a write to the standby well within a second", async () => {
  await using b = await boxes();
  await b.paired();
  b.link.start();
  await until(() => b.link.status().state === "following");
  const written = performance.now();
  b.settings.set("fast", "yes");
  await until(() => b.standbyRead("SELECT value FROM settings WHERE key = 'fast'").length === 1);
  assert.ok(performance.now() - written < 1000);
});

Deno.test("a primary that stops serving leaves the link retrying and the last contact aging", async () => {
  await using b = await boxes();
  await b.paired();
  await b.link.step();
  const contact = b.link.status().lastContactAt;
  b.stopServing();
  await assert.rejects(() => b.link.step(), /503/);
  assert.equal(b.link.status().lastContactAt, contact);
});

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

Deno.test("the file routes need the paired standby's secret and refuse paths outside the synced folders", async () => {
  await using b = await boxes();
  assert.equal((await b.request("/replication/files")).status, 401);
  await b.paired();
  assert.equal((await b.authorised("/replication/files")).status, 200);
  const escape = await b.authorised("/replication/file?path=recordings/../primary.db");
  assert.equal(escape.status, 400);
  const gone = await b.authorised("/replication/file?path=recordings/none.wav");
  assert.equal(gone.status, 404);
});

Deno.test("a paired peer of a later epoch makes the primary stand down; an earlier one does not", async () => {
  await using b = await boxes();
  const tell = (epoch: number, authorised = true) =>
    (authorised ? b.authorised : b.request)("/replication/epoch", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ epoch }),
    });
  await b.paired();
  assert.equal((await tell(5, false)).status, 401);
  assert.deepEqual(await (await tell(1)).json(), { role: "primary", epoch: 1 });
  assert.deepEqual(b.demotions, []);
  assert.equal((await (await tell(2)).json()).role, "standby");
  assert.deepEqual(b.demotions, [2]);
});

Deno.test("a primary handing over tells its standby to take over once it holds every change", async () => {
  await using b = await boxes();
  await b.paired();
  await b.link.step();
  b.settings.set("last", "write");
  await b.link.step();
  assert.equal(b.link.status().handover, false, "not before the primary hands over");
  b.settings.set("last", "write");
  b.handOver();
  await b.link.step();
  assert.equal(b.link.status().handover, true);
  assert.deepEqual(b.standbyRead("SELECT value FROM settings WHERE key = 'last'"), [
    { value: "write" },
  ]);
});

Deno.test("a standby that cannot store a change says so and keeps the change for later, the primary untouched", async () => {
  await using b = await boxes();
  await b.paired();
  await b.link.step();
  b.settings.set("waits", "for room");
  const apply = b.replica.apply.bind(b.replica);
  b.replica.apply = () => {
    throw new Error("database or disk is full");
  };
  await assert.rejects(() => b.link.step(), LocalWriteError);
  assert.equal(b.standbyRead("SELECT value FROM settings WHERE key = 'waits'").length, 0);
  b.replica.apply = apply;
  await b.link.step();
  assert.deepEqual(b.standbyRead("SELECT value FROM settings WHERE key = 'waits'"), [
    { value: "for room" },
  ]);
  assert.equal(b.feed.head, b.replica.position()!.seq);
});
