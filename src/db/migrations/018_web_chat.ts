/**
 * Web chat: conversations with visitors from the site's widget, their messages and files,
 * and the quick replies agents answer with. A conversation keeps the visitor's details as
 * typed (the customer match may change later), its state in the conversation's life, and
 * whether the bot resolved it (`bot_resolved`: NULL when no bot took part, 1 resolved, 0
 * handed to a person), which the reports count. Files are kept in the database: they are
 * small (the widget refuses large ones) and go with the backup and the standby.
 * `users.chat_capacity` is how many chats an agent holds at once (0: no chats).
 */
export default `
CREATE TABLE chats (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  visitor_name TEXT NOT NULL,
  visitor_phone TEXT,
  visitor_email TEXT,
  topic TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'en',
  entry TEXT NOT NULL DEFAULT 'web',
  queue_id INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  state TEXT NOT NULL
    CHECK (state IN ('bot','waiting','offered','with_agent','ended','left_message')),
  bot_resolved INTEGER CHECK (bot_resolved IN (0, 1)),
  case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
  interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
  disposition TEXT,
  end_reason TEXT,
  remote_address TEXT,
  started_at TEXT NOT NULL,
  answered_at TEXT,
  ended_at TEXT
);
CREATE INDEX chats_state ON chats(state);
CREATE INDEX chats_customer ON chats(customer_id, started_at);
CREATE INDEX chats_started ON chats(started_at);

CREATE TABLE chat_attachments (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX chat_attachments_chat ON chat_attachments(chat_id);

CREATE TABLE chat_messages (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
  sender TEXT NOT NULL CHECK (sender IN ('visitor','agent','bot','system')),
  -- The sender's own id for the message, so a message sent again after a reconnect is
  -- stored once.
  client_id TEXT,
  agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  attachment_id INTEGER REFERENCES chat_attachments(id) ON DELETE SET NULL,
  sent_at TEXT NOT NULL
);
CREATE INDEX chat_messages_chat ON chat_messages(chat_id, id);
CREATE UNIQUE INDEX chat_messages_client ON chat_messages(chat_id, sender, client_id)
  WHERE client_id IS NOT NULL;

CREATE TABLE quick_replies (
  id INTEGER PRIMARY KEY,
  -- NULL: the center's; otherwise the agent's own.
  owner_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX quick_replies_owner ON quick_replies(owner_id);

ALTER TABLE users ADD COLUMN chat_capacity INTEGER NOT NULL DEFAULT 0;
`;
