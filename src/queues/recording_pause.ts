import type { CallService } from "../calls/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { AcdRunner } from "./acd_runner.ts";
import { QueueDeskError } from "./queue_desk_error.ts";
import type { QueuedCall } from "./queued_call.ts";

/**
 * Pauses (card numbers, other secrets) or resumes the recording of a connected call, for
 * its agent or a supervisor; the gap is silence on both channels and marked in the call's
 * events.
 */
export class RecordingPause {
  constructor(
    private readonly deps: {
      /** The calls the desk holds, by call id. */
      held: ReadonlyMap<string, QueuedCall>;
      acd: AcdRunner;
      calls: CallService;
      log: Logger;
    },
  ) {}

  /** Returns whether the recording is paused now. */
  set(
    callId: string,
    actor: { userId: number; username: string; supervisor: boolean },
    paused: boolean,
  ): boolean {
    const { acd, calls, log } = this.deps;
    const qc = this.deps.held.get(callId);
    if (!qc || qc.done) throw new QueueDeskError("not_found", `Live call ${callId}`);
    const agent = qc.agentKey === undefined ? undefined : acd.setup.agents.get(qc.agentKey);
    if (!actor.supervisor && agent?.userId !== actor.userId) {
      throw new QueueDeskError(
        "forbidden",
        "Only the call's agent or a supervisor may pause or resume its recording",
      );
    }
    const by = actor.username;
    const recorded = paused
      ? calls.pauseRecording(qc.call, by)
      : calls.resumeRecording(qc.call, by);
    if (!recorded) throw new QueueDeskError("conflict", `Call ${callId} is not being recorded`);
    log.info(paused ? "recording paused" : "recording resumed", { call_id: callId, by });
    return paused;
  }
}
