/**
 * Calling a task's customer from the agent's task list: each call placed for a follow-up
 * counts as an attempt on it, so the list can say it was tried and which call tried it
 * (the call itself is on the customer's timeline as any click-to-call is). A task stays
 * open until the agent marks it done: a call that was not answered is not the task done.
 */
export default `
ALTER TABLE follow_ups ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE follow_ups ADD COLUMN last_call_id TEXT;
ALTER TABLE follow_ups ADD COLUMN last_attempt_at TEXT;
`;
