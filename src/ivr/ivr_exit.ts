import type { Call, CallService, FlowVariables } from "../calls/mod.ts";

/** What the IVR (or a number routed straight to a queue) asks of the ACD. */
export interface QueueRequest {
  queueId?: number | null;
  queueName?: string;
  priority?: number;
  skills?: string[];
  language?: string;
  customerId?: number | null;
  /** The flow that surveys the caller if the agent hangs up first (the queue's own otherwise). */
  surveyFlowId?: number;
}

/** Where a caller goes when the IVR is done (a subset of the IVR's own routes). */
export type IvrExit =
  | { type: "queue"; request: QueueRequest }
  | { type: "transfer"; target: string; kind: "external" | "extension" }
  | { type: "done" };

/** Runs an IVR flow on an answered call. */
export interface CallIvr {
  /** `variables` start the flow off (a post-call survey's `agent_id`). */
  run(
    call: Call,
    flowId: number,
    service: CallService,
    variables?: FlowVariables,
  ): Promise<IvrExit>;
}
