import type { Database } from "../db/mod.ts";

/** One answer a caller gave in a survey. */
export interface CallScore {
  id: number;
  call_id: string;
  agent_id: number | null;
  question: string;
  score: number;
  created_at: string;
}

/** The survey scores given on one call, in the order they were given. */
export function scoresOfCall(db: Database, callId: string): CallScore[] {
  return db.all<CallScore>(
    `SELECT id, call_id, agent_id, question, score, created_at FROM surveys
     WHERE call_id = ? ORDER BY id`,
    callId,
  ).map((row) => ({ ...row }));
}
