import assert from "node:assert/strict";
import {
  DEFAULT_THRESHOLDS,
  evaluateAlerts,
  type MailboxFacts,
} from "../../src/supervision/mod.ts";

function alertsFor(mailboxes?: MailboxFacts[]) {
  return evaluateAlerts({
    now: Date.UTC(2026, 4, 1, 9, 0, 0),
    queues: [],
    agents: [],
    trunks: [],
    thresholds: () => DEFAULT_THRESHOLDS,
    mailboxes,
  });
}

Deno.test("a mailbox that cannot be read is one alert keyed by mailbox, with the reason", () => {
  const [alert, ...rest] = alertsFor([
    { id: 3, name: "Support", failures: 4, error: "Authentication failed" },
  ]);
  assert.deepEqual(rest, []);
  assert.equal(alert.key, "mailbox_down:3");
  assert.equal(alert.kind, "mailbox_down");
  assert.equal(alert.subject, "Support");
  assert.equal(alert.value, 4);
  assert.equal(alert.reason, "Authentication failed");
  // More failed tries are the same alert, not a new one.
  assert.equal(alertsFor([{ id: 3, name: "Support", failures: 9, error: "x" }])[0].key, alert.key);
});

Deno.test("no mailbox fault, or no e-mail at all, raises nothing", () => {
  assert.deepEqual(alertsFor([]), []);
  assert.deepEqual(alertsFor(), []);
});
