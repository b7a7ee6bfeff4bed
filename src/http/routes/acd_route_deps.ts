import type { CallJournal } from "../../call_history/mod.ts";
import type { Clock } from "../../clock/mod.ts";
import type { Crm } from "../../crm/mod.ts";
import type { Database } from "../../db/mod.ts";
import type { CallMonitors, QueueDesk, QueueStore, ReasonCodeStore } from "../../queues/mod.ts";

/** What the ACD's routes (queues, agents, calls, transfers, monitoring) are given. */
export interface AcdRouteDeps {
  db: Database;
  clock: Clock;
  desk: QueueDesk;
  queues: QueueStore;
  crm: Crm;
  journal: CallJournal;
  /** Supervisors listening, whispering and barging in on live calls. */
  monitors: CallMonitors;
  /** Not-ready reasons, for whether an agent's break is paid and how long it may last. */
  reasons?: Pick<ReasonCodeStore, "list">;
  /** Whether an IVR flow is there, for the survey flow a queue names. */
  hasFlow: (flowId: number) => boolean;
  /** The mailboxes whose e-mails a queue's agents answer, by name. */
  mailboxesOfQueue: (queueId: number) => string[];
  /** Campaigns not stopped or done whose calls go to a queue's agents (or notice presses). */
  campaignsOfQueue: (queueId: number) => string[];
  /** The published call flows that send callers to a queue, which they name by its name. */
  flowsRoutingTo: (queueName: string) => string[];
}
