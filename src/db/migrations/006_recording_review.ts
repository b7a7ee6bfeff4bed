/** What the recordings index keeps for review. */
export default `
-- Where recording was paused (card numbers read out), by audio position:
-- [{"at_ms": 12000, "duration_ms": 8000}, ...]; the audio there is silence on every channel.
ALTER TABLE recordings ADD COLUMN pauses TEXT NOT NULL DEFAULT '[]';
-- Recording search: an agent's (or a queue's) calls in a period, newest first.
CREATE INDEX calls_agent_started ON calls(agent_id, started_at);
CREATE INDEX calls_queue_started ON calls(queue_id, started_at);
`;
