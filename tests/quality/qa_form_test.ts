import assert from "node:assert/strict";
import { FormDefinitionSchema, scoreAnswers } from "../../src/quality/mod.ts";

const form = FormDefinitionSchema.parse({
  sections: [
    {
      title: "Opening",
      questions: [
        { id: "greeting", text: "Greeted by name", kind: "yes_no", weight: 1 },
        { id: "verified", text: "Verified identity", kind: "yes_no", weight: 2, critical: true },
      ],
    },
    {
      title: "Resolution",
      questions: [{ id: "clarity", text: "Explained clearly", kind: "scale", weight: 1 }],
    },
  ],
});

Deno.test("scoreAnswers() weighs yes/no and 1–5 answers and leaves N/A out", () => {
  // (1×1 + 1×2 + 0.75×1) / 4 = 93.75 %
  assert.deepEqual(scoreAnswers(form, 80, { greeting: "yes", verified: "yes", clarity: 4 }), {
    score: 93.8,
    critical_failed: false,
    passed: true,
  });
  // (0×1 + 1×2) / 3
  assert.deepEqual(scoreAnswers(form, 80, { greeting: "no", verified: "yes", clarity: "na" }), {
    score: 66.7,
    critical_failed: false,
    passed: false,
  });
});

Deno.test("scoreAnswers() fails the whole evaluation on a critical question answered no", () => {
  assert.deepEqual(scoreAnswers(form, 50, { greeting: "yes", verified: "no", clarity: 5 }), {
    score: 0,
    critical_failed: true,
    passed: false,
  });
});

Deno.test("scoreAnswers() refuses answers missing or of the wrong kind", () => {
  assert.throws(() => scoreAnswers(form, 80, { greeting: "yes", verified: "yes" }), RangeError);
  assert.throws(
    () => scoreAnswers(form, 80, { greeting: 3, verified: "yes", clarity: 4 }),
    RangeError,
  );
  assert.throws(
    () => scoreAnswers(form, 80, { greeting: "yes", verified: "yes", clarity: "yes" }),
    RangeError,
  );
});

Deno.test("a form with the same question id twice is refused", () => {
  const twice = {
    sections: [{
      title: "A",
      questions: [
        { id: "q", text: "One", kind: "yes_no" },
        { id: "q", text: "Two", kind: "yes_no" },
      ],
    }],
  };
  assert.equal(FormDefinitionSchema.safeParse(twice).success, false);
});
