/** What the recordings index keeps for review. */
export default `
-- Where recording was paused (card numbers read out), by audio position:
-- [{"at_ms": 12000, "duration_ms": 8000}, ...]; the audio there is silence on every channel.
ALTER TABLE recordings ADD COLUMN pauses TEXT NOT NULL DEFAULT '[]';
`;
