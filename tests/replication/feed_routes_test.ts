import assert from "node:assert/strict";
import { SystemClock } from "../../src/clock/mod.ts";
import { Database, Settings } from "../../src/db/mod.ts";
import {
  ChangeFeed,
  feedRoutes,
  Pairing,
  STANDBY_ADDRESS_HEADER,
} from "../../src/replication/mod.ts";

const clock = new SystemClock();

Deno.test("a standby's read of the feed tells the primary where the standby is reached", async () => {
  const dir = await Deno.makeTempDir({ prefix: "feed_routes_test_" });
  const db = new Database(`${dir}/primary.db`);
  db.migrate();
  const feed = new ChangeFeed({ db, clock });
  const pairing = new Pairing(new Settings(db, clock), clock, "");
  const secret = pairing.exchange(pairing.issueToken());
  const heard: string[] = [];
  const app = feedRoutes(() => ({
    feed,
    pairing,
    snapshotFile: () => `${dir}/out.db`,
    epoch: () => 1,
    dataDir: dir,
    demote: () => {},
    handingOver: () => false,
    now: () => clock.now(),
    readBy: (address) => heard.push(address),
  }), () => "");
  try {
    const read = (headers: Record<string, string>, env?: unknown) =>
      app.request(
        `/replication/changes?feed=${feed.feedId}&after=0`,
        { headers: { authorization: `Bearer ${secret}`, ...headers } },
        env,
      );
    const named = await read({ [STANDBY_ADDRESS_HEADER]: "https://10.0.0.3:8443" });
    assert.equal(named.status, 200);
    await named.body?.cancel();
    // Without a usable name, the address the read came from.
    const unnamed = await read(
      { [STANDBY_ADDRESS_HEADER]: "javascript:alert(1)" },
      { remoteAddr: { hostname: "10.0.0.7", port: 50000 } },
    );
    await unnamed.body?.cancel();
    assert.deepEqual(heard, ["https://10.0.0.3:8443", "10.0.0.7"]);
    // A read without the standby's secret tells nothing.
    const stranger = await app.request(`/replication/changes?feed=${feed.feedId}&after=0`, {
      headers: { [STANDBY_ADDRESS_HEADER]: "https://evil:1" },
    });
    assert.equal(stranger.status, 401);
    assert.equal(heard.length, 2);
  } finally {
    feed.close();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
