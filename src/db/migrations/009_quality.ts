/** Quality review: evaluation forms and the evaluations of recorded calls. */
export default `
CREATE TABLE qa_forms (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  -- Score (0–100) at or above which an evaluation passes (KPI.md: QA pass rate).
  pass_mark REAL NOT NULL DEFAULT 80 CHECK (pass_mark BETWEEN 0 AND 100),
  -- {"sections": [{"title", "questions": [{"id", "text", "kind", "weight", "critical"}]}]}
  definition TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE qa_evaluations (
  id INTEGER PRIMARY KEY,
  form_id INTEGER NOT NULL REFERENCES qa_forms(id),
  -- The form as it was when scored: later edits do not change old scores.
  form_snapshot TEXT NOT NULL,
  recording_id INTEGER REFERENCES recordings(id) ON DELETE SET NULL,
  call_id TEXT NOT NULL,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  evaluator_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  answers TEXT NOT NULL,
  -- [{"at_ms": 12000, "text": "..."}]: comments pinned to moments of the recording.
  comments TEXT NOT NULL DEFAULT '[]',
  score REAL NOT NULL,
  critical_failed INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted','acknowledged','disputed')),
  agent_note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  answered_at TEXT
);
CREATE INDEX qa_evaluations_agent ON qa_evaluations(agent_id, created_at);
CREATE INDEX qa_evaluations_call ON qa_evaluations(call_id);
`;
