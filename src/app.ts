/**
 * The composition root. {@link compose} builds every domain with its dependencies passed
 * to constructors and keeps every handle; it writes nothing and binds nothing, so what
 * depends on what is read there. {@link openStorage} and {@link prepareStorage} are the
 * steps of storage the lifecycle (src/appliance.ts) takes in each role.
 */
import {
  AuditLog,
  BrowserSipPasswords,
  ensureFirstAdmin,
  FailoverTickets,
  LoginThrottle,
  SessionStore,
  SIP_REALM,
  TeamRepository,
  UserRepository,
} from "./auth/mod.ts";
import type { Clock } from "./clock/mod.ts";
import type { ApplianceRole, Config } from "./config/mod.ts";
import { backupPathsOf, BackupSchedule, BackupShelf, RestoreRequests } from "./backups/mod.ts";
import { Database, DATABASE_FILE, DatabaseFileError, Settings } from "./db/mod.ts";
import { seedDemo } from "./demo/mod.ts";
import { EventHub } from "./events/mod.ts";
import {
  CampaignDialer,
  CampaignStore,
  centerDayStart,
  CustomerFirstLine,
} from "./campaigns/mod.ts";
import {
  CallbackDialer,
  ClickToCall,
  DoNotCallList,
  OutboundLines,
  OutboundPolicyStore,
  pickTrunk,
} from "./outbound/mod.ts";
import { createHttpApp, type HttpApp, TlsCertificate, type UiAssets } from "./http/mod.ts";
import { SmsChannel, SmsGatewayStore } from "./sms/mod.ts";
import { type Logger, RecentLines } from "./log/mod.ts";
import { Crm, normaliseCaller, SlaWatch } from "./crm/mod.ts";
import { CachedPromptAudio, IvrDomain, LiveIvr, localTime } from "./ivr/mod.ts";
import { CallService } from "./calls/mod.ts";
import { CallJournal } from "./call_history/mod.ts";
import { NumberDirectory } from "./numbers/mod.ts";
import {
  ChannelReports,
  ManagerInputs,
  ReportService,
  RollupFeed,
  SavedReports,
  ScheduleStore,
  StaffingService,
} from "./reports/mod.ts";
import {
  AgentPresence,
  CallMonitors,
  DaySkillLevels,
  NumberRouter,
  QueueDesk,
  QueueStore,
  ReasonCodeStore,
  SkillStore,
  startOfToday,
} from "./queues/mod.ts";
import { EmailChannel } from "./email/mod.ts";
import { ChatDesk, chatOpenHours, ChatQueueTiles, ChatStore, QuickReplies } from "./chat/mod.ts";
import { ChannelQueueBoard, Supervision } from "./supervision/mod.ts";
import { LiveVoicemail, VoicemailInbox } from "./voicemail/mod.ts";
import { QualityReview } from "./quality/mod.ts";
import { RecordingKeys, RecordingRetention, RecordingStore } from "./recordings/mod.ts";
import { type MediaClock, pacedMediaClock, PortPool, RtpSocketReserve } from "./media/mod.ts";
import { socketThreadCounters, threadPacing } from "./net/mod.ts";
import { SipStack, TrunkDirectory } from "./sip/mod.ts";
import { ReplicationNode } from "./replication/mod.ts";

/** The `settings` key of the HMAC key for SIP digest nonces. */
const NONCE_SECRET = "sip_nonce_secret";

export interface CompositionOptions {
  config: Config;
  /** From {@link openStorage}: read-only for a standby. */
  db: Database;
  clock: Clock;
  log: Logger;
  /** The appliance's role now; it changes when a standby is promoted. */
  role: () => ApplianceRole;
  /** The bundled UI; loaded from the generated module when not given. */
  uiAssets?: UiAssets;
  /** Replication's routes and health; a box without it neither serves nor follows a feed. */
  replication?: ReplicationNode;
  /** The latest warnings and errors the logger keeps for the admin's page. */
  recentLog?: RecentLines;
}

/** Every domain, built and wired, before anything listens on a port or writes a row. */
export interface Composition {
  config: Config;
  clock: Clock;
  log: Logger;
  db: Database;
  /** The `settings` table: the SIP nonce secret among others. */
  settings: Settings;
  users: UserRepository;
  sessions: SessionStore;
  /** Slows down repeated failed sign-ins. */
  throttle: LoginThrottle;
  audit: AuditLog;
  /** One-time SIP passwords for agents' browsers. */
  browserSip: BrowserSipPasswords;
  hub: EventHub;
  http: HttpApp;
  /** Customers, cases and history; the IVR, ACD and calls look callers up through it. */
  crm: Crm;
  /** Announces cases nearing and passing their SLA due time. */
  slaWatch: SlaWatch;
  /** Mailboxes read into cases, acknowledgements, and agents' replies (a primary reads). */
  email: EmailChannel;
  ivr: IvrDomain;
  sip: SipStack;
  trunks: TrunkDirectory;
  numbers: NumberDirectory;
  calls: CallService;
  mediaClock: MediaClock;
  /** RTP sockets bound ahead of the calls that take them. */
  rtpReserve: RtpSocketReserve;
  /** Call recordings: files and their index. */
  recordings: RecordingStore;
  /** QA forms, evaluations and the pass rate. */
  quality: QualityReview;
  /** Deletes recordings past their queue's retention, hourly on a primary. */
  retention: RecordingRetention;
  /** Returns callbacks to callers when their queue's agents are free (a primary only). */
  callbackDialer: CallbackDialer;
  /** Dials running campaigns (a primary only). */
  campaignDialer: CampaignDialer;
  /** The keys recordings and voicemails are sealed with, outside the database. */
  recordingKeys: RecordingKeys;
  /** Voicemails callers left: the inbox agents work from. */
  voicemails: VoicemailInbox;
  /** Prompt audio for calls (uploads, cached speech); warmed up when the appliance starts. */
  promptAudio: CachedPromptAudio;
  /** Runs IVR flows on live calls. */
  liveIvr: LiveIvr;
  /** The ACD on live calls: queues, agents' states, ringing agents onto calls. */
  queues: QueueDesk;
  /** Supervisors listening, whispering, barging in and taking over on live calls. */
  monitors: CallMonitors;
  /** Sends answered calls where their number points (IVR, queue, agent). */
  router: NumberRouter;
  /** Queues as the admin edits them. */
  queueStore: QueueStore;
  /** Text messages with customers through the configured gateway. */
  sms: SmsChannel;
  /** Logs agents in and out as their phones register and go. */
  presence: AgentPresence;
  teams: TeamRepository;
  /** Skills and agents' levels in them. */
  skills: SkillStore;
  /** Agents' skill levels a supervisor set for the rest of the day. */
  daySkills: DaySkillLevels;
  /** Not-ready reason codes agents choose from. */
  reasons: ReasonCodeStore;
  /** Backups taken while the appliance runs. */
  backups: BackupShelf;
  backupSchedule: BackupSchedule;
  restores: RestoreRequests;
  certificate: TlsCertificate;
  recentLog: RecentLines;
  /** Thresholds, alerts and read-only wallboard links. */
  supervision: Supervision;
  /** The 15-minute rollups of the call and agent-state logs. */
  reportFeed: RollupFeed;
  /** KPI figures by interval for the Reports area and its API. */
  reports: ReportService;
  /** Each user's saved report definitions. */
  savedReports: SavedReports;
  /** Web chat: visitors from the site's widget, the bot, and chats on the ACD. */
  chats: ChatDesk;
}

/**
 * Builds the domains and the HTTP application on an open database. Nothing here writes
 * to the database, binds a socket or starts a timer: that is the lifecycle's to do.
 */
export async function compose(options: CompositionOptions): Promise<Composition> {
  const { config, db, clock, log, role } = options;
  const startedAt = performance.now();

  const settings = new Settings(db, clock);
  const users = new UserRepository(db, clock);
  // A standby's database is the primary's read-only copy: an admin may sign in there to
  // look, and what the audit log would hold goes to the application log.
  const readOnly = () => role() === "standby";
  const auditLog = log.child("audit");
  const audit = new AuditLog(db, clock, {
    active: readOnly,
    record: (entry) => auditLog.info("on the standby", { ...entry }),
  });
  const hub = new EventHub(() => clock.now(), log.child("events"));
  const sessions = new SessionStore(db, users, clock, () => !readOnly());
  const failoverTickets = new FailoverTickets(db, clock);
  const throttle = new LoginThrottle(clock);

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
    // Made when a primary prepares its storage; a standby never challenges anyone.
    nonceSecret: () => settings.secret(NONCE_SECRET),
    publish: (type, data) => hub.publish(type, data),
    realm: SIP_REALM,
  });
  const mediaLog = log.child("media");
  const mediaClock = pacedMediaClock(
    clock,
    (error) => mediaLog.error("media tick failed", { error }),
  );
  const numbers = new NumberDirectory(db, clock);
  const ports = new PortPool(config.rtpPorts.min, config.rtpPorts.max);
  const plane = {
    clock,
    mediaClock,
    ports,
    // Started by a primary with the socket thread; until then calls bind their own.
    reserve: new RtpSocketReserve({ ports, bindAddress: config.bind }),
    bindAddress: config.bind,
    advertisedAddress: advertisedHost,
  };
  const backupPaths = backupPathsOf(config);
  const recordingKeys = new RecordingKeys(backupPaths.keyDir);
  const recordings = new RecordingStore({
    keys: recordingKeys,
    seal: config.sealRecordings,
    db,
    clock,
    dataDir: config.dataDir,
    log: log.child("recordings"),
  });
  const retention = new RecordingRetention({
    db,
    clock,
    dataDir: config.dataDir,
    log: log.child("recordings"),
  });
  const quality = new QualityReview({ db, clock });
  // Business-time SLA rules and the chat's opening hours count the hours the IVR's
  // business-hours check answers as open, in the center's time zone. The IVR is built
  // after the CRM it reads, and hours are only asked for once both exist.
  const centerHours = {
    has: (name: string): boolean => ivr.schedules.has(name),
    isOpen: (name: string, ms: number): boolean =>
      ivr.schedules.status(
        name,
        localTime(ms, settings.get("center.timezone") ?? "Asia/Shanghai"),
      ) === "open",
  };
  const crm: Crm = new Crm({
    db,
    clock,
    dataDir: config.dataDir,
    businessHours: centerHours,
  });
  const slaWatch = new SlaWatch({
    db,
    clock,
    // The owner's and lead's pages pick out the events meant for them.
    onChange: (change) => hub.publish("crm.case_sla", { ...change }),
    pausesWhileWaiting: (category, priority) =>
      crm.sla.ruleFor(category, priority)?.pause_when_waiting ?? false,
  });
  const calls = new CallService({
    clock,
    log: log.child("calls"),
    journal: new CallJournal(db, clock, hub, log.child("calls")),
    numbers,
    media: plane,
    sip,
    webrtc: {
      publicAddress: config.publicAddress,
      // werift leaves loopback out of its host candidates; a box tested on loopback needs it.
      hostAddresses: advertisedHost.startsWith("127.") ? [advertisedHost] : undefined,
    },
    recordings,
    mediaTimeoutS: config.mediaTimeoutS,
    trunkCredentials: (trunk) => {
      const password = trunk.username ? trunks.secretOf(trunk.id) : null;
      return trunk.username && password ? { username: trunk.username, password } : undefined;
    },
    normaliseCaller,
  });
  const ivr = new IvrDomain({
    db,
    clock,
    dataDir: config.dataDir,
    log: log.child("ivr"),
    crm,
    numbers,
  });
  const voicemails = new VoicemailInbox({
    db,
    clock,
    hub,
    crm,
    log: log.child("voicemail"),
    dataDir: config.dataDir,
    keys: recordingKeys,
    seal: config.sealRecordings,
  });
  ivr.onVoicemail(voicemails.received);
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
  const queues = new QueueDesk({
    db,
    clock,
    log: log.child("acd"),
    hub,
    sip,
    crm,
    calls,
    journal: calls.journal,
    prompts: promptAudio,
    trunks,
    voicemail: new LiveVoicemail({
      calls,
      clock,
      log: log.child("voicemail"),
      dataDir: config.dataDir,
      prompts: promptAudio,
      // The IVR's voicemail records store it and tell the inbox, as for IVR messages.
      save: (v) => ivr.services.records.saveVoicemail(v),
    }),
  });
  const monitors = new CallMonitors({
    desk: queues,
    calls,
    journal: calls.journal,
    clock,
    log: log.child("acd"),
  });
  const queueStore = new QueueStore(db, clock, numbers);
  const teams = new TeamRepository(db, clock);
  const skills = new SkillStore(db, clock);
  const daySkills = new DaySkillLevels({
    db,
    clock,
    log: log.child("acd"),
    // The center's day: the zone the admin set for the center (as the center page shows it).
    timeZone: () => settings.get("center.timezone") ?? "Asia/Shanghai",
    reload: () => queues.reload(),
  });
  const reasons = new ReasonCodeStore(db, clock);
  const backups = new BackupShelf(db, backupPaths, clock);
  const backupSchedule = new BackupSchedule({
    settings,
    clock,
    shelf: backups,
    log: log.child("backups"),
    timeZone: () => settings.get("center.timezone") ?? "Asia/Shanghai",
  });
  const restores = new RestoreRequests(backupPaths, clock);
  const certificate = new TlsCertificate({
    dir: `${config.dataDir}/tls`,
    clock,
    certFile: config.tlsCert,
    keyFile: config.tlsKey,
  });
  const recentLog = options.recentLog ?? new RecentLines();
  const email = new EmailChannel({
    db,
    clock,
    crm,
    log: log.child("email"),
    center: () => ({
      name: settings.get("center.name") ?? "Contact center",
      language: settings.get("center.language") ?? "zh-CN",
    }),
  });
  const presence = new AgentPresence(sip, queues);
  const router = new NumberRouter({ calls, ivr: liveIvr, queues, log: log.child("calls") });
  const supervision = new Supervision({
    settings,
    clock,
    hub,
    log: log.child("supervision"),
    facts: () => {
      const reasonCodes = new Map(reasons.list().map((r) => [r.code, r]));
      return {
        queues: queues.status.status(),
        agents: [...queues.setup.agents.values()].map((a) => {
          const view = queues.agentView(a.userId);
          const reason = view.reason === undefined ? undefined : reasonCodes.get(view.reason);
          return {
            id: a.userId,
            name: a.name,
            state: view.state,
            since: view.since,
            queue_ids: view.queueIds.map(Number),
            reason: reason && { code: reason.code, label: reason.label, limit_s: reason.limit_s },
          };
        }),
        trunks: trunks.list(),
        replication: options.replication?.standbyFacts(),
        breached_cases: slaWatch.breached(),
        mailboxes: email.faults(),
      };
    },
  });

  const dnc = new DoNotCallList(db, clock);
  // Calls out take the trunk's outbound slots as well as its shared ones.
  const outboundLines = new OutboundLines(trunks);
  const outboundPolicy = new OutboundPolicyStore(settings);
  const clickToCall = new ClickToCall({
    calls,
    interactions: crm.interactions,
    followUps: crm.followUps,
    dnc,
    trunks: outboundLines,
    policy: () => outboundPolicy.get(),
    queueCallerId: (id) => queueStore.get(id)?.options?.outbound_caller_id,
    findCustomer: (e164) => crm.lookupByPhone(e164).match?.customer.id ?? null,
    seats: {
      take: (userId) => queues.takeForOutbound(userId),
      release: (userId) => queues.releaseFromOutbound(userId),
    },
    clock,
    log: log.child("outbound"),
  });

  const callbackDialer = new CallbackDialer({
    callbacks: crm.callbacks,
    interactions: crm.interactions,
    calls,
    seats: {
      outboundSeats: (queueId) => queues.outboundSeats(queueId),
      take: (userId) => queues.takeForOutbound(userId),
      release: (userId) => queues.releaseFromOutbound(userId),
    },
    dnc,
    trunks: outboundLines,
    policy: () => outboundPolicy.get(),
    queueCallerId: (id) => queueStore.get(id)?.options?.outbound_caller_id,
    clock,
    log: log.child("outbound"),
  });

  const campaigns = new CampaignStore(db, clock);
  const campaignSeats = {
    outboundSeats: (queueId: number) => queues.outboundSeats(queueId),
    blendFacts: (queueId: number) => queues.blendFacts(queueId),
    take: (userId: number) => queues.takeForOutbound(userId),
    release: (userId: number) => queues.releaseFromOutbound(userId),
  };
  const campaignDialer = new CampaignDialer({
    store: campaigns,
    calls,
    seats: campaignSeats,
    customerFirst: new CustomerFirstLine({
      calls,
      seats: campaignSeats,
      speak: (text, language) => promptAudio.render([{ kind: "tts", text, language }]),
      prompt: (name, language) => promptAudio.render([{ kind: "prompt", name, language }]),
      dnc,
      queues,
      clock,
      log: log.child("campaigns"),
    }),
    dayStart: (ms) => centerDayStart(ms, settings.get("center.timezone") ?? "Asia/Shanghai"),
    dnc,
    consent: (customerId) => crm.customers.get(customerId)?.consent_marketing,
    trunks: outboundLines,
    policy: () => outboundPolicy.get(),
    clock,
    log: log.child("campaigns"),
  });

  const smsGateway = new SmsGatewayStore(settings);
  const sms = new SmsChannel({
    db,
    clock,
    crm,
    gateway: smsGateway,
    log: log.child("sms"),
    publish: (type, data) => hub.publish(type, data),
  });

  const reportFeed = new RollupFeed(db, clock);
  const reports = new ReportService({
    db,
    feed: reportFeed,
    clock,
    fcr: {
      contacts: (fromMs, toMs) => crm.fcrContacts(fromMs, toMs),
      windowDays: () => crm.settings.get().fcr_window_days,
    },
    caseSla: { outcomes: (fromMs, toMs) => crm.slaOutcomes(fromMs, toMs) },
  });
  const staffing = new StaffingService({ db, reports, clock });
  const chats = new ChatDesk({
    store: new ChatStore(db, clock),
    crm,
    routing: queues.chats,
    notices: hub,
    clock,
    log: log.child("chat"),
    quickReplies: new QuickReplies(db, clock),
    agentName: (userId) => users.byId(userId)?.display_name,
    capacityChanged: () => queues.reload(),
    isOpen: chatOpenHours(centerHours, () => crm.settings.get().hours_schedule, clock),
  });
  const channelQueues = new ChannelQueueBoard(
    [
      { statuses: () => [sms.queueStatus(startOfToday(clock.now()))] },
      new ChatQueueTiles({
        clock,
        store: chats.store,
        figures: () => chats.queueFigures(),
        withRoom: (queueId) => queues.chats.withRoom(queueId),
        targets: (queueId) => queueStore.get(queueId),
        endedSince: (queueId, since) =>
          crm.interactions.queueContactsSince({ channel: "chat", queueId, since }),
        startOfToday,
      }),
      email.queueTiles(startOfToday),
    ],
    (error) => log.warn("a channel's queue figures failed", { error }),
  );
  const channelReports = new ChannelReports({ db, feed: reportFeed });
  const savedReports = new SavedReports(db, clock);
  const http = createHttpApp({
    log: log.child("http"),
    uiAssets: options.uiAssets ?? (await loadUiAssets(log)),
    uptimeSeconds: () => (performance.now() - startedAt) / 1000,
    role,
    storage: db.storage,
    db,
    clock,
    hub,
    users,
    sessions,
    failoverTickets,
    throttle,
    audit,
    browserSip,
    sip,
    trunks,
    numbers,
    calls,
    ivr,
    speech: (text, language) => promptAudio.synthesize(text, language),
    promptAudio,
    crm,
    email,
    desk: queues,
    monitors,
    queues: queueStore,
    supervision,
    journal: calls.journal,
    recordings,
    recordingKeys,
    voicemails,
    quality,
    reports,
    staffing,
    schedules: new ScheduleStore(db),
    savedReports,
    managerInputs: new ManagerInputs(db),
    mediaClock,
    sendPacing: threadPacing,
    socketThread: socketThreadCounters,
    teams,
    skills,
    daySkills,
    reasons,
    backups,
    backupSchedule,
    restores,
    certificate,
    recentLog,
    dataDir: config.dataDir,
    wantedThreadPriority: config.threadPriority,
    settings,
    clickToCall,
    dnc,
    outboundPolicy,
    campaigns,
    campaignDialer,
    chats,
    chatAddressLimit: config.chatAddressLimit,
    sms,
    smsGateway,
    channelReports,
    channelQueues,
    hasFlow: (flowId) => ivr.flows.get(flowId) !== undefined,
    hasTrunk: (trunkId) => trunks.byId(trunkId) !== undefined,
    hasQueue: (queueId) => queueStore.get(queueId) !== undefined,
    hasTeam: (teamId) => teams.get(teamId) !== undefined,
    queuesSurveyingWith: (flowId) =>
      queueStore.list().filter((q) => q.options.survey_flow_id === flowId).map((q) => q.name),
    flowsRoutingTo: (queueName) => ivr.flowsRoutingTo(queueName),
    campaignsOfQueue: (queueId) =>
      campaigns.list().filter((c) =>
        c.state !== "stopped" && c.state !== "done" &&
        (c.queue_id === queueId || c.options.notice.agent_queue_id === queueId)
      ).map((c) => c.name),
    mailboxesOfQueue: (queueId) =>
      email.mailboxes.list().filter((m) => m.queue_id === queueId).map((m) => m.name),
    outboundTrunkId: () => outboundPolicy.get().trunk_id,
    contactCountry: () => trunks.list().find((t) => t.enabled)?.defaultCountry ?? "86",
    campaignTrunkLoad: (trunkId) => {
      try {
        return outboundLines.load(pickTrunk(outboundLines, outboundPolicy.get(), trunkId));
      } catch {
        return null;
      }
    },
    campaignDayStart: (ms) =>
      centerDayStart(ms, settings.get("center.timezone") ?? "Asia/Shanghai"),
    siteRoutes: options.replication ? [options.replication.routes()] : [],
    replication: options.replication ? () => options.replication!.view() : undefined,
    replicationControl: options.replication,
  });
  return {
    config,
    clock,
    log,
    db,
    settings,
    users,
    sessions,
    throttle,
    audit,
    browserSip,
    hub,
    http,
    crm,
    ivr,
    sip,
    trunks,
    numbers,
    calls,
    mediaClock,
    rtpReserve: plane.reserve,
    recordings,
    quality,
    retention,
    callbackDialer,
    campaignDialer,
    recordingKeys,
    voicemails,
    promptAudio,
    liveIvr,
    queues,
    monitors,
    router,
    queueStore,
    sms,
    presence,
    teams,
    skills,
    daySkills,
    reasons,
    backups,
    backupSchedule,
    restores,
    certificate,
    recentLog,
    supervision,
    reportFeed,
    reports,
    savedReports,
    slaWatch,
    email,
    chats,
  };
}

/**
 * Opens the database for `config.role`. A primary's is created when missing and brought
 * up to the program's schema; a standby's must exist and is opened read-only, so the file
 * it will take over with stays as the primary left it.
 */
export function openStorage(config: Config, log: Logger): Database {
  const path = `${config.dataDir}/${DATABASE_FILE}`;
  const dbLog = log.child("db");
  if (config.role === "standby") {
    if (!fileExists(path)) {
      throw new DatabaseFileError(
        `Database ${path} does not exist; a standby starts from a copy of the primary's ` +
          `("callcenter restore FILE --data ${config.dataDir}")`,
      );
    }
    return new Database(path, { readOnly: true, log: dbLog });
  }
  Deno.mkdirSync(config.dataDir, { recursive: true });
  const db = new Database(path, { log: dbLog });
  try {
    migrateStorage(db, dbLog);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * What a primary does to its storage before it serves: the first admin on a database
 * without users (and the demo center with `--demo`), and the secret SIP digest nonces are
 * signed with. Trunks and queues are read again, since seeding (or the primary that
 * wrote this database before) may have changed them since the domains were built.
 */
export async function prepareStorage(
  parts: Composition,
  announce: (line: string) => void,
  promoted = false,
): Promise<void> {
  const { config, db, users, audit, clock, log } = parts;
  const admin = await ensureFirstAdmin(users, audit, config.adminPassword);
  if (admin.generatedPassword) {
    announce(
      `First admin created: username "admin", password "${admin.generatedPassword}" (shown once)`,
    );
  }
  if (config.demo && admin.created) {
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
  parts.settings.secret(NONCE_SECRET);
  // Calls a previous process left open (it died, or their end could not be written) end now.
  const swept = parts.calls.journal.endUnfinishedCalls(promoted);
  if (swept > 0) log.info("ended calls left open by the previous run", { calls: swept });
  parts.trunks.reload();
  parts.queues.reload();
}

/** Brings the database up to the program's schema, logging what was applied. */
export function migrateStorage(db: Database, log: Logger): void {
  const applied = db.migrate();
  if (applied.length > 0) log.info("migrated", { versions: applied.join(",") });
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The address peers should reach us at when the admin did not say: the bind address, or the LAN's. */
export function advertisedAddress(bind: string): string {
  if (bind !== "0.0.0.0" && bind !== "::") return bind;
  const lan = Deno.networkInterfaces().find((i) =>
    i.family === "IPv4" && !i.address.startsWith("127.")
  );
  return lan?.address ?? "127.0.0.1";
}

async function loadUiAssets(log: Logger): Promise<UiAssets> {
  try {
    return (await import("./http/ui_assets.gen.ts")).uiAssets;
  } catch (error) {
    log.error("the UI is not bundled; run `deno task bundle` (the API still works)", { error });
    return {};
  }
}
