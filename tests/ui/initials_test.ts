import assert from "node:assert/strict";
import { initials } from "../../ui/common/layout.ts";

Deno.test("initials() leave out a role in brackets and marks before a word", () => {
  assert.equal(initials({ display_name: "Grace Ho (supervisor)", username: "super1" }), "GH");
  assert.equal(initials({ display_name: "Sun Li (team lead)", username: "lead1" }), "SL");
  assert.equal(initials({ display_name: "Peter Lin (QA)", username: "qa1" }), "PL");
  assert.equal(initials({ display_name: "王伟（组长）", username: "wang" }), "王");
  assert.equal(initials({ display_name: "“Emma” Clark", username: "emma" }), "EC");
});

Deno.test("initials() fall back to the username when the name is only a note", () => {
  assert.equal(initials({ display_name: "(temp)", username: "agent9" }), "AG");
  assert.equal(initials({ display_name: "", username: "admin" }), "AD");
  assert.equal(initials({ display_name: "Li Na", username: "agent1" }), "LN");
});
