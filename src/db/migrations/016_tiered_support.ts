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

-- The tier-2 queue in the order it is worked: most urgent, then soonest due, per team.
CREATE INDEX cases_tier2_order ON cases(
  team_id,
  (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
  coalesce(due_at, '9999'),
  id
) WHERE tier = 2 AND status = 'escalated';
CREATE INDEX cases_team_updated ON cases(team_id, updated_at) WHERE team_id IS NOT NULL;
CREATE INDEX cases_assignee_due ON cases(assignee_id, due_at);
CREATE INDEX cases_assignee_updated ON cases(assignee_id, updated_at);
CREATE INDEX cases_status_updated ON cases(status, updated_at);
-- Open cases by due time (breaches), and those whose SLA has more to announce (the watch):
-- years of closed cases stay out of both.
CREATE INDEX cases_open_due ON cases(due_at)
  WHERE status IN ('new','open','pending_customer','escalated','reopened');
CREATE INDEX cases_sla_pending ON cases(due_at)
  WHERE sla_state != 'breached' AND status IN ('new','open','pending_customer','escalated','reopened');
`;
