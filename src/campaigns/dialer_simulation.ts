import { SeededRandom } from "../acd/mod.ts";
import { type DialMode, estimateAnswerRate, linesToDial } from "./pacing.ts";

/** A simulated campaign day: agents, the contacts' behaviour, and the rules. */
export interface SimulationSetup {
  mode: DialMode;
  agents: number;
  hours: number;
  /** Share of lines that answer. */
  answerRate: number;
  /** Mean and spread (s) of the time an answering line rings before it answers. */
  answerAfterS: { mean: number; sd: number };
  /** How long an unanswered line rings before it is given up (s). */
  noAnswerTimeoutS: number;
  /** Handle time (talk) mean and spread (s), and wrap-up after each call (s). */
  handleS: { mean: number; sd: number };
  wrapUpS: number;
  /** An answered call with no agent within this many seconds is abandoned (2 s). */
  abandonAfterS: number;
  abandonCap: number;
  seed: number;
}

/** The figures a simulated day gives. */
export interface SimulationResult {
  mode: DialMode;
  attempts: number;
  answered: number;
  connected: number;
  abandoned: number;
  /** Abandoned ÷ answered over the day, and per hour. */
  abandonRate: number;
  abandonRateByHour: number[];
  /** Seconds of conversation per agent-hour, and talk ÷ agent time. */
  talkSecondsPerAgentHour: number;
  utilisation: number;
}

interface Line {
  answersAt: number | null;
  endsAt: number;
  /** Progressive: the agent promised to this line. */
  agent?: number;
}

/**
 * A day of outbound dialling on a virtual clock in one-second steps: lines placed by
 * {@link linesToDial}, answered or not after ring times drawn from the setup's
 * distributions, connected to a free agent or, with none within the abandon window,
 * abandoned (as a regulator counts it). Pure and seeded: the same setup gives the same day.
 */
export function simulateDialerDay(setup: SimulationSetup): SimulationResult {
  const random = new SeededRandom(setup.seed);
  const end = setup.hours * 3600;
  const busyUntil = new Array<number>(setup.agents).fill(0);
  const promised = new Array<boolean>(setup.agents).fill(false);
  let lines: Line[] = [];
  let waiting: { answeredAt: number; agent?: number }[] = [];
  let attempts = 0;
  let answered = 0;
  let connected = 0;
  let abandoned = 0;
  let talk = 0;
  const answeredByHour = new Array<number>(setup.hours).fill(0);
  const abandonedByHour = new Array<number>(setup.hours).fill(0);
  const handle = () =>
    Math.max(10, Math.round(random.logNormal(setup.handleS.mean, setup.handleS.sd)));
  const freeAgent = (t: number): number => {
    for (let i = 0; i < setup.agents; i++) if (busyUntil[i] <= t && !promised[i]) return i;
    return -1;
  };
  const connect = (agent: number, t: number) => {
    const h = handle();
    talk += Math.min(h, end - t);
    busyUntil[agent] = t + h + setup.wrapUpS;
    promised[agent] = false;
    connected++;
  };

  for (let t = 0; t < end; t++) {
    const hour = Math.floor(t / 3600);
    // Lines that answer or give up now.
    const still: Line[] = [];
    for (const line of lines) {
      if (line.answersAt !== null && line.answersAt <= t) {
        answered++;
        answeredByHour[hour]++;
        if (line.agent !== undefined) connect(line.agent, t);
        else waiting.push({ answeredAt: t });
      } else if (line.answersAt === null && line.endsAt <= t) {
        if (line.agent !== undefined) promised[line.agent] = false;
      } else still.push(line);
    }
    lines = still;
    // Answered callers waiting for an agent: connected, or abandoned after the window.
    const stillWaiting: typeof waiting = [];
    for (const w of waiting) {
      const agent = freeAgent(t);
      if (agent >= 0) connect(agent, t);
      else if (t - w.answeredAt >= setup.abandonAfterS) {
        abandoned++;
        abandonedByHour[hour]++;
      } else stillWaiting.push(w);
    }
    waiting = stillWaiting;
    // Pace.
    let free = 0;
    let soon = 0;
    for (let i = 0; i < setup.agents; i++) {
      if (promised[i]) continue;
      if (busyUntil[i] <= t) free++;
      else if (busyUntil[i] - t <= setup.answerAfterS.mean) soon++;
    }
    const unpromised = lines.filter((l) => l.agent === undefined).length;
    const n = linesToDial({
      mode: setup.mode,
      freeAgents: Math.max(0, free - waiting.length),
      agentsFreeingSoon: soon,
      linesRinging: setup.mode === "progressive" ? 0 : unpromised,
      answerRate: estimateAnswerRate(answered, attempts),
      abandonRate: answered ? abandoned / answered : 0,
      abandonCap: setup.abandonCap,
      trunkLinesFree: 1000,
    });
    for (let k = 0; k < n; k++) {
      attempts++;
      const answers = random.next() < setup.answerRate;
      const after = Math.max(
        1,
        Math.round(random.logNormal(setup.answerAfterS.mean, setup.answerAfterS.sd)),
      );
      const line: Line = answers
        ? { answersAt: t + Math.min(after, setup.noAnswerTimeoutS - 1), endsAt: t + after }
        : { answersAt: null, endsAt: t + setup.noAnswerTimeoutS };
      if (setup.mode === "progressive") {
        const agent = freeAgent(t);
        if (agent < 0) break;
        promised[agent] = true;
        line.agent = agent;
      }
      lines.push(line);
    }
  }
  const agentHours = setup.agents * setup.hours;
  return {
    mode: setup.mode,
    attempts,
    answered,
    connected,
    abandoned,
    abandonRate: answered ? abandoned / answered : 0,
    abandonRateByHour: answeredByHour.map((a, h) => a ? abandonedByHour[h] / a : 0),
    talkSecondsPerAgentHour: talk / agentHours,
    utilisation: talk / (agentHours * 3600),
  };
}
