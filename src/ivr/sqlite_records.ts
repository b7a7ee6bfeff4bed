import { countIvrStep } from "../call_history/mod.ts";
import type { Callbacks } from "../crm/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { IvrEvent, IvrEventSink, IvrRecords } from "./services.ts";

/** A voicemail as the IVR stores it. */
export type SavedVoicemail = Parameters<IvrRecords["saveVoicemail"]>[0];

/**
 * Voicemails and survey scores in the IVR's own tables; callback requests go to the
 * CRM, which keeps them for the dialer.
 */
export class SqliteRecords implements IvrRecords {
  constructor(
    private readonly db: Database,
    private readonly callbacks: Pick<Callbacks, "request">,
    /** Told of each voicemail once it is stored (the inbox files it and tells the agents). */
    private readonly voicemailSaved: (id: number, v: SavedVoicemail) => void = () => {},
  ) {}

  saveVoicemail(v: SavedVoicemail): number {
    const id = this.db.run(
      `INSERT INTO voicemails (call_id, flow_id, customer_id, caller, box, path, duration_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      v.callId,
      v.flowId,
      v.customerId,
      v.caller,
      v.box,
      v.path,
      v.durationMs,
      isoTime(v.at),
    ).lastInsertRowid;
    this.voicemailSaved(id, v);
    return id;
  }

  saveCallback(c: Parameters<IvrRecords["saveCallback"]>[0]): number {
    return this.callbacks.request(c);
  }

  saveSurvey(s: Parameters<IvrRecords["saveSurvey"]>[0]): number {
    return this.db.run(
      `INSERT INTO surveys (call_id, agent_id, customer_id, question, score, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      s.callId,
      s.agentId,
      s.customerId,
      s.question,
      s.score,
      isoTime(s.at),
    ).lastInsertRowid;
  }
}

/**
 * Appends IVR steps to `call_events`, where reports and the CRM timeline read them, and
 * counts them per hour for the flow editor's traffic view.
 */
export class CallEventSink implements IvrEventSink {
  constructor(private readonly db: Database) {}

  append(event: IvrEvent): void {
    const route = event.data.route as { type?: string; queueId?: number | null } | undefined;
    this.db.runGrouped(
      "INSERT INTO call_events (call_id, at, type, queue_id, data) VALUES (?, ?, ?, ?, ?)",
      event.callId,
      isoTime(event.at),
      event.type,
      route?.type === "queue" ? route.queueId ?? null : null,
      JSON.stringify(event.data),
    );
    // The flow editor's hourly counts of nodes, exits and ends, in the same commit group.
    countIvrStep(this.db, { at: isoTime(event.at), type: event.type, data: event.data });
  }
}
