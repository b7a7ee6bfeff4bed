/**
 * The appliance's lifecycle: it opens storage and builds the composition (src/app.ts),
 * then runs it in a role. A primary prepares its storage and starts SIP and media; a
 * standby serves health from a read-only database until {@link Appliance.promote}.
 */
import {
  advertisedAddress,
  compose,
  type Composition,
  migrateStorage,
  openStorage,
  prepareStorage,
} from "./app.ts";
import { applyPendingRestore, backupPathsOf } from "./backups/mod.ts";
import { type Clock, settlesWithin, SystemClock } from "./clock/mod.ts";
import type { ApplianceRole, Config } from "./config/mod.ts";
import { DATABASE_FILE, WalCheckpoints } from "./db/mod.ts";
import { listen, type RunningServers, type UiAssets } from "./http/mod.ts";
import { createLogger, type Logger, RecentLines } from "./log/mod.ts";
import { holdRecordingThread } from "./media/mod.ts";
import { holdUdpThread } from "./net/mod.ts";
import { holdSealingThread } from "./recordings/mod.ts";
import { ReplicationNode } from "./replication/mod.ts";

export interface ApplianceOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  uiAssets?: UiAssets;
  /** Keeps the latest warnings and errors for the admin's page; made here when not given. */
  recentLog?: RecentLines;
  /** Where one-time secrets (generated passwords) are shown; stdout by default. */
  announce?: (line: string) => void;
}

/**
 * A running appliance in a role. A primary has its storage prepared and SIP, media, WAL
 * checkpoints and HTTP running. A standby has only HTTP, answering health (and refusing
 * the rest with 503), on a database it opened read-only; {@link promote} makes it the
 * primary.
 */
export class Appliance {
  readonly parts: Composition;
  /** Shared with the composition, whose health route reports it. */
  readonly #role: { current: ApplianceRole };
  readonly #announce: (line: string) => void;
  /** The database's WAL is copied back on a thread of its own (decision 015). */
  readonly #walCheckpoints: WalCheckpoints;
  /** Threads kept up while the appliance takes calls. */
  readonly #threadHolds: (() => void)[] = [];
  #servers: RunningServers | undefined;
  #promotion: Promise<void> | undefined;
  /** Stops the report rollups following the logs. */
  #stopReportFeed: (() => void) | undefined;
  #stopping = false;
  /** The change feed on a primary, the link and takeover watch on a standby. */
  readonly #replication: ReplicationNode;
  /** A pair token made when this box started serving as the primary, shown once. */
  #pairToken: string | undefined;
  /** Set once a primary of a later epoch made this box stand down, for good. */
  #stoodDown = false;

  private constructor(
    parts: Composition,
    role: { current: ApplianceRole },
    announce: (line: string) => void,
    replication: ReplicationNode,
  ) {
    this.parts = parts;
    this.#replication = replication;
    this.#role = role;
    this.#announce = announce;
    this.#walCheckpoints = new WalCheckpoints(parts.db, { log: parts.log.child("db") });
  }

  /** Builds the appliance and starts it in `config.role`. */
  static async start(options: ApplianceOptions): Promise<Appliance> {
    const { config } = options;
    const clock = options.clock ?? new SystemClock();
    const recentLog = options.recentLog ?? new RecentLines();
    const log = options.log ??
      createLogger("app", { level: config.logLevel, now: () => clock.now(), recent: recentLog });
    const replication = new ReplicationNode(
      { ...config, databaseFile: DATABASE_FILE },
      clock,
      log.child("replication"),
    );
    // A standby pairs and fetches its first snapshot before it opens the database.
    if (config.role === "standby") await replication.prepareStandby();
    // A restore asked for in the browser is applied before anything opens the database.
    if (config.role === "primary") {
      const restored = await applyPendingRestore(
        backupPathsOf(config),
        clock.now(),
        log.child("backups"),
      );
      if (restored && !restored.error) {
        (options.announce ?? console.log)(`Restored backup ${restored.name}`);
      }
    }
    const db = openStorage(config, log);
    const role = { current: config.role };
    let parts: Composition;
    try {
      parts = await compose({
        config,
        db,
        clock,
        log,
        role: () => role.current,
        uiAssets: options.uiAssets,
        replication,
        recentLog,
      });
    } catch (error) {
      await replication.close();
      db.close();
      throw error;
    }
    const appliance = new Appliance(
      parts,
      role,
      options.announce ?? ((line: string) => console.log(line)),
      replication,
    );
    try {
      const tls = await parts.certificate.ensure([config.bind]);
      if (tls.generated) {
        log.info("created a self-signed certificate", { dir: `${config.dataDir}/tls` });
      }
      replication.certificate = tls.cert;
      replication.onLease((held) => appliance.#fence(!held));
      if (config.role === "primary") {
        if (!(await appliance.#serveAsPrimary(false))) appliance.#fence(true);
      } else if (replication.follows) {
        // Bound but passive: dispatchers and PBXs probing it hear 503 and call the primary.
        parts.sip.passive = true;
        await parts.sip.start();
        log.info("standing by: replicating the primary, SIP answering 503, database read-only");
      } else log.info("standing by: health only, no SIP or media, database read-only");
      appliance.#servers = await listen(parts.http.app, {
        bind: config.bind,
        httpPort: config.httpPort,
        httpsPort: config.httpsPort,
        tls,
      }, log.child("http"));
      parts.certificate.onInstalled((installed) => {
        // Errors are logged where they happen; the upload has been answered by then.
        void appliance.#servers?.replaceCertificate(installed).catch(() => {});
        replication.certificate = installed.cert;
      });
      const host = config.publicAddress ?? advertisedAddress(config.bind);
      if (appliance.#servers.httpsPort) {
        replication.ownAddress = `https://${host}:${appliance.#servers.httpsPort}`;
      }
      appliance.#announcePairToken();
      replication.onDemoted(() => appliance.#standDown());
      replication.follow(() => appliance.promote());
    } catch (error) {
      await appliance.stop();
      throw error;
    }
    return appliance;
  }

  get role(): ApplianceRole {
    return this.#role.current;
  }

  get servers(): RunningServers {
    if (!this.#servers) throw new Error("The appliance is not listening");
    return this.#servers;
  }

  get httpPort(): number {
    return this.servers.httpPort;
  }

  get httpsPort(): number | undefined {
    return this.servers.httpsPort;
  }

  /**
   * Makes a standby the primary: its database reopened for writing and migrated, the
   * first admin (and demo center) on a new one, then SIP, the media clock, WAL
   * checkpoints and prompt warm-up. The role turns primary once all of that runs; until
   * then the API keeps refusing. Does nothing on a primary; a call during a promotion
   * waits for it, and a failed promotion may be tried again.
   */
  promote(): Promise<void> {
    if (this.#stopping) {
      return Promise.reject(new Error("The appliance is stopping; it cannot be promoted"));
    }
    if (this.#role.current === "primary") return Promise.resolve();
    this.#promotion ??= this.#promote().catch((error) => {
      this.#promotion = undefined;
      throw error;
    });
    return this.#promotion;
  }

  /** Stops taking new work, lets in-flight requests finish (at most `graceMs`), then closes storage. */
  async stop(graceMs = 4000): Promise<void> {
    const {
      log,
      http,
      db,
      queues,
      monitors,
      router,
      sip,
      calls,
      presence,
      liveIvr,
      promptAudio,
    } = this.parts;
    this.#stopping = true;
    log.info("stopping", { role: this.role });
    // What a promotion under way starts must be running before it can be stopped.
    await this.#promotion?.catch(() => {});
    http.eventSockets.closeAll();
    // Calls first: their BYEs and journal rows need the sockets and the database.
    monitors.close();
    this.parts.callbackDialer.stop();
    this.parts.campaignDialer.stop();
    this.parts.supervision.close();
    this.parts.slaWatch.close();
    await this.parts.email.close();
    this.parts.daySkills.close();
    this.parts.chats.close();
    await queues.close();
    await sip.stop();
    calls.close();
    router.close();
    presence.close();
    await Promise.all([liveIvr.drain(), promptAudio.close()]);
    await this.#replication.close();
    if (this.#servers) {
      // Real time, whatever clock the domains run on: the grace is for real requests.
      const finished = await settlesWithin(new SystemClock(), this.#servers.shutdown(), graceMs);
      if (!finished) log.warn("in-flight requests did not finish in time", { grace_ms: graceMs });
    }
    this.parts.mediaClock.stop();
    this.parts.retention.stop();
    this.parts.callbackDialer.stop();
    this.parts.backupSchedule.stop();
    this.#stopReportFeed?.();
    for (const release of this.#threadHolds.splice(0)) release();
    await this.#walCheckpoints.stop();
    db.close();
    log.info("stopped");
  }

  async #promote(): Promise<void> {
    const { db, log } = this.parts;
    log.info("promoting the standby to primary");
    // The link's own connection is closed before the database is reopened for writing.
    await this.#replication.stopFollowing();
    db.openForWriting();
    migrateStorage(db, log.child("db"));
    const serving = await this.#serveAsPrimary(true);
    this.#role.current = serving ? "primary" : "standby";
    log.info("promoted to primary", { sip_port: this.parts.sip.port, serving });
    this.#announcePairToken();
  }

  /**
   * A primary that hears of a later epoch (it was cut off and the standby took over)
   * stops at once: the API refuses as on a standby and SIP answers 503, so no two boxes
   * take calls and writes once they can see each other. Calls up keep their media until
   * they end; a restart as the new primary's standby brings the data back in line.
   */
  #standDown(): void {
    this.#stoodDown = true;
    this.#role.current = "standby";
    this.parts.sip.passive = true;
  }

  /**
   * With a lease witness (decision 032), a primary serves only while it holds the lease:
   * without it the API answers 503 and SIP 503, as on a standby, until the lease is back.
   * Calls up keep their media until they end.
   */
  #fence(fenced: boolean): void {
    if (this.#stoodDown || this.#stopping) return;
    const { log, sip } = this.parts;
    if (fenced) {
      log.warn("lost the witness's lease: not taking calls or writes until it is held again");
    } else if (this.#role.current !== "primary") {
      log.info("holding the witness's lease again: taking calls and writes");
    }
    this.#role.current = fenced ? "standby" : "primary";
    sip.passive = fenced;
  }

  /** Shows the pair token made when this box became the primary, once. */
  #announcePairToken(): void {
    const token = this.#pairToken;
    if (!token || !this.#servers?.httpsPort) return;
    this.#pairToken = undefined;
    const { config } = this.parts;
    const host = config.publicAddress ?? advertisedAddress(config.bind);
    this.#announce(
      `Pair a standby with: --role standby --standby-of https://${host}:` +
        `${this.#servers.httpsPort} --pair-token ${token} (works once, for 15 minutes)`,
    );
  }

  /**
   * Everything a primary runs besides HTTP, in the order it needs it. Resolves whether it
   * may serve: false while a lease witness's lease is not this box's.
   */
  async #serveAsPrimary(promoted: boolean): Promise<boolean> {
    const { parts } = this;
    await prepareStorage(parts, this.#announce, promoted);
    // Every write from here on reaches the standby; a takeover starts the next epoch.
    this.#pairToken = this.#replication.servePrimary(parts.db, parts.settings, promoted);
    const serving = await this.#replication.holdLease();
    // Media sockets' thread stays up between calls (see src/net/_udp_host.ts); so do the
    // recording writer and the sealing job, once the first recording has started them.
    this.#threadHolds.push(holdUdpThread(), holdRecordingThread(), holdSealingThread());
    // RTP sockets bound ahead, so that answering a call does not wait on that thread.
    const stopReserve = parts.rtpReserve.start();
    this.#threadHolds.push(() => void stopReserve());
    parts.ivr.warmPublished();
    if (!parts.sip.started) await parts.sip.start();
    parts.sip.passive = !serving;
    parts.mediaClock.start();
    parts.calls.start();
    this.#walCheckpoints.start();
    parts.supervision.start();
    parts.slaWatch.start();
    parts.email.start();
    parts.daySkills.start();
    parts.retention.start();
    parts.callbackDialer.start();
    parts.campaignDialer.start();
    parts.backupSchedule.start();
    parts.chats.resumeOpenChats();
    // Recordings a crash left plain between closing and sealing are sealed now.
    void parts.recordings.sealLeftovers().catch((error) =>
      parts.log.error("sealing plain recordings failed", { error })
    );
    // Reports catch up when asked; following the logs keeps that catch-up small.
    this.#stopReportFeed = parts.reportFeed.follow(
      parts.clock,
      REPORT_FEED_MS,
      (error) => parts.log.child("reports").warn("report rollups could not catch up", { error }),
    );
    // Speech for built-in prompts is rendered now, so the first callers do not wait for it.
    parts.promptAudio.warmUp();
    return serving;
  }
}

/** How often the report rollups read what the call and agent-state logs gained. */
const REPORT_FEED_MS = 5_000;
