import accounts from "./migrations/001_accounts.ts";
import center from "./migrations/002_center.ts";
import crm from "./migrations/003_crm.ts";
import ivr from "./migrations/004_ivr.ts";
import telephony from "./migrations/005_telephony.ts";
import administration from "./migrations/006_administration.ts";
import recordingReview from "./migrations/007_recording_review.ts";
import voicemailInbox from "./migrations/008_voicemail_inbox.ts";
import quality from "./migrations/009_quality.ts";
import reports from "./migrations/010_reports.ts";
import daySkillLevels from "./migrations/011_day_skill_levels.ts";
import qaSampling from "./migrations/012_qa_sampling.ts";
import savedReports from "./migrations/013_saved_reports.ts";
import failoverTickets from "./migrations/014_failover_tickets.ts";
import flowEditor from "./migrations/015_flow_editor.ts";
import tieredSupport from "./migrations/016_tiered_support.ts";
import outbound from "./migrations/017_outbound.ts";
import email from "./migrations/019_email.ts";
import webChat from "./migrations/018_web_chat.ts";
import smsChannel from "./migrations/020_sms_channel.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration drops and re-creates a table (SQLite cannot change a CHECK in place),
   * so it runs with foreign keys off and checks them before it commits.
   */
  rebuildsTables?: boolean;
}
import outboundMore from "./migrations/021_outbound_more.ts";
import followUpAttempts from "./migrations/022_follow_up_attempts.ts";

/**
 * Every schema change in release order. Migrations are embedded in the program (they
 * are TypeScript modules, not files read at run time) and are never edited once
 * released: a change is a new entry at the end.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "accounts", sql: accounts },
  { version: 2, name: "center", sql: center },
  { version: 3, name: "crm", sql: crm },
  { version: 4, name: "ivr", sql: ivr },
  { version: 5, name: "telephony", sql: telephony },
  { version: 6, name: "administration", sql: administration },
  { version: 7, name: "recording_review", sql: recordingReview },
  { version: 8, name: "voicemail_inbox", sql: voicemailInbox },
  { version: 9, name: "quality", sql: quality },
  { version: 10, name: "reports", sql: reports },
  { version: 11, name: "day_skill_levels", sql: daySkillLevels },
  { version: 12, name: "qa_sampling", sql: qaSampling },
  { version: 13, name: "saved_reports", sql: savedReports },
  { version: 14, name: "failover_tickets", sql: failoverTickets },
  { version: 15, name: "flow_editor", sql: flowEditor },
  { version: 16, name: "tiered_support", sql: tieredSupport },
  { version: 17, name: "outbound", sql: outbound },
  { version: 18, name: "web_chat", sql: webChat },
  { version: 19, name: "email", sql: email },
  { version: 20, name: "sms_channel", sql: smsChannel, rebuildsTables: true },
  { version: 21, name: "outbound_more", sql: outboundMore },
  { version: 22, name: "follow_up_attempts", sql: followUpAttempts },
];
