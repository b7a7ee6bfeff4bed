/**
 * Failover tickets: what lets a browser signed in on the primary sign in again by itself
 * on the standby once that box has taken over (decision 032's companion in the auth
 * domain). Only digests are kept; a ticket is good once, and only in a later epoch.
 */
export default `
CREATE TABLE failover_tickets (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX failover_tickets_expiry ON failover_tickets(expires_at);
`;
