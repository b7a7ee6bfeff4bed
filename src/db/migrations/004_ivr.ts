/**
 * The IVR's own tables: the prompt catalogue, schedules (business hours and holidays,
 * referenced by name from flows), and what callers leave behind in the IVR
 * (voicemails, callback requests, survey scores). Flow versions learn which of them
 * were ever published, so a rollback can only go back to a version callers have run.
 */
export default `
ALTER TABLE ivr_flow_versions ADD COLUMN published_at TEXT;
UPDATE ivr_flow_versions SET published_at = created_at
  WHERE EXISTS (SELECT 1 FROM ivr_flows f
                WHERE f.id = ivr_flow_versions.flow_id
                  AND f.published_version = ivr_flow_versions.version);

CREATE TABLE prompts (
  name TEXT NOT NULL CHECK (name NOT GLOB '*[^a-z0-9_]*' AND length(name) BETWEEN 1 AND 64),
  language TEXT NOT NULL CHECK (language IN ('en','zh-CN')),
  path TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (name, language)
);

-- One row per opening span; a weekday may have several (lunch breaks). Weekday 1 is Monday.
CREATE TABLE business_hours (
  id INTEGER PRIMARY KEY,
  schedule TEXT NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens TEXT NOT NULL CHECK (opens GLOB '[0-2][0-9]:[0-5][0-9]'),
  closes TEXT NOT NULL CHECK (closes GLOB '[0-2][0-9]:[0-5][0-9]'),
  CHECK (opens < closes)
);
CREATE INDEX business_hours_schedule ON business_hours(schedule, weekday);

CREATE TABLE holidays (
  schedule TEXT NOT NULL,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (schedule, date)
);

-- call_id is not a foreign key: the IVR may store a message before the call row exists.
CREATE TABLE voicemails (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL,
  flow_id INTEGER REFERENCES ivr_flows(id) ON DELETE SET NULL,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  caller TEXT NOT NULL,
  box TEXT NOT NULL DEFAULT 'general',
  path TEXT,
  duration_ms INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','heard','archived')),
  created_at TEXT NOT NULL
);
CREATE INDEX voicemails_customer ON voicemails(customer_id, created_at);
CREATE INDEX voicemails_status ON voicemails(status, created_at);

-- place_at is when the caller first reached us: callbacks are served in that order, so
-- asking for one does not cost the caller their place.
CREATE TABLE callbacks (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  number TEXT NOT NULL,
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  place_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending','dialing','done','failed','cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX callbacks_pending ON callbacks(status, queue_id, place_at);

CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  question TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  created_at TEXT NOT NULL
);
CREATE INDEX surveys_agent ON surveys(agent_id, created_at);
CREATE INDEX surveys_call ON surveys(call_id);
`;
