/**
 * The call-flow editor: a revision number and the last editor on each flow's draft, so a
 * save made from a stale copy is refused naming who changed it; a comment and the admin
 * on each published version, for the history; and hourly counts of the IVR's steps per
 * flow, node and exit, kept as the steps are appended to call_events, so a month of
 * traffic on the graph is read from a few thousand rows instead of a million events.
 * Like the reports' rollups they can be rebuilt from call_events; the nodes callers
 * entered before this migration are counted here (earlier runs did not record exits).
 */
export default `
ALTER TABLE ivr_flows ADD COLUMN draft_revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ivr_flows ADD COLUMN draft_saved_by TEXT;
ALTER TABLE ivr_flow_versions ADD COLUMN comment TEXT NOT NULL DEFAULT '';
ALTER TABLE ivr_flow_versions ADD COLUMN published_by TEXT;

-- kind: 'entered' (name ''), 'exit' (name = the exit, target = the next node) or 'end'
-- (name = the route taken out of the IVR, 'hung_up' when the caller hung up there).
-- hour is the UTC hour as 'YYYY-MM-DDTHH', the prefix of call_events.at.
CREATE TABLE ivr_traffic_hours (
  flow_id INTEGER NOT NULL,
  hour TEXT NOT NULL,
  node TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('entered', 'exit', 'end')),
  name TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL DEFAULT '',
  fallback INTEGER NOT NULL DEFAULT 0,
  callers INTEGER NOT NULL DEFAULT 0,
  self_served INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (flow_id, hour, node, kind, name, target)
) WITHOUT ROWID;

INSERT INTO ivr_traffic_hours (flow_id, hour, node, kind, callers)
  SELECT json_extract(data, '$.flow_id'), substr(at, 1, 13), json_extract(data, '$.node'),
         'entered', count(*)
    FROM call_events
   WHERE type = 'ivr.node_entered' AND json_extract(data, '$.flow_id') IS NOT NULL
   GROUP BY 1, 2, 3;
`;
