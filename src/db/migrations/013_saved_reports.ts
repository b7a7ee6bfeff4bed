/**
 * Saved report definitions: a user keeps the filters and columns of a report under a name
 * and opens it again later. The definition is JSON the reports API checks when it is
 * saved; names are unique per user.
 */
export default `
CREATE TABLE saved_reports (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (user_id, name)
);
`;
