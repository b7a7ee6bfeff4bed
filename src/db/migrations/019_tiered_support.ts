/**
 * Tiered support: a revision on each case so a save made from a stale copy is refused
 * naming who changed it; the tier-2 team a case is escalated to; where the case stands
 * against its SLA (so a warning or a breach is announced once, not at every scan); and
 * a warning time per SLA rule. The indexes serve the desktop's case search, the "my
 * work" lists and the tier-2 queue, taken in priority and due order.
 */
export default `
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL;
ALTER TABLE cases ADD COLUMN sla_state TEXT NOT NULL DEFAULT 'ok'
  CHECK (sla_state IN ('ok', 'warning', 'breached'));
ALTER TABLE sla_rules ADD COLUMN warn_before_min INTEGER NOT NULL DEFAULT 0
  CHECK (warn_before_min >= 0);

CREATE INDEX cases_tier_queue ON cases(tier, status, team_id, due_at);
CREATE INDEX cases_due ON cases(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_status_updated ON cases(status, updated_at);
`;
