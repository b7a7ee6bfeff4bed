/**
 * Campaigns: lists of people to call with their hours, retries and do-not-call checks,
 * dialled in preview, progressive or predictive mode. The pacing decision
 * ({@link linesToDial}) is pure and is checked against a seeded day-long simulation
 * ({@link simulateDialerDay}) on a virtual clock; the dialling itself goes through the
 * outbound rules (src/outbound) and the call core (src/calls).
 *
 * @module
 */
export { DIAL_MODES, estimateAnswerRate, linesToDial } from "./pacing.ts";
export type { DialMode, PacingInput } from "./pacing.ts";
export { simulateDialerDay } from "./dialer_simulation.ts";
export type { SimulationResult, SimulationSetup } from "./dialer_simulation.ts";
