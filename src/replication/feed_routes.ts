import { Hono } from "hono";
import type { ChangeFeed } from "./change_feed.ts";
import { isSyncedPath, listSyncedFiles } from "./file_sync.ts";
import { type Pairing, PairingRefused } from "./pairing.ts";

/** What the feed routes serve from while this box is the primary. */
export interface FeedSource {
  feed: ChangeFeed;
  pairing: Pairing;
  /** The primary's epoch: it grows at every takeover, so the newest primary is known. */
  epoch: () => number;
  /** The data directory, whose recordings, voicemails and prompts follow the database. */
  dataDir: string;
  /** Called when the paired peer says it is the primary of a later epoch: this box stops at once. */
  demote: (epoch: number) => void;
  /** Whether the admin asked this primary to hand over to its standby (a switchover). */
  handingOver: () => boolean;
  /** The primary's clock (ms since the epoch). */
  now: () => number;
  /** A file the snapshot may be written to and read from, removed after. */
  snapshotFile: () => string;
  /** Told the address of the standby at each read of the feed, for the admin page. */
  readBy?: (address: string) => void;
}

/** The header a standby names its own address in (https://host:port) on each read. */
export const STANDBY_ADDRESS_HEADER = "x-standby-address";

/** The longest a standby's read waits for a change: also its heartbeat period. */
export const MAX_WAIT_MS = 2000;

/** A change as it travels: the changeset in base64. */
export interface WireChange {
  seq: number;
  at: number;
  changeset: string;
}

/**
 * The replication link on the primary, at `/replication` beside the API (not in
 * it: a standby's reads are not a user's, and the API's session and audit layers do not
 * apply). Pairing and the certificate are open; the feed and snapshots need the paired
 * standby's secret. `source` gives nothing while this box is not the primary.
 */
export function feedRoutes(
  source: () => FeedSource | undefined,
  certificatePem: () => string,
): Hono {
  const app = new Hono().basePath("/replication");
  const primary = () => {
    const found = source();
    if (!found) throw new LinkError(503, "not_primary", "This appliance is not the primary");
    return found;
  };
  const paired = (authorization: string | undefined) => {
    const found = primary();
    const secret = authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!secret || !found.pairing.isStandby(secret)) {
      throw new LinkError(401, "not_paired", "This standby is not paired with this primary");
    }
    return found;
  };
  app.onError((error, c) => {
    if (error instanceof LinkError) {
      return c.json({ code: error.code, message: error.message }, error.status);
    }
    throw error;
  });

  app.get("/certificate", (c) => c.text(certificatePem()));

  app.post("/pair", async (c) => {
    const { pairing, feed } = primary();
    const body = await c.req.json().catch(() => ({})) as { token?: unknown };
    if (typeof body.token !== "string") {
      throw new LinkError(400, "validation_error", "Give the pair token as token");
    }
    try {
      return c.json({ secret: pairing.exchange(body.token), feed_id: feed.feedId });
    } catch (error) {
      if (error instanceof PairingRefused) {
        throw new LinkError(403, "pairing_refused", error.message);
      }
      throw error;
    }
  });

  // The peer that took over tells this box its epoch; a box still serving as the primary
  // of an earlier epoch (it was only cut off) stops taking calls and writes.
  app.post("/epoch", async (c) => {
    if (!source()) return c.json({ role: "standby" });
    const found = paired(c.req.header("authorization"));
    const body = await c.req.json().catch(() => ({})) as { epoch?: unknown };
    if (typeof body.epoch !== "number" || !Number.isSafeInteger(body.epoch)) {
      throw new LinkError(400, "validation_error", "Give the epoch as a whole number");
    }
    const own = found.epoch();
    if (body.epoch <= own) return c.json({ role: "primary", epoch: own });
    found.demote(body.epoch);
    return c.json({ role: "standby", epoch: own });
  });

  app.get("/changes", async (c) => {
    const found = paired(c.req.header("authorization"));
    const { feed } = found;
    const named = c.req.header(STANDBY_ADDRESS_HEADER);
    const from = (c.env as { remoteAddr?: { hostname: string } } | undefined)?.remoteAddr;
    if (named && /^https?:\/\/[\w.:\[\]-]+$/.test(named)) found.readBy?.(named);
    else if (from) found.readBy?.(from.hostname);
    const after = Number(c.req.query("after") ?? "0");
    const waitMs = Math.min(Number(c.req.query("wait_ms") ?? "0") || 0, MAX_WAIT_MS);
    const feedId = c.req.query("feed") ?? "";
    if (!Number.isSafeInteger(after) || after < 0) {
      throw new LinkError(400, "validation_error", "after must be a whole number");
    }
    if (feedId === feed.feedId && waitMs > 0 && !found.handingOver()) {
      await feed.waitFor(after, waitMs, c.req.raw.signal);
    }
    const read = feed.read(feedId, after);
    if (read.kind === "snapshot_needed") {
      return c.json({ code: "snapshot_needed", message: read.reason, feed_id: feed.feedId }, 409);
    }
    return c.json({
      feed_id: feed.feedId,
      epoch: found.epoch(),
      head: read.head,
      // Handing over: the standby takes over once it holds every change.
      handover: found.handingOver() && after + read.changes.length === read.head,
      changes: read.changes.map((change): WireChange => ({
        seq: change.seq,
        at: change.at,
        changeset: encodeBase64(change.changeset),
      })),
    });
  });

  app.get("/snapshot", async (c) => {
    const { feed, snapshotFile, epoch } = paired(c.req.header("authorization"));
    const path = snapshotFile();
    let file: Deno.FsFile;
    let at: { feedId: string; seq: number };
    try {
      at = feed.snapshot(path);
      file = await Deno.open(path);
    } finally {
      // Streamed from the open handle: the name can go now, and nothing is left behind.
      await Deno.remove(path).catch(() => {});
    }
    return c.body(file.readable, 200, {
      "content-type": "application/vnd.sqlite3",
      "x-feed-id": at.feedId,
      "x-feed-seq": String(at.seq),
      "x-epoch": String(epoch()),
    });
  });

  app.get("/files", async (c) => {
    const { dataDir, now } = paired(c.req.header("authorization"));
    return c.json({ files: await listSyncedFiles(dataDir, now()) });
  });

  app.get("/file", async (c) => {
    const { dataDir } = paired(c.req.header("authorization"));
    const path = c.req.query("path") ?? "";
    if (!isSyncedPath(path)) {
      throw new LinkError(400, "validation_error", "That path is not one the standby follows");
    }
    try {
      return c.body((await Deno.open(`${dataDir}/${path}`)).readable, 200, {
        "content-type": "application/octet-stream",
      });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new LinkError(404, "not_found", "That file is gone");
      }
      throw error;
    }
  });
  return app;
}

class LinkError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

export function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
