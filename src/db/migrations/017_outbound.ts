/**
 * Calling out: the center-wide do-not-call list (E.164, checked at the moment of
 * dialling), what became of each callback (attempts, when the next one is due, the last
 * outcome), and campaigns with their contacts and every attempt made on them. A
 * campaign's rules (hours, retries per outcome, maximum attempts, abandon cap, script,
 * dispositions) are validated JSON in `options`, like a queue's, so they can grow without
 * a migration per knob.
 */
export default `
CREATE TABLE dnc (
  number TEXT PRIMARY KEY,
  reason TEXT NOT NULL DEFAULT 'request',
  source TEXT,
  added_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  added_at TEXT NOT NULL
);

ALTER TABLE callbacks ADD COLUMN next_attempt_at TEXT;
ALTER TABLE callbacks ADD COLUMN last_outcome TEXT;
ALTER TABLE callbacks ADD COLUMN done_at TEXT;

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  mode TEXT NOT NULL CHECK (mode IN ('preview','progressive','predictive')),
  state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft','running','paused','stopped','done')),
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  trunk_id INTEGER REFERENCES trunks(id) ON DELETE SET NULL,
  caller_id TEXT,
  options TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE campaign_contacts (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  number TEXT NOT NULL,
  name TEXT,
  time_zone TEXT,
  priority INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending','dialing','done','failed','skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_outcome TEXT,
  next_attempt_at TEXT,
  disposition TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (campaign_id, number)
);
CREATE INDEX campaign_contacts_due ON campaign_contacts(campaign_id, state, next_attempt_at);

CREATE TABLE campaign_attempts (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES campaign_contacts(id) ON DELETE CASCADE,
  call_id TEXT,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  outcome TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX campaign_attempts_by_campaign ON campaign_attempts(campaign_id, at);
`;
