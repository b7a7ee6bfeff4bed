/**
 * SMS as a channel, and what reports by channel need from every channel's contacts
 * (docs/decisions/038-sms-and-reports-by-channel.md).
 *
 * `interactions.channel` gains `sms`. SQLite cannot change a CHECK in place, so the table
 * is rebuilt (SQLite's twelve-step procedure: the runner turns foreign keys off around
 * it and checks them before commit). `SELECT *` is used on purpose: a column added by a
 * migration in between makes the copy fail loudly instead of dropping that column.
 *
 * Two columns every channel fills: `first_response_at`, when a person first answered
 * the customer in writing (chat, e-mail, SMS; a call's answer is `answered_at`), and
 * `resolved_by_bot`, 1 for a chat the bot closed without handing it to a person.
 *
 * SMS conversations are kept per phone number rather than per customer, so merging two
 * customers never loses a thread (the customer is found from the number through the
 * CRM); each one goes with its `sms` interaction, so erasing a customer erases their texts.
 */
export default `
CREATE TABLE interactions_next (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('call','voicemail','callback','chat','email','sms')),
  direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
  call_id TEXT REFERENCES calls(id) ON DELETE SET NULL,
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
  disposition_id INTEGER REFERENCES dispositions(id) ON DELETE SET NULL,
  notes TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  ended_at TEXT,
  category TEXT,
  recording_id INTEGER REFERENCES recordings(id) ON DELETE SET NULL,
  answered_at TEXT
);
INSERT INTO interactions_next SELECT * FROM interactions;
DROP TABLE interactions;
ALTER TABLE interactions_next RENAME TO interactions;
CREATE INDEX interactions_customer ON interactions(customer_id, started_at DESC, id DESC);
CREATE INDEX interactions_started ON interactions(started_at);
CREATE INDEX interactions_case ON interactions(case_id);
CREATE INDEX interactions_call ON interactions(call_id);

ALTER TABLE interactions ADD COLUMN first_response_at TEXT;
ALTER TABLE interactions ADD COLUMN resolved_by_bot INTEGER NOT NULL DEFAULT 0
  CHECK (resolved_by_bot IN (0, 1));
-- Covers what reports by channel read, so a month of contacts is summed from the index
-- alone rather than by a lookup of each row.
CREATE INDEX interactions_channel ON interactions(channel, direction, started_at, queue_id,
  answered_at, first_response_at, ended_at, resolved_by_bot);

CREATE TABLE sms_conversations (
  id INTEGER PRIMARY KEY,
  phone TEXT NOT NULL,
  -- The thread lives and dies with its contact on the timeline: erasing the customer
  -- erases their texts; merging customers moves the contact and keeps the thread.
  interaction_id INTEGER REFERENCES interactions(id) ON DELETE CASCADE,
  started_at TEXT NOT NULL,
  last_message_at TEXT NOT NULL,
  -- The oldest inbound message no agent has answered yet; NULL when nothing waits.
  waiting_since TEXT
);
CREATE INDEX sms_conversations_phone ON sms_conversations(phone, last_message_at);
CREATE INDEX sms_conversations_waiting ON sms_conversations(waiting_since)
  WHERE waiting_since IS NOT NULL;

CREATE TABLE sms_messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES sms_conversations(id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
  gateway_id TEXT,
  body TEXT NOT NULL,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('received','sending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX sms_messages_conversation ON sms_messages(conversation_id, id);
CREATE UNIQUE INDEX sms_messages_gateway_id ON sms_messages(gateway_id)
  WHERE direction = 'inbound';
`;
