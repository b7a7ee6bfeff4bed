/**
 * The call-flow editor: a revision number and the last editor on each flow's draft, so a
 * save made from a stale copy is refused naming who changed it; a comment and the admin
 * on each published version, for the history; and an index over the IVR's step events,
 * which the editor counts on the graph for a period.
 */
export default `
ALTER TABLE ivr_flows ADD COLUMN draft_revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ivr_flows ADD COLUMN draft_saved_by TEXT;
ALTER TABLE ivr_flow_versions ADD COLUMN comment TEXT NOT NULL DEFAULT '';
ALTER TABLE ivr_flow_versions ADD COLUMN published_by TEXT;
CREATE INDEX call_events_ivr_steps ON call_events(at)
  WHERE type IN ('ivr.node_entered', 'ivr.node_left', 'ivr.result');
`;
