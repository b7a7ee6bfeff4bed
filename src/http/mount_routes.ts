import type { Hono } from "hono";
import type { StorageState } from "../db/mod.ts";
import type { TeamRepository } from "../auth/mod.ts";
import type { ApplianceRole } from "../config/mod.ts";
import type { Settings } from "../db/mod.ts";
import type { DaySkillLevels, ReasonCodeStore, SkillStore } from "../queues/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { IvrDomain, PromptAudio, Synthesizer } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { AppEnv } from "./env.ts";
import { eventVisibility } from "./event_visibility.ts";
import type { RouteTarget } from "./route.ts";
import { type AcdRouteDeps, mountAcdRoutes } from "./routes/acd_routes.ts";
import { mountAuditRoutes } from "./routes/audit_routes.ts";
import { type AuthRouteDeps, mountAuthRoutes } from "./routes/auth_routes.ts";
import { type FailoverRouteDeps, mountFailoverRoutes } from "./routes/failover_routes.ts";
import { mountCrmRoutes } from "./routes/crm_routes.ts";
import { mountDocsRoutes } from "./routes/docs_routes.ts";
import { type EventSockets, mountEventsRoutes } from "./routes/events_routes.ts";
import { mountHealthRoutes, type ReplicationHealth } from "./routes/health_routes.ts";
import { mountIvrPromptRoutes } from "./routes/ivr_prompt_routes.ts";
import { type IvrRouteDeps, mountIvrRoutes } from "./routes/ivr_routes.ts";
import { mountIvrTrafficRoutes } from "./routes/ivr_traffic_routes.ts";
import { type MediaRouteDeps, mountMediaRoutes } from "./routes/media_routes.ts";
import { mountRecordingRoutes, type RecordingRouteDeps } from "./routes/recording_routes.ts";
import { mountReportRoutes, type ReportRouteDeps } from "./routes/report_routes.ts";
import { mountReportListRoutes, type ReportListRouteDeps } from "./routes/report_list_routes.ts";
import { mountScheduleRoutes, type ScheduleRouteDeps } from "./routes/schedule_routes.ts";
import { mountSipRoutes, type SipRouteDeps } from "./routes/sip_routes.ts";
import { mountSipWebSocket } from "./routes/sip_socket.ts";
import { mountSupervisionRoutes, type SupervisionRouteDeps } from "./routes/supervision_routes.ts";
import { mountSurveyRoutes } from "./routes/survey_routes.ts";
import { mountQualityRoutes, type QualityRouteDeps } from "./routes/quality_routes.ts";
import { mountVoicemailRoutes, type VoicemailRouteDeps } from "./routes/voicemail_routes.ts";
import { mountUserRoutes } from "./routes/user_routes.ts";
import { mountUserImportRoutes } from "./routes/user_import_routes.ts";
import { type BackupRouteDeps, mountBackupRoutes } from "./routes/backup_routes.ts";
import { mountCenterRoutes } from "./routes/center_routes.ts";
import { mountSystemRoutes, type SystemRouteDeps } from "./routes/system_routes.ts";
import { mountTeamRoutes } from "./routes/team_routes.ts";
import { mountSkillRoutes } from "./routes/skill_routes.ts";
import { mountDaySkillRoutes } from "./routes/day_skill_routes.ts";
import { mountReasonCodeRoutes } from "./routes/reason_code_routes.ts";
import { mountReplicationRoutes, type ReplicationControl } from "./routes/replication_routes.ts";
import { mountOutboundRoutes, type OutboundRouteDeps } from "./routes/outbound_routes.ts";
import { type CampaignRouteDeps, mountCampaignRoutes } from "./routes/campaign_routes.ts";
import { type EmailRouteDeps, mountEmailRoutes } from "./routes/email_routes.ts";
import { type ChatRouteDeps, mountChatRoutes } from "./routes/chat_routes.ts";
import { mountSmsRoutes, type SmsRouteDeps } from "./routes/sms_routes.ts";
import {
  type ChannelQueueRouteDeps,
  mountChannelQueueRoutes,
} from "./routes/channel_queue_routes.ts";
import {
  mountReportChannelRoutes,
  type ReportChannelRouteDeps,
} from "./routes/report_channel_routes.ts";

/** The domains' handles the route groups serve from, as the composition root built them. */
export interface RouteHandles
  extends
    AuthRouteDeps,
    FailoverRouteDeps,
    SipRouteDeps,
    AcdRouteDeps,
    IvrRouteDeps,
    RecordingRouteDeps,
    MediaRouteDeps,
    SupervisionRouteDeps,
    VoicemailRouteDeps,
    QualityRouteDeps,
    ReportRouteDeps,
    ReportListRouteDeps,
    ScheduleRouteDeps,
    BackupRouteDeps,
    SystemRouteDeps,
    OutboundRouteDeps,
    CampaignRouteDeps,
    EmailRouteDeps,
    ChatRouteDeps,
    SmsRouteDeps,
    ReportChannelRouteDeps,
    ChannelQueueRouteDeps {
  hub: EventHub;
  ivr: IvrDomain;
  /** Speaks text an admin types as a prompt (the voice calls hear). */
  speech?: Synthesizer;
  /** Renders prompts as calls hear them (built-in ones played in the admin's page). */
  promptAudio?: Pick<PromptAudio, "render">;
  log: Logger;
  uptimeSeconds: () => number;
  role: () => ApplianceRole;
  /** The database's storage state, shown by `/health`; without it `/health` leaves it out. */
  storage?: { readonly state: StorageState };
  teams: TeamRepository;
  skills: SkillStore;
  daySkills: DaySkillLevels;
  reasons: ReasonCodeStore;
  settings: Settings;
  /** Replication's state for `/health`, when the appliance replicates. */
  replication?: () => ReplicationHealth | undefined;
  /** The admin's switchover to the standby, when the appliance replicates. */
  replicationControl?: ReplicationControl;
}

/** Where the route groups go: the API app under `prefix`, and the site for WebSockets. */
export interface RouteSite {
  app: Hono<AppEnv>;
  api: RouteTarget;
  prefix: string;
  eventSockets: EventSockets;
}

/** Mounts every route group of the appliance; the one place that lists them. */
export function mountRoutes(site: RouteSite, handles: RouteHandles): void {
  const { api } = site;
  // The foundation: health, signing in, users, the audit log, live events, API docs.
  mountHealthRoutes(
    api,
    handles.uptimeSeconds,
    handles.role,
    handles.storage,
    handles.replication,
  );
  mountAuthRoutes(api, handles);
  mountFailoverRoutes(api, handles);
  mountUserRoutes(api, handles.users);
  mountAuditRoutes(api, handles.audit);
  mountEventsRoutes(api, handles.hub, site.eventSockets, handles.log, eventVisibility(handles));
  mountDocsRoutes(api, site.prefix);
  mountReplicationRoutes(api, handles.replicationControl);
  // The domains.
  mountSipRoutes(api, handles);
  mountSipWebSocket(
    site.app,
    (socket, remote, secure) => handles.sip.acceptWebSocket(socket, remote, secure),
  );
  mountIvrRoutes(api, handles);
  mountIvrPromptRoutes(api, handles);
  mountIvrTrafficRoutes(api, handles);
  mountCrmRoutes(api, handles.crm, handles.audit);
  mountAcdRoutes(api, handles);
  mountOutboundRoutes(api, handles);
  mountCampaignRoutes(api, handles);
  mountEmailRoutes(api, handles);
  mountChatRoutes(api, handles);
  mountSmsRoutes(api, handles);
  mountTeamRoutes(api, handles.teams);
  mountSkillRoutes(api, handles);
  mountDaySkillRoutes(api, handles);
  mountReasonCodeRoutes(api, handles);
  mountUserImportRoutes(api, handles);
  mountBackupRoutes(api, handles);
  mountCenterRoutes(api, handles.settings);
  mountSystemRoutes(api, handles);
  mountSupervisionRoutes(api, handles);
  mountChannelQueueRoutes(api, handles);
  mountRecordingRoutes(api, handles);
  mountSurveyRoutes(api, handles);
  mountVoicemailRoutes(api, handles);
  mountQualityRoutes(api, handles);
  mountMediaRoutes(api, handles);
  mountReportRoutes(api, handles);
  mountReportListRoutes(api, handles);
  mountReportChannelRoutes(api, handles);
  mountScheduleRoutes(api, handles);
}
