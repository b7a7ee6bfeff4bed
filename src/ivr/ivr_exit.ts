import type { Call, CallService } from "../calls/mod.ts";

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
