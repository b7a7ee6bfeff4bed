import type { IvrLanguage } from "./call_port.ts";
import type { Scalar } from "./flow_schema.ts";

/**
 * Where a caller goes when the IVR is done. `queue` and `transfer` are handed on by the
 * call layer (queue to the ACD); for the others the call is over and the interpreter
 * has already hung up.
 */
export type IvrRoute =
  | {
    type: "queue";
    queue: string;
    queueId: number | null;
    priority: number;
    skills: string[];
    language: IvrLanguage;
    customerId: number | null;
    /** The flow (by name) that surveys the caller if the agent hangs up first. */
    survey?: string;
  }
  | { type: "transfer"; target: string; kind: "external" | "extension" }
  | { type: "voicemail"; id: number }
  | { type: "callback"; id: number; queue: string }
  | { type: "self_service" }
  | { type: "hangup"; reason: HangupReason };

/**
 * `flow`: a hang-up node; `caller`: the caller left; `error`: the flow failed even at its
 * fallback; `step_limit`: the flow ran too many steps without ending.
 */
export type HangupReason = "flow" | "caller" | "error" | "step_limit";

/** What a finished IVR run reports. */
export interface IvrOutcome {
  route: IvrRoute;
  /** The node the caller left the IVR from. */
  lastNode: string;
  variables: Record<string, Scalar>;
  customerId: number | null;
  steps: number;
}
