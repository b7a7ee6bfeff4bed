/**
 * The predictive dialler against progressive on a simulated campaign day (the issue's
 * benchmark): 20 agents, 30 % of lines answer, handle time 180 s (log-normal, sd 90 s)
 * plus 10 s wrap-up, answering lines ring 12 s on average, unanswered ones 30 s, an
 * answered call with no agent within 2 s is abandoned, cap 3 %. Three seeds; prints one
 * JSON object with talk per agent-hour, utilisation and the abandon rate by hour.
 * Run with `deno run bench/dialer_simulation.ts`.
 */
import { simulateDialerDay, type SimulationSetup } from "../src/campaigns/mod.ts";

const DAY: Omit<SimulationSetup, "mode" | "seed"> = {
  agents: 20,
  hours: 8,
  answerRate: 0.3,
  answerAfterS: { mean: 12, sd: 6 },
  noAnswerTimeoutS: 30,
  handleS: { mean: 180, sd: 90 },
  wrapUpS: 10,
  abandonAfterS: 2,
  abandonCap: 0.03,
};

const pct = (x: number) => Math.round(x * 1000) / 10;

const runs = [7, 11, 23].map((seed) => {
  const progressive = simulateDialerDay({ ...DAY, seed, mode: "progressive" });
  const predictive = simulateDialerDay({ ...DAY, seed, mode: "predictive" });
  return {
    seed,
    talk_s_per_agent_hour: {
      progressive: Math.round(progressive.talkSecondsPerAgentHour),
      predictive: Math.round(predictive.talkSecondsPerAgentHour),
    },
    gain: Math.round(
      predictive.talkSecondsPerAgentHour / progressive.talkSecondsPerAgentHour * 100,
    ) / 100,
    utilisation_pct: {
      progressive: pct(progressive.utilisation),
      predictive: pct(predictive.utilisation),
    },
    abandon_pct_day: pct(predictive.abandonRate),
    abandon_pct_by_hour: predictive.abandonRateByHour.map(pct),
    attempts: { progressive: progressive.attempts, predictive: predictive.attempts },
  };
});
console.log(JSON.stringify({ bench: "dialer_simulation", setup: DAY, runs }, null, 2));
