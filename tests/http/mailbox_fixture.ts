/** A mailbox as an admin adds it, on ports nothing listens on (nothing is fetched). */
export const MAILBOX = {
  name: "Support",
  address: "support@center.example",
  imap: { host: "127.0.0.1", port: 1, tls: false, user: "support", password: "imap-secret" },
  smtp: { host: "127.0.0.1", port: 1, tls: false },
};
