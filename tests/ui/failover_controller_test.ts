import assert from "node:assert/strict";
import type { ApiClient } from "../../ui/common/api_client.ts";
import type { ConnectionState } from "../../ui/common/events_controller.ts";
import {
  FAILOVER_AFTER_MS,
  FailoverController,
  RESUME_STORAGE_KEY,
  takeResumeTicket,
} from "../../ui/common/failover_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const TICKET = "t".repeat(43);

function setUp(peer: string | null = "https://10.0.0.3:8443") {
  let now = 1_000_000;
  let connection: ConnectionState = "open";
  let serving = true;
  const went: string[] = [];
  const api = {
    request: () => Promise.resolve({ ticket: TICKET, peer, expires_at: "" }),
  } as unknown as ApiClient;
  const failover = new FailoverController(host(), api, {
    connection: () => connection,
    serving: () => serving ? Promise.resolve(true) : Promise.reject(new TypeError("down")),
    navigate: (url) => went.push(url),
    setTimer: () => () => {},
    now: () => now,
    path: () => "/agent",
  });
  return {
    failover,
    went,
    advance: (ms: number) => now += ms,
    down: () => {
      connection = "reconnecting";
      serving = false;
    },
    up: () => {
      connection = "open";
      serving = true;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

Deno.test("a page moves to the standby with its ticket once its box has not served for a while", async () => {
  const t = setUp();
  t.failover.start();
  await flush();
  assert.equal(t.failover.peer, "https://10.0.0.3:8443");
  t.down();
  await t.failover.check();
  t.advance(FAILOVER_AFTER_MS - 1);
  await t.failover.check();
  assert.deepEqual(t.went, [], "not before the box was down long enough");
  t.advance(1);
  await t.failover.check();
  assert.deepEqual(t.went, [`https://10.0.0.3:8443/agent#resume=${TICKET}`]);
  await t.failover.check();
  assert.equal(t.went.length, 1, "moves once");
});

Deno.test("a box that answers again in time keeps its page", async () => {
  const t = setUp();
  t.failover.start();
  await flush();
  t.down();
  await t.failover.check();
  t.advance(FAILOVER_AFTER_MS - 1000);
  t.up();
  await t.failover.check();
  t.down();
  t.advance(FAILOVER_AFTER_MS - 1000);
  await t.failover.check();
  assert.deepEqual(t.went, [], "the count starts again after the box came back");
});

Deno.test("a page whose box has no standby stays where it is", async () => {
  const t = setUp(null);
  t.failover.start();
  await flush();
  t.down();
  await t.failover.check();
  t.advance(FAILOVER_AFTER_MS * 3);
  await t.failover.check();
  assert.deepEqual(t.went, []);
});

Deno.test("a ticket in the fragment is kept for later loads and taken off the address bar", () => {
  const stored = new Map<string, string>();
  const storage = {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
  };
  const replaced: string[] = [];
  const location = { hash: `#resume=${TICKET}`, pathname: "/agent", search: "" };
  assert.equal(takeResumeTicket(location, storage, (url) => replaced.push(url)), TICKET);
  assert.deepEqual(replaced, ["/agent"]);
  assert.equal(stored.get(RESUME_STORAGE_KEY), TICKET);
  // The next load (the box had not taken over yet) finds it in storage.
  assert.equal(
    takeResumeTicket({ hash: "", pathname: "/agent", search: "" }, storage, () => {}),
    TICKET,
  );
  assert.equal(
    takeResumeTicket({ hash: "#resume=<script>", pathname: "/", search: "" }, {
      getItem: () => null,
      setItem: () => assert.fail("a malformed ticket is not kept"),
    }, () => {}),
    null,
  );
});
