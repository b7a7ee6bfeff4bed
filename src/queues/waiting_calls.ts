import type { CallView } from "../acd/mod.ts";
import type { AcdRunner } from "./acd_runner.ts";
import { queueKey } from "./queue_config.ts";
import type { QueueContacts } from "./queue_contacts.ts";
import { QueueDeskError } from "./queue_desk_error.ts";
import type { QueueExits } from "./queue_exits.ts";
import type { QueuedCall } from "./queued_call.ts";

/**
 * What a supervisor may do with a caller still waiting in a queue: move them to another
 * queue, change their priority, or take them out to a callback or a voicemail box.
 */
export class WaitingCalls {
  constructor(
    private readonly deps: {
      /** The calls the desk holds, by call id. */
      held: ReadonlyMap<string, QueuedCall>;
      acd: AcdRunner;
      contacts: QueueContacts;
      exits: Pick<QueueExits, "toVoicemail">;
      /** Whether waiting callers can be sent to voicemail on this appliance. */
      voicemail: boolean;
    },
  ) {}

  move(callId: string, queueId: number): CallView {
    const { acd } = this.deps;
    const queue = acd.setup.queues.get(queueKey(queueId));
    if (!queue) throw new QueueDeskError("not_found", `Queue ${queueId}`);
    if (!acd.engine.call(callId)) {
      throw new QueueDeskError("not_found", `Queued call ${callId}`);
    }
    if (!acd.input((e) => e.moveCall(callId, queueKey(queueId)))) {
      throw new QueueDeskError(
        "conflict",
        `Call ${callId} is not waiting in a queue other than "${queue.name}"`,
      );
    }
    return acd.engine.call(callId)!;
  }

  /**
   * Takes a waiting caller out of the queue and leaves a callback request in their place
   * (the CRM's callbacks, as an overflow to a callback does); the caller's call ends.
   */
  toCallback(callId: string): void {
    const qc = this.deps.held.get(callId);
    const view = this.deps.acd.engine.call(callId);
    if (!qc || !view) throw new QueueDeskError("not_found", `Queued call ${callId}`);
    if (view.state !== "waiting") {
      throw new QueueDeskError("conflict", `Call ${callId} is not waiting; it is ${view.state}`);
    }
    this.deps.contacts.callbackRequested(qc, view.priority);
    qc.end("callback_requested");
  }

  /**
   * Takes a waiting caller out of the queue to leave a message in `box` (the queue's own
   * box, named after it, when none is given): they hear the greeting and a beep, and the
   * call ends once the message is kept. Returns the box.
   */
  toVoicemail(callId: string, box?: string): string {
    const qc = this.deps.held.get(callId);
    const view = this.deps.acd.engine.call(callId);
    if (!qc || !view) throw new QueueDeskError("not_found", `Queued call ${callId}`);
    if (view.state !== "waiting") {
      throw new QueueDeskError("conflict", `Call ${callId} is not waiting; it is ${view.state}`);
    }
    if (!this.deps.voicemail) {
      throw new QueueDeskError("conflict", "Voicemail is not available on this appliance");
    }
    const target = box ?? this.deps.acd.setup.queues.get(view.queueId)?.name ?? "general";
    this.deps.exits.toVoicemail(qc, target, "supervisor");
    return target;
  }

  changePriority(callId: string, priority: number): CallView {
    const { acd } = this.deps;
    if (!acd.engine.call(callId)) {
      throw new QueueDeskError("not_found", `Queued call ${callId}`);
    }
    const ok = acd.input((e) => e.changePriority(callId, priority), (error) => {
      if (error instanceof RangeError) throw new QueueDeskError("invalid", error.message);
    });
    if (!ok) throw new QueueDeskError("conflict", `Call ${callId} is already with an agent`);
    return acd.engine.call(callId)!;
  }
}
