import type { Hono } from "hono";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Database, Settings } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { ChangeFeed } from "./change_feed.ts";
import { FileFollower } from "./file_sync.ts";
import { LeaseKeeper } from "./lease_keeper.ts";
import { feedRoutes, type FeedSource, STANDBY_ADDRESS_HEADER } from "./feed_routes.ts";
import { Pairing } from "./pairing.ts";
import { Replica } from "./replica.ts";
import { StandbyLink } from "./standby_link.ts";
import {
  loadPairing,
  pairWithPrimary,
  pinnedFetch,
  savePairing,
  type StandbyPairing,
  StandbyStartError,
} from "./standby_pairing.ts";
import { TakeoverWatch, tcpReachable } from "./takeover_watch.ts";

/** The `settings` key of the epoch: one more at every takeover, replicated with the data. */
export const EPOCH_KEY = "replication.epoch";
/** The `settings` key of when this database's last takeover happened (ISO time). */
export const LAST_TAKEOVER_KEY = "replication.last_takeover_at";

/** How long a switchover waits before the standby may take over: the request's last writes. */
const HANDOVER_DELAY_MS = 200;

/** The settings replication runs on (a subset of the appliance's `Config`). */
export interface ReplicationConfig {
  dataDir: string;
  databaseFile: string;
  standbyOf?: string;
  pairToken?: string;
  takeoverAfterS: number;
  witness?: string;
  /** A `callcenter witness` whose lease a box must hold to serve as the primary. */
  leaseWitness?: string;
  witnessToken?: string;
}

/** How replication stands, as `/health` shows it. */
export interface ReplicationView {
  epoch: number;
  state: "primary" | "connecting" | "following" | "stopped" | "off";
  peer?: string;
  applied_seq?: number;
  head_seq: number;
  lag_changes?: number;
  lag_s?: number;
  last_contact_s?: number;
  last_takeover_at?: string;
  /** With a lease witness: whether this box holds its lease. */
  lease?: "held" | "not_held";
  error?: string;
}

/** A standby's link, ready before its storage is opened: paired and holding a database. */
export interface StandbyStart {
  pairing: StandbyPairing;
  replica: Replica;
  link: StandbyLink;
  files: FileFollower;
}

/**
 * Replication in an appliance, whatever its role: the feed, pairing and epoch on a
 * primary; the link to the primary and the takeover watch on a standby. The appliance's
 * lifecycle calls it; it owns no socket (its routes are served by the appliance's HTTP).
 */
export class ReplicationNode {
  readonly #config: ReplicationConfig;
  readonly #clock: Clock;
  readonly #log: Logger;
  #certificate = "";
  #source: FeedSource | undefined;
  #standby: StandbyStart | undefined;
  #watch: TakeoverWatch | undefined;
  #settings: Settings | undefined;
  /** Told when a peer of a later epoch makes this primary stand down. */
  #onDemoted: ((epoch: number) => void) | undefined;
  /** The epoch that made this box stand down, if one did. */
  #demotedBy: number | undefined;
  /** Set by a switchover: the standby takes over once it holds every change. */
  #handingOver = false;
  /** After a takeover: tells the old primary the new epoch until it stands down. */
  #notifier: CancelTimer | undefined;
  /** The address the standby last read the feed from, while this box is the primary. */
  #standbyAddress: string | undefined;
  /** The lease witness's lease, when one is configured (decision 032). */
  readonly #lease: LeaseKeeper | undefined;
  /** Told when this primary gains or loses the lease, and so may serve or must not. */
  #onLease: ((held: boolean) => void) | undefined;

  constructor(config: ReplicationConfig, clock: Clock, log: Logger) {
    this.#config = config;
    this.#clock = clock;
    this.#log = log;
    if (config.leaseWitness && config.witnessToken) {
      this.#lease = new LeaseKeeper({
        url: config.leaseWitness,
        token: config.witnessToken,
        clock,
        log,
      });
      this.#lease.onChange((held) => {
        if (this.#source) this.#onLease?.(held);
      });
    }
  }

  /**
   * Before a standby opens its storage: pairs with the primary the first time (with the
   * pair token), then makes sure the database exists, from a snapshot when it is new.
   */
  async prepareStandby(): Promise<void> {
    const { dataDir, standbyOf, pairToken, databaseFile } = this.#config;
    if (!standbyOf) return;
    let pairing = await loadPairing(dataDir);
    if (!pairing || pairing.primary !== standbyOf) {
      if (!pairToken) {
        throw new StandbyStartError(
          `This box is not paired with ${standbyOf}; give the token the primary showed ` +
            "with --pair-token",
        );
      }
      pairing = await pairWithPrimary(standbyOf, pairToken);
      await savePairing(dataDir, pairing);
      this.#log.info("paired with the primary", { primary: standbyOf });
    }
    await Deno.mkdir(dataDir, { recursive: true });
    const replica = new Replica(`${dataDir}/${databaseFile}`);
    const toPrimary = pinnedFetch(pairing);
    const link = new StandbyLink({
      replica,
      // Each read names this box's own address, so the primary's health can point to it.
      fetch: (path, init = {}) => {
        const headers = new Headers(init.headers);
        if (this.ownAddress) headers.set(STANDBY_ADDRESS_HEADER, this.ownAddress);
        return toPrimary(path, { ...init, headers });
      },
      clock: this.#clock,
      log: this.#log,
      snapshotFile: `${dataDir}/${databaseFile}.snapshot`,
    });
    const files = new FileFollower({
      dataDir,
      fetch: pinnedFetch(pairing),
      clock: this.#clock,
      log: this.#log,
    });
    this.#standby = { pairing, replica, link, files };
    // The domains need a database to read: a new standby waits for its first snapshot.
    if (!replica.position()) {
      await link.step().catch((error) => {
        replica.close();
        throw new StandbyStartError(
          `The first copy of the primary's database failed: ${error.message}`,
        );
      });
    }
  }

  /** Whether this box follows a primary (a standby set up with --standby-of). */
  get follows(): boolean {
    return this.#standby !== undefined;
  }

  /** The `/replication` routes, served in either role (a standby refuses the feed). */
  routes(): Hono {
    return feedRoutes(() => this.#source, () => this.#certificate);
  }

  /**
   * Where people reach this box (https://host:port), set once it listens; a standby names
   * it to its primary, whose admin page and agent desktops can then point to it.
   */
  ownAddress: string | undefined;

  /** The certificate HTTPS serves, which pair tokens name. */
  set certificate(pem: string) {
    this.#certificate = pem;
  }

  /**
   * Starts following: the link reads the feed, and after the configured silence the
   * watch stops it and calls `takeOver` (which promotes the appliance).
   */
  follow(takeOver: () => Promise<void>): void {
    const standby = this.#standby;
    if (!standby) return;
    standby.link.start();
    standby.files.start();
    const witness = this.#config.witness;
    this.#watch = new TakeoverWatch({
      clock: this.#clock,
      log: this.#log,
      silenceMs: this.#config.takeoverAfterS * 1000,
      lastContactAt: () => standby.link.status().lastContactAt,
      hasFollowed: () => standby.link.status().followedAt !== undefined,
      witnessReachable: witness ? () => tcpReachable(witness) : undefined,
      claimLease: this.#lease ? () => this.#claimForTakeover(standby) : undefined,
      takeOver: async () => {
        await this.stopFollowing();
        await takeOver();
      },
    });
    this.#watch.start();
    standby.link.onProgress(() => {
      if (standby.link.status().handover) void this.#watch?.now();
    });
  }

  /**
   * The admin's switchover on the primary: it stops taking calls and writes at once and
   * tells its standby, which takes over (next epoch) as soon as it holds every change.
   * Throws on a box that is not serving as the primary.
   */
  switchover(): { epoch: number } {
    const source = this.#source;
    if (!source) throw new Error("Only the primary can hand over to its standby");
    if (source.feed.readerLag().lastReadAt === undefined) {
      throw new Error("No standby reads this primary's changes; there is nobody to hand over to");
    }
    this.#log.info("handing over to the standby", { epoch: source.epoch() });
    this.#onDemoted?.(source.epoch());
    // The request that asked for this still writes its audit row; it goes with the rest.
    this.#clock.setTimer(HANDOVER_DELAY_MS, () => {
      if (this.#source === source) this.#handingOver = true;
    });
    return { epoch: source.epoch() };
  }

  /**
   * Claims the lease in the epoch this standby would take over in and, once granted,
   * keeps it through the promotion and after.
   */
  async #claimForTakeover(standby: StandbyStart): Promise<boolean> {
    const lease = this.#lease!;
    const epoch = (standby.link.status().primaryEpoch ?? 0) + 1;
    if (!(await lease.claim(epoch))) return false;
    lease.keep(() => this.#source?.epoch() ?? epoch);
    return true;
  }

  /**
   * On a primary with a lease witness: claims the lease (unless this box holds it already,
   * having claimed it to take over) and keeps it from now on. Resolves whether this box
   * may serve; always true without a lease witness.
   */
  async holdLease(): Promise<boolean> {
    const lease = this.#lease;
    const source = this.#source;
    if (!lease) return true;
    if (!source) return false;
    if (!lease.held) await lease.claim(source.epoch());
    lease.keep(() => this.#source?.epoch() ?? source.epoch());
    if (!lease.held) {
      this.#log.warn(
        "not serving: the witness's lease is held by the other box or the witness does not answer",
        { witness: this.#config.leaseWitness },
      );
    }
    return lease.held;
  }

  /** What the appliance does when this primary gains or loses the witness's lease. */
  onLease(handler: (held: boolean) => void): void {
    this.#onLease = handler;
  }

  /** Stops the link and closes the standby's own connection (before the database is reopened). */
  async stopFollowing(): Promise<void> {
    this.#watch?.stop();
    const standby = this.#standby;
    if (!standby) return;
    await Promise.all([standby.link.stop(), standby.files.stop()]);
    standby.replica.close();
  }

  /**
   * Serves the feed as the primary on `db`: after a takeover (`promoted`), in the next
   * epoch. Returns a pair token for a standby, to be shown once.
   */
  servePrimary(db: Database, settings: Settings, promoted: boolean): string {
    this.#settings = settings;
    const current = Number(settings.get(EPOCH_KEY) ?? "0");
    const epoch = promoted ? current + 1 : Math.max(current, 1);
    if (epoch !== current) settings.set(EPOCH_KEY, String(epoch));
    if (promoted) settings.set(LAST_TAKEOVER_KEY, new Date(this.#clock.now()).toISOString());
    this.#source?.feed.close();
    const feed = new ChangeFeed({ db, clock: this.#clock, recordFrom: "first_snapshot" });
    const pairing = new Pairing(settings, this.#clock, this.#certificate);
    this.#handingOver = false;
    this.#source = {
      handingOver: () => this.#handingOver,
      demote: (later) => this.#demote(later),
      feed,
      pairing,
      epoch: () => epoch,
      dataDir: this.#config.dataDir,
      now: () => this.#clock.now(),
      snapshotFile: () => `${this.#config.dataDir}/snapshot-${crypto.randomUUID()}.db`,
      readBy: (address) => this.#standbyAddress = address,
    };
    if (promoted && this.#standby) this.#tellOldPrimary(this.#standby.pairing, epoch);
    this.#standby = undefined;
    this.#log.info("serving the change feed", { epoch, feed_id: feed.feedId });
    return pairing.issueToken();
  }

  /** What the appliance does when a peer of a later epoch makes it stand down. */
  onDemoted(handler: (epoch: number) => void): void {
    this.#onDemoted = handler;
  }

  /**
   * After a takeover: tells the old primary the new epoch every second, so that if it
   * was only cut off it stops taking calls and writes as soon as it can hear this box.
   */
  #tellOldPrimary(pairing: StandbyPairing, epoch: number): void {
    const fetch = pinnedFetch(pairing);
    let told = false;
    const tell = async () => {
      try {
        const response = await fetch("/replication/epoch", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ epoch }),
          signal: AbortSignal.timeout(2000),
        });
        const answer = await response.json().catch(() => ({})) as { role?: string };
        if (answer.role === "standby" && !told) {
          told = true;
          this.#log.info("the old primary stands by", { peer: pairing.primary });
        }
      } catch {
        // Down or cut off: told again in a second.
      }
      if (this.#notifier !== undefined) this.#notifier = this.#clock.setTimer(1000, tell);
    };
    this.#notifier = this.#clock.setTimer(0, tell);
  }

  #demote(epoch: number): void {
    if (!this.#source) return;
    this.#log.error(
      "a primary of a later epoch answers; this box stopped taking calls and writes. " +
        "Start it again as that primary's standby (--role standby --standby-of …)",
      { own_epoch: this.#source.epoch(), epoch },
    );
    this.#source.feed.close();
    this.#source = undefined;
    this.#lease?.stop();
    this.#demotedBy = epoch;
    this.#onDemoted?.(epoch);
  }

  /** For `/health`: undefined on a box that neither serves a feed nor follows one. */
  view(): ReplicationView | undefined {
    if (this.#source) {
      const lag = this.#source.feed.readerLag();
      return {
        epoch: this.#source.epoch(),
        state: "primary",
        peer: this.#standbyAddress,
        head_seq: this.#source.feed.head,
        lag_changes: lag.lagChanges,
        lag_s: Math.round(lag.lagSeconds * 1000) / 1000,
        last_contact_s: lag.lastReadAt === undefined
          ? undefined
          : Math.round((this.#clock.now() - lag.lastReadAt) / 100) / 10,
        last_takeover_at: this.#settings?.get(LAST_TAKEOVER_KEY),
        lease: this.#leaseView(),
      };
    }
    if (this.#demotedBy !== undefined) {
      return {
        epoch: this.#demotedBy,
        state: "stopped",
        head_seq: 0,
        error: `A primary of epoch ${this.#demotedBy} took over; this box stands down`,
      };
    }
    const standby = this.#standby;
    if (!standby) return undefined;
    const status = standby.link.status();
    const now = this.#clock.now();
    return {
      epoch: status.primaryEpoch ?? 0,
      state: status.state,
      peer: standby.pairing.primary,
      applied_seq: status.appliedSeq,
      head_seq: status.headSeq,
      lag_changes: status.lagChanges,
      lag_s: Math.round(status.lagSeconds * 1000) / 1000,
      last_contact_s: status.lastContactAt === undefined
        ? undefined
        : Math.round((now - status.lastContactAt) / 100) / 10,
      lease: this.#leaseView(),
      error: status.error,
    };
  }

  #leaseView(): ReplicationView["lease"] {
    if (!this.#lease) return undefined;
    return this.#lease.held ? "held" : "not_held";
  }

  /**
   * On the primary, how its standby keeps up, for the lost-standby and lag alerts:
   * undefined on a box that serves no feed.
   */
  standbyFacts(): { peer: string; last_contact_s: number | undefined; lag_s: number } | undefined {
    const view = this.#source ? this.view() : undefined;
    if (!view) return undefined;
    return {
      peer: view.peer ?? "standby",
      last_contact_s: view.last_contact_s,
      lag_s: view.lag_s ?? 0,
    };
  }

  async close(): Promise<void> {
    const notifier = this.#notifier;
    this.#notifier = undefined;
    notifier?.();
    await this.stopFollowing();
    this.#lease?.stop();
    this.#source?.feed.close();
    this.#source = undefined;
  }
}
