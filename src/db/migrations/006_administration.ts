/**
 * What the Administration area edits: not-ready reason codes as rows (they were a fixed
 * list in the ACD), and a version with its author on every record two admins may edit at
 * once, so the second stale save is refused instead of silently winning.
 */
export default `
CREATE TABLE not_ready_reasons (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  paid INTEGER NOT NULL DEFAULT 0,
  -- Longest time an agent should stay in this state; NULL: no limit.
  limit_s INTEGER CHECK (limit_s IS NULL OR limit_s BETWEEN 60 AND 86400),
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  updated_by TEXT
);
-- The reasons the ACD offered before they could be edited, so agents see no change.
INSERT INTO not_ready_reasons (code, label, paid, limit_s, updated_at) VALUES
  ('break', 'Break', 1, 900, strftime('%Y-%m-%dT%H:%M:%fZ')),
  ('lunch', 'Lunch', 0, 3600, strftime('%Y-%m-%dT%H:%M:%fZ')),
  ('training', 'Training', 1, NULL, strftime('%Y-%m-%dT%H:%M:%fZ')),
  ('meeting', 'Meeting', 1, NULL, strftime('%Y-%m-%dT%H:%M:%fZ'));

ALTER TABLE teams ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE teams ADD COLUMN updated_at TEXT;
ALTER TABLE teams ADD COLUMN updated_by TEXT;
ALTER TABLE skills ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE skills ADD COLUMN updated_at TEXT;
ALTER TABLE skills ADD COLUMN updated_by TEXT;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN updated_by TEXT;
ALTER TABLE queues ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE queues ADD COLUMN updated_by TEXT;
`;
