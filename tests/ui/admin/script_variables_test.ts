import assert from "node:assert/strict";
import {
  insertVariable,
  sampleCustomer,
  scriptVariables,
} from "../../../ui/admin/script_variables.ts";

const FIELDS = [
  { key: "plan", label: "Plan", type: "choice", choices: ["Gold", "Silver"] },
  { key: "renewal", label: "Renewal", type: "date", choices: [] },
  { key: "note", label: "Note", type: "text", choices: [] },
];

Deno.test("scriptVariables() lists the renderer's variables by group, custom fields after the customer's", () => {
  const vars = scriptVariables(
    ["customer.name", "call.queue", "agent.name", "case.id", "customer.phone"],
    FIELDS,
  );
  assert.deepEqual(vars.map((v) => v.name), [
    "customer.name",
    "customer.phone",
    "customer.custom.plan",
    "customer.custom.renewal",
    "customer.custom.note",
    "call.queue",
    "agent.name",
    "case.id",
  ]);
  assert.equal(vars[2].label, "Plan");
  assert.equal(vars[2].group, "custom");
});

Deno.test("insertVariable() replaces the selection and puts the cursor after the variable", () => {
  assert.deepEqual(insertVariable("Hello , welcome", 6, 6, "customer.name"), {
    text: "Hello {{customer.name}}, welcome",
    cursor: 23,
  });
  assert.deepEqual(insertVariable("Hi NAME!", 3, 7, "agent.name"), {
    text: "Hi {{agent.name}}!",
    cursor: 17,
  });
  assert.equal(insertVariable("ab", 99, 120, "call.id").text, "ab{{call.id}}");
});

Deno.test("sampleCustomer() speaks the admin's language and fills every custom field by its type", () => {
  const today = new Date("2026-12-06T10:00:00Z");
  const zh = sampleCustomer(FIELDS, "zh-CN", today);
  assert.equal(zh.name, "张伟");
  assert.deepEqual(zh.custom, { plan: "Gold", renewal: "2026-12-06", note: "示例Note" });
  const en = sampleCustomer(FIELDS, "en", today);
  assert.equal(en.name, "Alex Morgan");
  assert.equal(en.custom.note, "Sample Note");
});
