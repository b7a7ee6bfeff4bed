/**
 * Reports: 15-minute rollups of the call and agent-state logs (rebuildable from them at
 * any time), the team each agent belonged to and when, and what the manager enters for
 * the figures the logs cannot know: schedules, QA evaluations, period costs and when
 * agents joined and left.
 */
export default `
-- One row per 15-minute interval × queue × agent × team; 0 stands for "none" so the key
-- stays a plain primary key. Times are milliseconds.
CREATE TABLE report_intervals (
  start_ms INTEGER NOT NULL,
  queue_id INTEGER NOT NULL DEFAULT 0,
  agent_id INTEGER NOT NULL DEFAULT 0,
  team_id INTEGER NOT NULL DEFAULT 0,
  incoming INTEGER NOT NULL DEFAULT 0,
  offered INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  answered_within INTEGER NOT NULL DEFAULT 0,
  answered_wait_ms INTEGER NOT NULL DEFAULT 0,
  abandoned INTEGER NOT NULL DEFAULT 0,
  short_abandoned INTEGER NOT NULL DEFAULT 0,
  abandoned_wait_ms INTEGER NOT NULL DEFAULT 0,
  blocked INTEGER NOT NULL DEFAULT 0,
  queued INTEGER NOT NULL DEFAULT 0,
  max_wait_ms INTEGER NOT NULL DEFAULT 0,
  ivr_completed INTEGER NOT NULL DEFAULT 0,
  rung_calls INTEGER NOT NULL DEFAULT 0,
  rings INTEGER NOT NULL DEFAULT 0,
  outbound_dialed INTEGER NOT NULL DEFAULT 0,
  outbound_connected INTEGER NOT NULL DEFAULT 0,
  handled INTEGER NOT NULL DEFAULT 0,
  talk_ms INTEGER NOT NULL DEFAULT 0,
  hold_ms INTEGER NOT NULL DEFAULT 0,
  acw_ms INTEGER NOT NULL DEFAULT 0,
  transfers_blind INTEGER NOT NULL DEFAULT 0,
  transfers_consulted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (start_ms, queue_id, agent_id, team_id)
) WITHOUT ROWID;

-- Time agents spent in each state (and not-ready reason) per 15-minute interval.
CREATE TABLE report_agent_states (
  start_ms INTEGER NOT NULL,
  agent_id INTEGER NOT NULL,
  team_id INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (start_ms, agent_id, team_id, state, reason)
) WITHOUT ROWID;

-- How far the rollups have read each log.
CREATE TABLE report_cursor (
  log TEXT PRIMARY KEY CHECK (log IN ('call_events','agent_state_log')),
  last_id INTEGER NOT NULL
);

-- Team membership over time: reports count an agent's work for the team of that moment.
CREATE TABLE team_memberships (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
  since TEXT NOT NULL
);
CREATE INDEX team_memberships_user ON team_memberships(user_id, since);

-- Planned work: shifts, and breaks inside them.
CREATE TABLE schedule_blocks (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('shift','break')),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL CHECK (ends_at > starts_at)
);
CREATE INDEX schedule_blocks_time ON schedule_blocks(starts_at);

-- What the center cost over a stretch of time, as the manager enters it.
CREATE TABLE report_costs (
  id INTEGER PRIMARY KEY,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL CHECK (ends_at > starts_at),
  amount REAL NOT NULL CHECK (amount >= 0),
  note TEXT NOT NULL DEFAULT ''
);

-- When each agent joined and left the center, for turnover.
CREATE TABLE agent_tenure (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  started_on TEXT NOT NULL,
  left_on TEXT
);

CREATE INDEX surveys_created ON surveys(created_at);
`;
