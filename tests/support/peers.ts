/**
 * Tests that need a real peer (SIPp, Chromium, espeak-ng) ask here. Outside CI a
 * missing peer skips the test with a line naming the Debian package; with
 * CC_REQUIRE_PEERS=1 (set by .ci/run) a missing peer fails the run instead.
 */

const PEERS = {
  chromium: { path: "/usr/bin/chromium", pkg: "chromium" },
  sipp: { path: "/usr/bin/sipp", pkg: "sip-tester" },
  "espeak-ng": { path: "/usr/bin/espeak-ng", pkg: "espeak-ng" },
  sox: { path: "/usr/bin/sox", pkg: "sox" },
  kamailio: { path: "/usr/sbin/kamailio", pkg: "kamailio" },
  dovecot: { path: "/usr/sbin/dovecot", pkg: "dovecot-imapd" },
} as const;

export type PeerName = keyof typeof PEERS;

const required = Deno.env.get("CC_REQUIRE_PEERS") === "1";
const reported = new Set<string>();

export function peerPath(name: PeerName): string {
  return PEERS[name].path;
}

/** True when the peer is installed; throws in CI when it is not. */
export function hasPeer(name: PeerName): boolean {
  const { path, pkg } = PEERS[name];
  let found = false;
  try {
    found = Deno.statSync(path).isFile;
  } catch {
    found = false;
  }
  if (!found) {
    if (required) {
      throw new Error(`Test peer ${name} is missing at ${path}: apt-get install -y ${pkg}`);
    }
    if (!reported.has(name)) {
      reported.add(name);
      console.warn(`Skipping tests that need ${name}: install it with apt-get install -y ${pkg}`);
    }
  }
  return found;
}
