import assert from "node:assert/strict";
import {
  type AlertFacts,
  DEFAULT_THRESHOLDS,
  evaluateAlerts,
  REPLICATION_LAG_LIMIT_S,
  type ReplicationFacts,
  STANDBY_SILENCE_LIMIT_S,
} from "../../src/supervision/mod.ts";

function facts(replication?: ReplicationFacts): AlertFacts {
  return {
    now: Date.UTC(2026, 4, 1, 9, 0, 0),
    queues: [],
    agents: [],
    trunks: [],
    thresholds: () => DEFAULT_THRESHOLDS,
    replication,
  };
}

const following: ReplicationFacts = { peer: "standby", last_contact_s: 0.4, lag_s: 0 };

Deno.test("a standby that reads the feed and keeps up raises no alert", () => {
  assert.deepEqual(evaluateAlerts(facts(following)), []);
  assert.deepEqual(evaluateAlerts(facts()), []);
});

Deno.test("a standby that never read the feed raises no alert: none is paired yet", () => {
  assert.deepEqual(evaluateAlerts(facts({ ...following, last_contact_s: undefined })), []);
});

Deno.test("a standby silent past the limit is lost, named by its address", () => {
  const alerts = evaluateAlerts(facts({
    peer: "https://10.0.0.3:8443",
    last_contact_s: STANDBY_SILENCE_LIMIT_S + 2.6,
    lag_s: 30,
  }));
  assert.equal(alerts.length, 1, "a lost standby is one alert, not also a lag");
  assert.equal(alerts[0].key, "standby_lost");
  assert.equal(alerts[0].kind, "standby_lost");
  assert.equal(alerts[0].subject, "https://10.0.0.3:8443");
  assert.equal(alerts[0].value, STANDBY_SILENCE_LIMIT_S + 2);
  assert.equal(alerts[0].limit, STANDBY_SILENCE_LIMIT_S);
});

Deno.test("a standby that reads but falls behind raises a lag alert with the seconds", () => {
  const alerts = evaluateAlerts(facts({ ...following, lag_s: REPLICATION_LAG_LIMIT_S + 1.5 }));
  assert.deepEqual(alerts.map((a) => [a.key, a.value, a.limit]), [
    ["replication_lag", REPLICATION_LAG_LIMIT_S + 1, REPLICATION_LAG_LIMIT_S],
  ]);
  assert.deepEqual(
    evaluateAlerts(facts({ ...following, lag_s: REPLICATION_LAG_LIMIT_S - 0.1 })),
    [],
  );
});
