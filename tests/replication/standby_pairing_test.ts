import assert from "node:assert/strict";
import { SystemClock } from "../../src/clock/mod.ts";
import { Database, Settings } from "../../src/db/mod.ts";
import { ensureCertificate } from "../../src/http/mod.ts";
import {
  ChangeFeed,
  feedRoutes,
  Pairing,
  pairWithPrimary,
  pinnedFetch,
  StandbyStartError,
} from "../../src/replication/mod.ts";

const clock = new SystemClock();

/** A primary's replication routes over real HTTPS with its self-signed certificate. */
async function primaryOverHttps() {
  const dir = await Deno.makeTempDir({ prefix: "pairing_test_" });
  const tls = await ensureCertificate(`${dir}/tls`, { hostnames: ["127.0.0.1"] });
  const db = new Database(`${dir}/primary.db`);
  db.migrate();
  const feed = new ChangeFeed({ db, clock });
  const pairing = new Pairing(new Settings(db, clock), clock, tls.cert);
  const app = feedRoutes(() => ({
    feed,
    pairing,
    epoch: () => 1,
    demote: () => {},
    handingOver: () => false,
    dataDir: dir,
    now: () => clock.now(),
    snapshotFile: () => `${dir}/out.db`,
  }), () => tls.cert);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: tls.cert, key: tls.key, onListen: () => {} },
    app.fetch,
  );
  return {
    url: `https://127.0.0.1:${server.addr.port}`,
    pairing,
    certificate: tls.cert,
    [Symbol.asyncDispose]: async () => {
      await server.shutdown();
      feed.close();
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("a standby pairs over HTTPS and then trusts only the certificate the token named", async () => {
  await using primary = await primaryOverHttps();
  const pairing = await pairWithPrimary(primary.url, primary.pairing.issueToken());
  assert.equal(pairing.certificate, primary.certificate);
  assert.ok(primary.pairing.isStandby(pairing.secret));
  const files = await pinnedFetch(pairing)("/replication/files");
  assert.equal(files.status, 200);
  await files.body?.cancel();
});

Deno.test("a replayed pair token is refused", async () => {
  await using primary = await primaryOverHttps();
  const token = primary.pairing.issueToken();
  await pairWithPrimary(primary.url, token);
  await assert.rejects(() => pairWithPrimary(primary.url, token), StandbyStartError);
});

Deno.test("a token naming another certificate is refused before anything is sent", async () => {
  await using primary = await primaryOverHttps();
  const [secret] = primary.pairing.issueToken().split(".");
  await assert.rejects(
    () => pairWithPrimary(primary.url, `${secret}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`),
    /does not match the pair token/,
  );
});

Deno.test("a pair token never starts with a dash, so it can follow --pair-token on a command line", () => {
  const db = new Database(":memory:");
  db.migrate();
  const clock = new SystemClock();
  const pairing = new Pairing(new Settings(db, clock), clock, "");
  // One token in 32 would start with "-" if left to chance.
  const tokens = Array.from({ length: 2000 }, () => pairing.issueToken());
  assert.deepEqual(tokens.filter((token) => token.startsWith("-")), []);
  assert.equal(new Set(tokens).size, tokens.length, "every token is new");
  db.close();
});
