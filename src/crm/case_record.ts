/**
 * A case as the CRM keeps it, with its notes and its change history, and what a new case
 * and a change to one may hold (checked at the API's edge and again by the repository).
 *
 * @module
 */
import { z } from "zod";
import { CASE_PRIORITIES, type CaseStatus } from "./case_workflow.ts";

export const NewCaseSchema = z.object({
  customer_id: z.number().int().positive(),
  subject: z.string().trim().min(1, "a case needs a subject").max(300),
  description: z.string().max(20_000).optional(),
  category: z.string().trim().min(1).max(60).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  assignee_id: z.number().int().positive().nullable().optional(),
}).strict();
export type NewCase = z.infer<typeof NewCaseSchema>;

export const CaseUpdateSchema = z.object({
  subject: z.string().trim().min(1).max(300),
  description: z.string().max(20_000),
  category: z.string().trim().min(1).max(60),
  priority: z.enum(CASE_PRIORITIES),
  tier: z.number().int().min(1).max(3),
  assignee_id: z.number().int().positive().nullable(),
  due_at: z.iso.datetime().nullable(),
}).partial().strict();
export type CaseUpdate = z.infer<typeof CaseUpdateSchema>;

export interface Case {
  id: number;
  customer_id: number;
  subject: string;
  description: string;
  category: string;
  priority: string;
  status: CaseStatus;
  tier: number;
  assignee_id: number | null;
  due_at: string | null;
  created_at: string;
  updated_at: string;
  escalated_at: string | null;
  resolved_at: string | null;
  merged_into: number | null;
  /** Grows at every save; a save that names an older one is refused. */
  version: number;
  /** The tier-2 team the case was escalated to. */
  team_id: number | null;
  /** Where the case stands against its SLA, as last announced. */
  sla_state: "ok" | "warning" | "breached";
}

export interface CaseNote {
  id: number;
  author_id: number | null;
  author: string | null;
  body: string;
  created_at: string;
}

export interface CaseChange {
  id: number;
  at: string;
  actor_id: number | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
}
