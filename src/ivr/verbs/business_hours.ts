import { z } from "zod";
import { localTime } from "../local_time.ts";
import { defineVerb, nodeSchema } from "../verb.ts";

const schema = nodeSchema("business_hours", {
  /** A schedule's name (business hours and holidays are kept per schedule). */
  schedule: z.string().min(1).max(64),
});

/**
 * Open or closed now, in the flow's time zone. A holiday leaves through `holiday`
 * when that exit is wired, otherwise through `closed`.
 */
export const businessHoursVerb = defineVerb<z.infer<typeof schema>>({
  name: "business_hours",
  summary: "Branch on business hours and holidays of a schedule",
  schema,
  exits: () => ({ required: ["open", "closed"], optional: ["holiday"] }),
  waitsForInput: () => false,
  references: (node) => ({ schedules: [node.schedule] }),
  exec(ctx) {
    const local = localTime(ctx.clock.now(), ctx.flow.timezone);
    const status = ctx.services.schedules.status(ctx.node.schedule, local);
    ctx.emit("ivr.hours", {
      schedule: ctx.node.schedule,
      status,
      local: `${local.date} ${local.hhmm}`,
    });
    if (status === "holiday") {
      return Promise.resolve({ exit: ctx.node.exits?.holiday ? "holiday" : "closed" });
    }
    return Promise.resolve({ exit: status });
  },
});
