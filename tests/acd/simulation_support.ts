import { erlangAsa, erlangServiceLevel, simulate } from "../../src/acd/mod.ts";

export const AHT_SECONDS = 180;
export const THRESHOLD_SECONDS = 20;

export interface LoadPoint {
  agents: number;
  /** Offered load ÷ agents; in Erlang C this is the occupancy. */
  occupancy: number;
  /** Measured calls; chosen so the run's standard error is well inside the tolerance. */
  calls: number;
}

export interface Comparison {
  point: LoadPoint;
  theorySl: number;
  simulatedSl: number;
  theoryAsa: number;
  simulatedAsa: number;
  simulatedOccupancy: number;
}

/**
 * One M/M/N run of the real engine: one queue, Poisson arrivals, exponential talk times,
 * callers who never hang up, no wrap-up, offers answered the instant they are made.
 */
export function compareWithErlangC(point: LoadPoint, seed: number): Comparison {
  const erlangs = point.agents * point.occupancy;
  const callsPerHour = erlangs / AHT_SECONDS * 3600;
  const warmupSeconds = 2 * 3600;
  const result = simulate({
    seed,
    warmupSeconds,
    durationSeconds: warmupSeconds + point.calls / callsPerHour * 3600,
    config: {
      queues: [{ id: "q", strategy: "longest_idle", serviceLevelSeconds: THRESHOLD_SECONDS }],
      agents: Array.from({ length: point.agents }, (_, i) => ({
        id: `agent${i}`,
        queues: [{ queueId: "q" }],
      })),
    },
    streams: [{
      queueId: "q",
      callsPerHour,
      handle: { kind: "exponential", meanSeconds: AHT_SECONDS },
    }],
  });
  return {
    point,
    theorySl: erlangServiceLevel(point.agents, erlangs, AHT_SECONDS, THRESHOLD_SECONDS) * 100,
    simulatedSl: result.serviceLevel,
    theoryAsa: erlangAsa(point.agents, erlangs, AHT_SECONDS),
    simulatedAsa: result.asaSeconds,
    simulatedOccupancy: result.occupancy,
  };
}

export function describe(c: Comparison): string {
  const { agents, occupancy, calls } = c.point;
  return `${agents} agents at ${occupancy * 100} % (${calls} calls): ` +
    `SL ${c.simulatedSl.toFixed(2)} vs ${c.theorySl.toFixed(2)}, ` +
    `ASA ${c.simulatedAsa.toFixed(2)} s vs ${c.theoryAsa.toFixed(2)} s, ` +
    `occupancy ${c.simulatedOccupancy.toFixed(2)} %`;
}
