/**
 * The call center's shape: skills, queues, trunks, numbers, IVR flows, the CRM core,
 * calls and their append-only event log. Later capabilities add their own migrations.
 */
export default `
CREATE TABLE skills (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE agent_skills (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 10),
  PRIMARY KEY (user_id, skill_id)
);

CREATE TABLE queues (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  strategy TEXT NOT NULL DEFAULT 'longest_idle',
  -- Everything else a queue can be told (timers, overflow, announcements) as validated JSON,
  -- so the ACD can grow options without a migration per knob.
  options TEXT NOT NULL DEFAULT '{}',
  service_level_s INTEGER NOT NULL DEFAULT 20,
  short_abandon_s INTEGER NOT NULL DEFAULT 20,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE queue_skills (
  queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  min_level INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (queue_id, skill_id)
);

CREATE TABLE queue_members (
  queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  penalty INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (queue_id, user_id)
);

CREATE TABLE dispositions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  resolves INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE queue_dispositions (
  queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  disposition_id INTEGER NOT NULL REFERENCES dispositions(id) ON DELETE CASCADE,
  PRIMARY KEY (queue_id, disposition_id)
);

CREATE TABLE trunks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  host TEXT NOT NULL,
  port INTEGER NOT NULL DEFAULT 5060,
  transport TEXT NOT NULL DEFAULT 'udp' CHECK (transport IN ('udp','tcp')),
  allow_cidrs TEXT NOT NULL DEFAULT '[]',
  username TEXT,
  password TEXT,
  register INTEGER NOT NULL DEFAULT 0,
  default_country TEXT NOT NULL DEFAULT '86',
  max_calls INTEGER NOT NULL DEFAULT 30,
  options_interval_s INTEGER NOT NULL DEFAULT 30,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE ivr_flows (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  published_version INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE ivr_flow_versions (
  flow_id INTEGER NOT NULL REFERENCES ivr_flows(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (flow_id, version)
);

CREATE TABLE dids (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  target_type TEXT NOT NULL CHECK (target_type IN ('ivr','queue','agent')),
  target_id INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  external_id TEXT UNIQUE,
  name TEXT NOT NULL,
  company TEXT NOT NULL DEFAULT '',
  vip_level INTEGER NOT NULL DEFAULT 0,
  language TEXT NOT NULL DEFAULT 'zh-CN',
  tags TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '',
  custom_fields TEXT NOT NULL DEFAULT '{}',
  consent_recording INTEGER NOT NULL DEFAULT 1,
  consent_marketing INTEGER NOT NULL DEFAULT 0,
  last_agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX customers_name ON customers(name COLLATE NOCASE);

CREATE TABLE customer_phones (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  e164 TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT 'mobile'
);
CREATE INDEX customer_phones_customer ON customer_phones(customer_id);

CREATE TABLE customer_emails (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  subject TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT 'general',
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new','open','pending_customer','escalated','resolved','closed','reopened')),
  tier INTEGER NOT NULL DEFAULT 1,
  assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  due_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_customer ON cases(customer_id, updated_at);

CREATE TABLE case_notes (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound','internal')),
  state TEXT NOT NULL,
  trunk_id INTEGER REFERENCES trunks(id) ON DELETE SET NULL,
  did TEXT,
  caller TEXT,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  started_at TEXT NOT NULL,
  answered_at TEXT,
  ended_at TEXT,
  end_cause TEXT
);
CREATE INDEX calls_started ON calls(started_at);

-- Append-only: reports, wallboard, CRM timeline and DR replication all read from here.
CREATE TABLE call_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id TEXT NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  queue_id INTEGER,
  agent_id INTEGER,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX call_events_call ON call_events(call_id, seq);
CREATE INDEX call_events_at ON call_events(at);
CREATE TRIGGER call_events_no_update BEFORE UPDATE ON call_events
  BEGIN SELECT RAISE(ABORT, 'call_events is append-only'); END;
CREATE TRIGGER call_events_no_delete BEFORE DELETE ON call_events
  BEGIN SELECT RAISE(ABORT, 'call_events is append-only'); END;

CREATE TABLE agent_state_log (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX agent_state_log_user ON agent_state_log(user_id, at);

CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('call','voicemail','callback','chat','email')),
  direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
  call_id TEXT REFERENCES calls(id) ON DELETE SET NULL,
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
  disposition_id INTEGER REFERENCES dispositions(id) ON DELETE SET NULL,
  notes TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX interactions_customer ON interactions(customer_id, started_at);

CREATE TABLE recordings (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  channels INTEGER NOT NULL,
  legs TEXT NOT NULL DEFAULT '[]',
  started_at TEXT NOT NULL,
  duration_ms INTEGER,
  size_bytes INTEGER,
  sha256 TEXT
);
CREATE INDEX recordings_call ON recordings(call_id);
`;
