/**
 * Skill levels for the day: a supervisor raises or lowers an agent's levels (0 takes a
 * skill away) until the end of the center's day. The standing levels in `agent_skills`
 * stay as they are; the ACD reads these on top of them while `expires_at` is ahead.
 */
export default `
CREATE TABLE day_skill_levels (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
  expires_at TEXT NOT NULL,
  set_at TEXT NOT NULL,
  set_by TEXT NOT NULL,
  PRIMARY KEY (user_id, skill_id)
);
CREATE INDEX day_skill_levels_expiry ON day_skill_levels (expires_at);
`;
