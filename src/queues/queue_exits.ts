import type { CallService } from "../calls/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import type { Clock } from "../clock/mod.ts";
import { isoTime } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { DialedNumber } from "../numbers/mod.ts";
import type { LiveVoicemail } from "../voicemail/mod.ts";
import type { AcdRunner } from "./acd_runner.ts";
import { queueKey } from "./queue_config.ts";
import type { QueueContacts } from "./queue_contacts.ts";
import type { QueuedCall, QueuedCallHost } from "./queued_call.ts";

/**
 * How a call leaves the desk: the caller hung up, or the caller stays on the line and is
 * passed on, to a voicemail box or to the survey after the agent hung up first.
 */
export class QueueExits {
  constructor(
    private readonly deps: {
      /** The calls the desk holds, by call id. */
      held: Map<string, QueuedCall>;
      acd: AcdRunner;
      contacts: QueueContacts;
      input: QueuedCallHost["input"];
      calls: CallService;
      journal: CallJournal;
      clock: Clock;
      log: Logger;
      voicemail?: Pick<LiveVoicemail, "take">;
    },
  ) {}

  /** The caller's leg is gone, or they went on elsewhere: the desk lets the call go. */
  finished(qc: QueuedCall): void {
    this.deps.held.delete(qc.call.id);
    this.deps.contacts.closed(qc);
    if (!qc.direct) void this.deps.input((e) => e.callEnded(qc.call.id));
  }

  /**
   * The caller leaves the queue to leave a message: the ACD lets the call go, the
   * voicemail takes it on the call-control API, and the call ends once the message is kept.
   */
  toVoicemail(qc: QueuedCall, box: string, by: "supervisor" | "overflow"): void {
    if (qc.done) return;
    const { journal, log, calls } = this.deps;
    const { call } = qc;
    qc.passOn();
    this.finished(qc);
    call.transition("answered");
    journal.update(call.id, { state: call.state });
    journal.event(call.id, "queue.voicemail", { box, by }, { queueId: qc.queueDbId });
    log.info("waiting caller sent to voicemail", { call_id: call.id, box, by });
    void this.deps.voicemail!.take(call, {
      box,
      customerId: qc.customerId,
      language: qc.language,
    }).then((result) => {
      call.endCause ??= result.id === null ? "voicemail_failed" : "voicemail";
      calls.hangup(call.id);
    });
  }

  /**
   * The agent hung up first on a call whose queue (or IVR queue node) has a survey: the
   * agent's talk ends as after any hang-up, and the caller, alone on the line, is handed
   * to the survey flow with the agent the scores are for. False when there is no survey.
   */
  toSurvey(qc: QueuedCall): boolean {
    const { acd, journal, log, calls, clock } = this.deps;
    const queue = qc.queueDbId === null ? undefined : acd.setup.queues.get(queueKey(qc.queueDbId));
    const flowId = qc.surveyFlowId ?? queue?.options.survey_flow_id;
    const agent = qc.agentKey === undefined ? undefined : acd.setup.agents.get(qc.agentKey);
    if (flowId === undefined || qc.direct || !agent) return false;
    const { call } = qc;
    qc.passOn();
    this.finished(qc);
    call.transition("answered");
    journal.update(call.id, { state: call.state });
    journal.event(call.id, "survey.offered", {
      flow_id: flowId,
      agent: agent.username,
    }, { agentId: agent.userId, queueId: qc.queueDbId });
    log.info("agent hung up first; the caller goes to the survey", {
      call_id: call.id,
      agent: agent.username,
      flow_id: flowId,
    });
    const survey: DialedNumber = {
      id: 0,
      number: call.info.did,
      description: "Post-call survey",
      target_type: "ivr",
      target_id: flowId,
      ring_s: 0,
      created_at: isoTime(clock.now()),
    };
    void calls.handTo(call, survey, {
      agent_id: agent.userId,
      queue_id: qc.queueDbId,
    });
    return true;
  }
}
