/**
 * The CRM beyond the core tables of migration 2: case history, attachments, SLA rules,
 * admin-defined custom fields, the knowledge base (FTS5), agent scripts and follow-ups,
 * plus the indexes that keep the screen pop and name search fast at a million customers.
 */
export default `
ALTER TABLE customers ADD COLUMN birthday TEXT;
ALTER TABLE customers ADD COLUMN renewal_at TEXT;

ALTER TABLE cases ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN escalated_at TEXT;
ALTER TABLE cases ADD COLUMN resolved_at TEXT;
ALTER TABLE cases ADD COLUMN merged_into INTEGER REFERENCES cases(id) ON DELETE SET NULL;
CREATE INDEX cases_assignee ON cases(assignee_id, status);
CREATE INDEX cases_updated ON cases(updated_at);

ALTER TABLE interactions ADD COLUMN category TEXT;
ALTER TABLE interactions ADD COLUMN recording_id INTEGER REFERENCES recordings(id) ON DELETE SET NULL;
ALTER TABLE interactions ADD COLUMN answered_at TEXT;
-- The screen pop reads a customer's newest contacts first; FCR and exports read by period.
DROP INDEX interactions_customer;
CREATE INDEX interactions_customer ON interactions(customer_id, started_at DESC, id DESC);
CREATE INDEX interactions_started ON interactions(started_at);
CREATE INDEX interactions_case ON interactions(case_id);
CREATE INDEX interactions_call ON interactions(call_id);
CREATE INDEX customer_emails_customer ON customer_emails(customer_id);
CREATE INDEX calls_customer ON calls(customer_id);

CREATE TABLE case_history (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX case_history_case ON case_history(case_id, id);

CREATE TABLE case_attachments (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id);
CREATE INDEX case_notes_case ON case_notes(case_id, id);

-- category '*' matches every category; the most specific rule wins.
CREATE TABLE sla_rules (
  id INTEGER PRIMARY KEY,
  category TEXT NOT NULL,
  priority TEXT NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
  resolve_within_min INTEGER NOT NULL CHECK (resolve_within_min > 0),
  UNIQUE (category, priority)
);
INSERT INTO sla_rules (category, priority, resolve_within_min) VALUES
  ('*', 'low', 7200), ('*', 'normal', 2880), ('*', 'high', 480), ('*', 'urgent', 120);

CREATE TABLE custom_field_defs (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text','number','date','boolean','choice')),
  choices TEXT NOT NULL DEFAULT '[]',
  required INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE kb_articles (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  language TEXT NOT NULL DEFAULT 'zh-CN',
  published INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Trigram tokens index Chinese (no spaces between words) and English alike.
CREATE VIRTUAL TABLE kb_articles_fts USING fts5(
  title, body, content='kb_articles', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
  INSERT INTO kb_articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
  INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER kb_articles_au AFTER UPDATE ON kb_articles BEGIN
  INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO kb_articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TABLE scripts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE follow_ups (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('follow_up','birthday','renewal','win_back')),
  due_at TEXT NOT NULL,
  assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  done_at TEXT
);
CREATE INDEX follow_ups_assignee ON follow_ups(assignee_id, status, due_at);
CREATE INDEX follow_ups_customer ON follow_ups(customer_id);
-- Care lists are generated repeatedly; one task per customer, kind and due day.
CREATE UNIQUE INDEX follow_ups_care ON follow_ups(customer_id, kind, due_at) WHERE kind <> 'follow_up';
`;
