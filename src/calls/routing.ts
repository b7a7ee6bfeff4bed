import type { Logger } from "../log/mod.ts";
import type { Call } from "./call.ts";
import type { CallRouter, CallService } from "./call_service.ts";
import type { DialedNumber } from "../numbers/mod.ts";

/** What the IVR (or a number routed straight to a queue) asks of the ACD. */
export interface QueueRequest {
  queueId?: number | null;
  queueName?: string;
  priority?: number;
  skills?: string[];
  language?: string;
  customerId?: number | null;
}

/** Where a caller goes when the IVR is done (a subset of the IVR's own routes). */
export type IvrExit =
  | { type: "queue"; request: QueueRequest }
  | { type: "transfer"; target: string; kind: "external" | "extension" }
  | { type: "done" };

/** Runs an IVR flow on an answered call. */
export interface CallIvr {
  run(call: Call, flowId: number, service: CallService): Promise<IvrExit>;
}

/** Delivers calls to agents: queues through the ACD, or one agent directly. */
export interface CallQueues {
  enqueue(call: Call, request: QueueRequest, service: CallService): void;
  ringAgent(call: Call, agentId: number, service: CallService): void;
}

/**
 * Routes an answered call by what its number points at: an IVR flow (which may end in a
 * queue), a queue, or one agent.
 */
export class NumberRouter implements CallRouter {
  constructor(
    private readonly parts: { ivr?: CallIvr; queues?: CallQueues; log: Logger },
  ) {}

  async route(call: Call, target: DialedNumber, service: CallService): Promise<void> {
    const { ivr, queues, log } = this.parts;
    switch (target.target_type) {
      case "ivr": {
        if (!ivr) return;
        const exit = await ivr.run(call, target.target_id, service);
        if (call.ended) return;
        if (exit.type === "queue" && queues) queues.enqueue(call, exit.request, service);
        else if (exit.type === "transfer") {
          log.warn("IVR transfer is not available yet; ending the call", {
            call_id: call.id,
            target: exit.target,
          });
          service.hangup(call.id);
        }
        return;
      }
      case "queue":
        queues?.enqueue(call, { queueId: target.target_id }, service);
        return;
      case "agent":
        queues?.ringAgent(call, target.target_id, service);
        return;
    }
  }
}
