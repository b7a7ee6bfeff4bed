/**
 * E-mail into cases: the mailboxes an admin configures (IMAP to read, SMTP to send), with
 * how far each has been read (UIDVALIDITY and the last stored UID) and its last fetch or
 * error, and every e-mail in or out stored with the case it belongs to. The unique keys
 * are what make a second delivery of the same e-mail a no-op: its Message-ID, or the
 * mailbox's UIDVALIDITY and UID.
 */
export default `
CREATE TABLE mailboxes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL,
  options TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  uid_validity INTEGER,
  last_uid INTEGER NOT NULL DEFAULT 0,
  last_fetch_at TEXT,
  last_error TEXT,
  last_error_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE email_messages (
  id INTEGER PRIMARY KEY,
  mailbox_id INTEGER REFERENCES mailboxes(id) ON DELETE SET NULL,
  case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  kind TEXT NOT NULL DEFAULT 'mail' CHECK (kind IN ('mail', 'acknowledgement', 'reply')),
  message_id TEXT,
  uid_validity INTEGER,
  uid INTEGER,
  from_address TEXT NOT NULL,
  to_addresses TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  text_body TEXT NOT NULL DEFAULT '',
  html_body TEXT,
  in_reply_to TEXT,
  refs TEXT NOT NULL DEFAULT '',
  attachment_ids TEXT NOT NULL DEFAULT '[]',
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  answered_at TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX email_messages_message_id ON email_messages(message_id)
  WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX email_messages_uid ON email_messages(mailbox_id, uid_validity, uid)
  WHERE uid IS NOT NULL;
CREATE INDEX email_messages_case ON email_messages(case_id, id);
CREATE INDEX email_messages_waiting ON email_messages(created_at)
  WHERE direction = 'inbound' AND answered_at IS NULL;
`;
