/**
 * The composition root: builds every domain from the configuration and wires them
 * together. Nothing else constructs domains, so what depends on what is read here.
 */
import {
  AuditLog,
  LoginThrottle,
  randomPassword,
  SessionStore,
  UserRepository,
} from "./auth/mod.ts";
import { type Clock, settlesWithin, SystemClock } from "./clock/mod.ts";
import type { Config } from "./config/mod.ts";
import { Database, DATABASE_FILE, WalCheckpoints } from "./db/mod.ts";
import { seedDemo } from "./demo/mod.ts";
import { EventHub } from "./events/mod.ts";
import {
  createHttpApp,
  ensureCertificate,
  type HttpApp,
  listen,
  type RunningServers,
  type UiAssets,
} from "./http/mod.ts";
import { createLogger, type Logger } from "./log/mod.ts";
import { Crm } from "./crm/mod.ts";
import { mountCrmRoutes } from "./http/routes/crm_routes.ts";
import { CachedPromptAudio, IvrDomain, LiveIvr } from "./ivr/mod.ts";
import { mountIvrRoutes } from "./http/routes/ivr_routes.ts";
import { mountIvrPromptRoutes } from "./http/routes/ivr_prompt_routes.ts";
import {
  AgentPresence,
  CallJournal,
  CallService,
  NumberDirectory,
  NumberRouter,
  QueueDesk,
  QueueStore,
} from "./calls/mod.ts";
import { mountAcdRoutes } from "./http/routes/acd_routes.ts";
import { RecordingStore } from "./recordings/mod.ts";
import { mountRecordingRoutes } from "./http/routes/recording_routes.ts";
import { mountMediaRoutes } from "./http/routes/media_routes.ts";
import { holdRecordingThread, type MediaClock, pacedMediaClock, PortPool } from "./media/mod.ts";
import { holdUdpThread, socketThreadCounters, threadPacing } from "./net/mod.ts";
import { SipStack, TrunkDirectory } from "./sip/mod.ts";
import { mountSipRoutes } from "./http/routes/sip_routes.ts";
import { mountSipWebSocket } from "./http/routes/sip_socket.ts";
import { BrowserSipPasswords, SIP_REALM } from "./auth/mod.ts";
import { randomBytes } from "node:crypto";

export interface ApplianceOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  uiAssets?: UiAssets;
  /** Where one-time secrets (generated passwords) are shown; stdout by default. */
  announce?: (line: string) => void;
}

/** Every domain, built and wired, before anything listens on a port. */
export interface Composition {
  config: Config;
  clock: Clock;
  log: Logger;
  db: Database;
  users: UserRepository;
  sessions: SessionStore;
  audit: AuditLog;
  hub: EventHub;
  http: HttpApp;
  /** Customers, cases and history; the IVR, ACD and calls look callers up through it. */
  crm: Crm;
  ivr: IvrDomain;
  sip: SipStack;
  trunks: TrunkDirectory;
  numbers: NumberDirectory;
  calls: CallService;
  mediaClock: MediaClock;
  /** Call recordings: files and their index. */
  recordings: RecordingStore;
  /** Prompt audio for calls (uploads, cached speech); warmed up when the appliance starts. */
  promptAudio: CachedPromptAudio;
  /** Runs IVR flows on live calls. */
  liveIvr: LiveIvr;
  /** The ACD on live calls: queues, agents' states, ringing and bridging agents. */
  queues: QueueDesk;
}

/**
 * Opens storage, creates the first admin (and the demo center with `--demo`) on a new
 * database, and builds the domains and the HTTP application.
 */
export async function compose(options: ApplianceOptions): Promise<Composition> {
  const { config } = options;
  const clock = options.clock ?? new SystemClock();
  const log = options.log ??
    createLogger("app", { level: config.logLevel, now: () => clock.now() });
  const announce = options.announce ?? ((line: string) => console.log(line));
  const startedAt = performance.now();

  Deno.mkdirSync(config.dataDir, { recursive: true });
  const db = new Database(`${config.dataDir}/${DATABASE_FILE}`, { log: log.child("db") });
  const applied = db.migrate();
  if (applied.length > 0) log.child("db").info("migrated", { versions: applied.join(",") });

  const users = new UserRepository(db, clock);
  const audit = new AuditLog(db, clock);
  const isNew = users.count() === 0;
  if (isNew) {
    const password = config.adminPassword ?? randomPassword();
    await users.create({
      username: "admin",
      display_name: "Administrator",
      role: "admin",
      password,
    });
    audit.append({
      actorUserId: null,
      actor: "system",
      action: "create_first_admin",
      entity: "users",
      entityId: 1,
    });
    if (!config.adminPassword) {
      announce(`First admin created: username "admin", password "${password}" (shown once)`);
    }
  }
  if (config.demo && isNew) {
    const seeded = await seedDemo(db, users, clock, config.demoPassword);
    audit.append({ actorUserId: null, actor: "system", action: "seed_demo", entity: "settings" });
    if (seeded.generatedPassword) {
      announce(
        `Demo center seeded: users agent1…agent8 (extensions 1001…1008), lead1, super1, qa1; ` +
          `password "${seeded.generatedPassword}" for all of them, web and SIP (shown once)`,
      );
    } else {
      log.info("demo center seeded", { agents: seeded.agents });
    }
  } else if (config.demo) {
    log.info("demo requested on an existing database; leaving its data as it is");
  }

  const hub = new EventHub(
    () => clock.now(),
    (error) => log.warn("event listener failed", { error }),
  );
  const sessions = new SessionStore(db, users, clock);
  const throttle = new LoginThrottle(clock);
  const uiAssets = options.uiAssets ?? (await loadUiAssets(log));
  const http = createHttpApp({
    users,
    sessions,
    throttle,
    audit,
    hub,
    log: log.child("http"),
    uptimeSeconds: () => (performance.now() - startedAt) / 1000,
    uiAssets,
  });

  // Telephony: SIP signalling, the media plane and the call layer between them.
  const advertisedHost = config.publicAddress ?? advertisedAddress(config.bind);
  const browserSip = new BrowserSipPasswords(clock);
  const trunks = new TrunkDirectory(db, clock);
  const sip = new SipStack({
    bind: config.bind,
    port: config.sipPort,
    advertisedHost,
    clock,
    log: log.child("sip"),
    trunks,
    credentials: (extension) => {
      const own = users.sipCredentials(extension);
      return [...(own ? [own] : []), ...browserSip.secrets(extension)];
    },
    nonceSecret: storedSecret(db, "sip_nonce_secret"),
    publish: (type, data) => hub.publish(type, data),
    realm: SIP_REALM,
  });
  const mediaLog = log.child("media");
  const mediaClock = pacedMediaClock(
    clock,
    (error) => mediaLog.error("media tick failed", { error }),
  );
  const numbers = new NumberDirectory(db, clock);
  const plane = {
    clock,
    mediaClock,
    ports: new PortPool(config.rtpPorts.min, config.rtpPorts.max),
    bindAddress: config.bind,
    advertisedAddress: advertisedHost,
  };
  const calls = new CallService({
    clock,
    log: log.child("calls"),
    journal: new CallJournal(db, clock, hub),
    numbers,
    media: plane,
  });
  sip.setCallHandler(calls);
  const ivr = new IvrDomain({ db, clock, dataDir: config.dataDir, log: log.child("ivr") });
  const recordings = new RecordingStore({
    db,
    clock,
    dataDir: config.dataDir,
    log: log.child("recordings"),
  });
  const promptAudio = new CachedPromptAudio({
    dataDir: config.dataDir,
    catalog: ivr.prompts,
    log: mediaLog,
    clock,
  });
  const liveIvr = new LiveIvr({
    ivr,
    prompts: promptAudio,
    recordings,
    dataDir: config.dataDir,
    log: log.child("ivr"),
  });
  const crm = new Crm({ db, clock, dataDir: config.dataDir });
  const queues = new QueueDesk({
    db,
    clock,
    log: log.child("acd"),
    hub,
    sip,
    crm,
    journal: calls.journal,
    plane,
    mediaClock,
    webrtc: {
      publicAddress: config.publicAddress,
      // werift leaves loopback out of its host candidates; a box tested on loopback needs it.
      hostAddresses: advertisedHost.startsWith("127.") ? [advertisedHost] : undefined,
    },
    prompts: promptAudio,
    recordings,
    trunks,
  });
  new AgentPresence(hub, sip, queues);
  calls.setRouter(new NumberRouter({ ivr: liveIvr, queues, log: log.child("calls") }));
  mountSipRoutes(http.api, { db, sip, trunks, numbers, calls, browserSip });
  mountSipWebSocket(
    http.app,
    (socket, remote, secure) => sip.acceptWebSocket(socket, remote, secure),
  );

  mountIvrRoutes(http.api, ivr);
  mountIvrPromptRoutes(http.api, ivr);
  mountCrmRoutes(http.api, crm, audit);
  mountAcdRoutes(http.api, {
    db,
    clock,
    desk: queues,
    queues: new QueueStore(db, clock),
    crm,
    journal: calls.journal,
  });
  mountRecordingRoutes(http.api, { recordings, audit });
  mountMediaRoutes(http.api, {
    clock,
    mediaClock,
    calls,
    sendPacing: threadPacing,
    socketThread: socketThreadCounters,
  });
  http.finish();
  return {
    config,
    clock,
    log,
    db,
    users,
    sessions,
    audit,
    hub,
    http,
    crm,
    ivr,
    sip,
    trunks,
    numbers,
    calls,
    mediaClock,
    recordings,
    promptAudio,
    liveIvr,
    queues,
  };
}

/** A running appliance: storage open, servers listening. */
export class Appliance {
  /** Media sockets' thread stays up between calls (see src/net/_udp_host.ts). */
  readonly #releaseSocketThread = holdUdpThread();
  /** So does the recording writer's, once the first recording has started it. */
  readonly #releaseRecordingThread = holdRecordingThread();

  /** The database's WAL is copied back on a thread of its own (decision 015). */
  readonly #walCheckpoints: WalCheckpoints;

  private constructor(readonly parts: Composition, readonly servers: RunningServers) {
    this.#walCheckpoints = new WalCheckpoints(parts.db, { log: parts.log.child("db") });
    this.#walCheckpoints.start();
  }

  get httpPort(): number {
    return this.servers.httpPort;
  }

  get httpsPort(): number | undefined {
    return this.servers.httpsPort;
  }

  static async start(options: ApplianceOptions): Promise<Appliance> {
    const parts = await compose(options);
    const { config, log } = parts;
    const tls = ensureCertificate(`${config.dataDir}/tls`, {
      certFile: config.tlsCert,
      keyFile: config.tlsKey,
      hostnames: [config.bind],
    });
    if (tls.generated) {
      log.info("created a self-signed certificate", { dir: `${config.dataDir}/tls` });
    }
    await parts.sip.start();
    parts.mediaClock.start();
    // Speech for built-in prompts is rendered now, so the first callers do not wait for it.
    parts.promptAudio.warmUp();
    const servers = await listen(parts.http.app, {
      bind: config.bind,
      httpPort: config.httpPort,
      httpsPort: config.httpsPort,
      tls,
    }, log.child("http"));
    return new Appliance(parts, servers);
  }

  /** Stops taking new work, lets in-flight requests finish (at most `graceMs`), then closes storage. */
  async stop(graceMs = 4000): Promise<void> {
    const { log, http, db } = this.parts;
    log.info("stopping");
    http.eventSockets.closeAll();
    // Calls first: their BYEs and journal rows need the sockets and the database.
    await this.parts.queues.close();
    await this.parts.sip.stop();
    await Promise.all([this.parts.liveIvr.drain(), this.parts.promptAudio.close()]);
    // Real time, whatever clock the domains run on: the grace is for real requests.
    const finished = await settlesWithin(new SystemClock(), this.servers.shutdown(), graceMs);
    if (!finished) log.warn("in-flight requests did not finish in time", { grace_ms: graceMs });
    this.parts.mediaClock.stop();
    this.#releaseSocketThread();
    this.#releaseRecordingThread();
    await this.#walCheckpoints.stop();
    db.close();
    log.info("stopped");
  }
}

/** The address peers should reach us at when the admin did not say: the bind address, or the LAN's. */
function advertisedAddress(bind: string): string {
  if (bind !== "0.0.0.0" && bind !== "::") return bind;
  const lan = Deno.networkInterfaces().find((i) =>
    i.family === "IPv4" && !i.address.startsWith("127.")
  );
  return lan?.address ?? "127.0.0.1";
}

/** A random secret made once per database (nonce keys survive restarts and fail over with the data). */
function storedSecret(db: Database, key: string): string {
  const found = db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", key);
  if (found) return found.value;
  const value = randomBytes(32).toString("hex");
  db.run(
    "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
    key,
    value,
    new Date().toISOString(),
  );
  return value;
}

async function loadUiAssets(log: Logger): Promise<UiAssets> {
  try {
    return (await import("./http/ui_assets.gen.ts")).uiAssets;
  } catch (error) {
    log.error("the UI is not bundled; run `deno task bundle` (the API still works)", { error });
    return {};
  }
}
