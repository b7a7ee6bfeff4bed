/** What the recordings index keeps for review. */
export default `
-- Where recording was paused (card numbers read out), by audio position:
-- [{"at_ms": 12000, "duration_ms": 8000}, ...]; the audio there is silence on every channel.
ALTER TABLE recordings ADD COLUMN pauses TEXT NOT NULL DEFAULT '[]';
-- A recording under legal hold is kept whatever its queue's retention says.
ALTER TABLE recordings ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1));
CREATE INDEX recordings_started ON recordings(started_at);
-- Recording search: an agent's (or a queue's) calls in a period, newest first.
CREATE INDEX calls_agent_started ON calls(agent_id, started_at);
CREATE INDEX calls_queue_started ON calls(queue_id, started_at);
`;
