import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

/** A dialed number (DID) and what answers it. */
export const NumberInputSchema = z.object({
  number: z.string().trim().regex(/^\+?[0-9*#]{1,32}$/, "use digits, optionally with a leading +"),
  description: z.string().trim().max(200).default(""),
  target_type: z.enum(["ivr", "queue", "agent"]),
  target_id: z.number().int().positive(),
  ring_s: z.number().int().min(0).max(120).default(0).describe(
    "seconds of ringing before the appliance answers",
  ),
});
export type NumberInput = z.infer<typeof NumberInputSchema>;

export interface DialedNumber {
  id: number;
  number: string;
  description: string;
  target_type: "ivr" | "queue" | "agent";
  target_id: number;
  ring_s: number;
  created_at: string;
}

/** Raised when a number's target does not exist. */
export class UnknownTargetError extends Error {
  override name = "UnknownTargetError";
}

const TARGET_TABLE = { ivr: "ivr_flows", queue: "queues", agent: "users" } as const;

/**
 * DIDs: which number dialed at the trunk reaches which flow, queue or agent. The only
 * reader and writer of `dids`, so every part of the appliance resolves a number alike.
 */
export class NumberDirectory {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** What answers `dialed`: the exact number, else the longest number it ends with. */
  resolve(dialed: string): DialedNumber | undefined {
    // Trunks send the DID in many shapes (+86 10 1000, 1000): match exact first, then the tail.
    return this.db.get<DialedNumber>("SELECT * FROM dids WHERE number = ?", dialed) ??
      this.db.get<DialedNumber>(
        "SELECT * FROM dids WHERE ? LIKE '%' || number ORDER BY length(number) DESC LIMIT 1",
        dialed,
      );
  }

  list(): DialedNumber[] {
    return this.db.all<DialedNumber>("SELECT * FROM dids ORDER BY number");
  }

  /** The numbers that reach one flow, queue or agent, in order. */
  numbersFor(targetType: DialedNumber["target_type"], targetId: number): string[] {
    return this.db.all<{ number: string }>(
      "SELECT number FROM dids WHERE target_type = ? AND target_id = ? ORDER BY number",
      targetType,
      targetId,
    ).map((row) => row.number);
  }

  byId(id: number): DialedNumber | undefined {
    return this.db.get<DialedNumber>("SELECT * FROM dids WHERE id = ?", id);
  }

  create(input: NumberInput): DialedNumber {
    this.#checkTarget(input);
    const { lastInsertRowid } = this.db.run(
      "INSERT INTO dids (number, description, target_type, target_id, ring_s, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      input.number,
      input.description,
      input.target_type,
      input.target_id,
      input.ring_s,
      isoTime(this.clock.now()),
    );
    return this.byId(lastInsertRowid)!;
  }

  update(id: number, input: NumberInput): DialedNumber | undefined {
    this.#checkTarget(input);
    this.db.run(
      "UPDATE dids SET number = ?, description = ?, target_type = ?, target_id = ?, ring_s = ? WHERE id = ?",
      input.number,
      input.description,
      input.target_type,
      input.target_id,
      input.ring_s,
      id,
    );
    return this.byId(id);
  }

  remove(id: number): boolean {
    return this.db.run("DELETE FROM dids WHERE id = ?", id).changes === 1;
  }

  #checkTarget(input: NumberInput): void {
    const table = TARGET_TABLE[input.target_type];
    if (!this.db.get(`SELECT 1 FROM ${table} WHERE id = ?`, input.target_id)) {
      throw new UnknownTargetError(`There is no ${input.target_type} with id ${input.target_id}`);
    }
  }
}
