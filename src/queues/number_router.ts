import type { Call, CallService, FlowVariables } from "../calls/mod.ts";
import type { DialedNumber } from "../numbers/mod.ts";
import type { CallIvr, QueueRequest } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";

/** Delivers calls to agents: queues through the ACD, or one agent directly. */
export interface CallQueues {
  enqueue(call: Call, request: QueueRequest): void;
  ringAgent(call: Call, agentId: number): void;
}

/**
 * Routes an answered call by what its number points at: an IVR flow (which may end in a
 * queue), a queue, or one agent. It hears of answered calls from the call-control API.
 */
export class NumberRouter {
  readonly #unsubscribe: () => void;

  constructor(
    private readonly parts: {
      calls: CallService;
      ivr?: CallIvr;
      queues?: CallQueues;
      log: Logger;
    },
  ) {
    this.#unsubscribe = parts.calls.onRoute({
      route: (call, target, variables) => this.route(call, target, variables),
    });
  }

  close(): void {
    this.#unsubscribe();
  }

  async route(call: Call, target: DialedNumber, variables?: FlowVariables): Promise<void> {
    const { ivr, queues, log, calls: service } = this.parts;
    switch (target.target_type) {
      case "ivr": {
        if (!ivr) return;
        const exit = await ivr.run(call, target.target_id, service, variables);
        if (call.ended) return;
        if (exit.type === "queue" && queues) queues.enqueue(call, exit.request);
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
        queues?.enqueue(call, { queueId: target.target_id });
        return;
      case "agent":
        queues?.ringAgent(call, target.target_id);
        return;
    }
  }
}
