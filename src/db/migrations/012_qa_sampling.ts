/** QA sampling rules and the worklist they fill; calibration sessions and their scores. */
export default `
CREATE TABLE qa_sampling_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1,
  -- per_agent: 'amount' calls of each agent a week; percent: 'amount' % of the week's calls.
  mode TEXT NOT NULL CHECK (mode IN ('per_agent', 'percent')),
  amount REAL NOT NULL CHECK (amount > 0 AND amount <= 100),
  queue_id INTEGER REFERENCES queues(id) ON DELETE CASCADE,
  team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
  agent_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  min_duration_s INTEGER,
  max_duration_s INTEGER,
  -- JSON array of disposition codes; empty: any.
  dispositions TEXT NOT NULL DEFAULT '[]',
  form_id INTEGER REFERENCES qa_forms(id) ON DELETE SET NULL,
  -- Whose list the picked calls go to; null: every evaluator's.
  evaluator_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE qa_worklist (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES qa_sampling_rules(id) ON DELETE CASCADE,
  -- The Monday (UTC date) of the week the call was picked for.
  period TEXT NOT NULL,
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  call_id TEXT NOT NULL UNIQUE,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  queue_id INTEGER,
  evaluator_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  form_id INTEGER REFERENCES qa_forms(id) ON DELETE SET NULL,
  picked_at TEXT NOT NULL
);
CREATE INDEX qa_worklist_rule ON qa_worklist(rule_id, period, agent_id);

CREATE TABLE qa_calibrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  call_id TEXT NOT NULL,
  form_id INTEGER NOT NULL REFERENCES qa_forms(id),
  -- The form as it was when the session started: every evaluator scores the same one.
  form_snapshot TEXT NOT NULL,
  pass_mark REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  closed_at TEXT
);

-- Scores given in a calibration: not evaluations of the agent, so not in the pass rate.
CREATE TABLE qa_calibration_scores (
  calibration_id INTEGER NOT NULL REFERENCES qa_calibrations(id) ON DELETE CASCADE,
  evaluator_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  answers TEXT NOT NULL,
  score REAL NOT NULL,
  critical_failed INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  scored_at TEXT NOT NULL,
  PRIMARY KEY (calibration_id, evaluator_id)
);
`;
