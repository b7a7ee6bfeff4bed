import assert from "node:assert/strict";
import { FailoverTickets, SESSION_TTL_MS, UserRepository } from "../../src/auth/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";

async function setUp() {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6, 9));
  const db = new Database(":memory:");
  db.migrate();
  const users = new UserRepository(db, clock);
  const agent = await users.create({
    username: "agent1",
    display_name: "Agent One",
    role: "agent",
    password: "agent-secret-1",
  });
  return { clock, db, tickets: new FailoverTickets(db, clock), agent };
}

Deno.test("a failover ticket signs its user in once, on a box of a later epoch", async () => {
  const { db, tickets, agent } = await setUp();
  const { ticket } = tickets.issue(agent.id, 1);
  assert.equal(tickets.redeem(ticket, 1), undefined, "not on the box that issued it");
  assert.equal(tickets.redeem(ticket, 2), agent.id);
  assert.equal(tickets.redeem(ticket, 2), undefined, "used up");
  assert.equal(tickets.redeem("not-a-ticket-at-all-0000000000", 2), undefined);
  db.close();
});

Deno.test("a failover ticket expires with a session's lifetime, and only its digest is kept", async () => {
  const { clock, db, tickets, agent } = await setUp();
  const { ticket } = tickets.issue(agent.id, 1);
  const stored = db.all<{ token_hash: string }>("SELECT token_hash FROM failover_tickets");
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0].token_hash, ticket);
  clock.advance(SESSION_TTL_MS);
  assert.equal(tickets.redeem(ticket, 2), undefined);
  // Issuing prunes what expired.
  tickets.issue(agent.id, 1);
  assert.equal(db.all("SELECT 1 FROM failover_tickets").length, 1);
  db.close();
});
