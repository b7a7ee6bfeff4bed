/**
 * Calling out, continued: campaigns gain the `agentless` mode (a notice played to each
 * answered customer with no agent), which the `mode` CHECK of 017 refused; SQLite cannot
 * change a CHECK in place, so the three campaign tables are rebuilt child first (dropping
 * `campaigns` while contacts still pointed at it would cascade their deletion), keeping
 * every row and id. Trunks gain their dial plan (prefixes to strip and add, the number
 * format the PBX expects, numbers allowed), validated JSON as a campaign's options are.
 */
export default `
CREATE TABLE campaigns_next (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  mode TEXT NOT NULL CHECK (mode IN ('preview','progressive','predictive','agentless')),
  state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft','running','paused','stopped','done')),
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  trunk_id INTEGER REFERENCES trunks(id) ON DELETE SET NULL,
  caller_id TEXT,
  options TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO campaigns_next SELECT id, name, mode, state, queue_id, trunk_id, caller_id, options,
  created_at, updated_at FROM campaigns;

CREATE TABLE campaign_contacts_next (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns_next(id) ON DELETE CASCADE,
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
INSERT INTO campaign_contacts_next SELECT id, campaign_id, customer_id, number, name, time_zone,
  priority, state, attempts, last_outcome, next_attempt_at, disposition, created_at
  FROM campaign_contacts;

CREATE TABLE campaign_attempts_next (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns_next(id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES campaign_contacts_next(id) ON DELETE CASCADE,
  call_id TEXT,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  outcome TEXT NOT NULL,
  at TEXT NOT NULL
);
INSERT INTO campaign_attempts_next SELECT id, campaign_id, contact_id, call_id, agent_id, outcome, at
  FROM campaign_attempts;

DROP TABLE campaign_attempts;
DROP TABLE campaign_contacts;
DROP TABLE campaigns;
-- Renaming a table rewrites the references to it in the others' foreign keys.
ALTER TABLE campaigns_next RENAME TO campaigns;
ALTER TABLE campaign_contacts_next RENAME TO campaign_contacts;
ALTER TABLE campaign_attempts_next RENAME TO campaign_attempts;
CREATE INDEX campaign_contacts_due ON campaign_contacts(campaign_id, state, next_attempt_at);
CREATE INDEX campaign_attempts_by_campaign ON campaign_attempts(campaign_id, at);

ALTER TABLE trunks ADD COLUMN dial_plan TEXT NOT NULL DEFAULT '{}';
`;
