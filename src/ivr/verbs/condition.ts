import { z } from "zod";
import { type Scalar, ScalarSchema, VariableNameSchema } from "../flow_schema.ts";
import type { FlowVariables } from "../flow_variables.ts";
import { defineVerb, nodeSchema } from "../verb.ts";

const OPS = [
  "eq",
  "ne",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "not_in",
  "matches",
  "exists",
  "empty",
] as const;

const TestSchema = z.strictObject({
  /** A variable: call data (`caller`, `did`), CRM data (`customer.vip`), `time.*`, or your own. */
  var: VariableNameSchema,
  op: z.enum(OPS),
  /** Strings may contain `{name}` templates to compare against another variable. */
  value: z.union([ScalarSchema, z.array(ScalarSchema).max(100)]).optional(),
});
type Test = z.infer<typeof TestSchema>;

const WhenSchema = z.union([
  TestSchema,
  z.strictObject({ all: z.array(TestSchema).min(1).max(20) }),
  z.strictObject({ any: z.array(TestSchema).min(1).max(20) }),
]);

const schema = nodeSchema("condition", {
  /** Checked in order; the first that holds picks its exit, none picks `else`. */
  cases: z.array(z.strictObject({
    when: WhenSchema,
    exit: z.string().regex(/^[A-Za-z0-9_]{1,32}$/),
  })).min(1).max(20),
});

function asNumber(value: Scalar | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

function compare(a: Scalar | undefined, b: Scalar | undefined): number | undefined {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (a === undefined || a === null || b === undefined || b === null) return undefined;
  return String(a).localeCompare(String(b));
}

function same(a: Scalar | undefined, b: Scalar | undefined): boolean {
  const c = compare(a, b);
  return c === undefined ? (a ?? null) === (b ?? null) : c === 0;
}

/** Evaluates one test against the call's variables. */
export function holds(test: Test, vars: FlowVariables): boolean {
  const actual = vars.get(test.var);
  const resolve = (v: Scalar): Scalar => typeof v === "string" ? vars.render(v) : v;
  const list = Array.isArray(test.value) ? test.value.map(resolve) : undefined;
  const value = Array.isArray(test.value) ? undefined : resolve(test.value ?? null);
  switch (test.op) {
    case "exists":
      return actual !== undefined && actual !== null && actual !== "";
    case "empty":
      return actual === undefined || actual === null || actual === "";
    case "eq":
      return same(actual, value);
    case "ne":
      return !same(actual, value);
    case "in":
      return (list ?? [value]).some((v) => same(actual, v));
    case "not_in":
      return !(list ?? [value]).some((v) => same(actual, v));
    case "matches":
      try {
        return new RegExp(String(value ?? "")).test(String(actual ?? ""));
      } catch {
        return false;
      }
    default: {
      const c = compare(actual, value);
      if (c === undefined) return false;
      return test.op === "lt"
        ? c < 0
        : test.op === "lte"
        ? c <= 0
        : test.op === "gt"
        ? c > 0
        : c >= 0;
    }
  }
}

/** Branches on variables, caller and CRM data, or the local time. */
export const conditionVerb = defineVerb<z.infer<typeof schema>>({
  name: "condition",
  summary: "Branch on variables, caller data or time",
  schema,
  exits: (node) => ({
    required: [...new Set([...node.cases.map((c) => c.exit), "else"])],
    optional: [],
  }),
  waitsForInput: () => false,
  references: () => ({}),
  exec(ctx) {
    for (const { when, exit } of ctx.node.cases) {
      const ok = "all" in when
        ? when.all.every((t) => holds(t, ctx.vars))
        : "any" in when
        ? when.any.some((t) => holds(t, ctx.vars))
        : holds(when, ctx.vars);
      if (ok) return Promise.resolve({ exit });
    }
    return Promise.resolve({ exit: "else" });
  },
});
