import assert from "node:assert/strict";
import { setLanguage } from "../../ui/common/i18n.ts";
import { alertText } from "../../ui/supervisor/alert_text.ts";
import type { AlertRow } from "../../ui/supervisor/supervision_controller.ts";

const lunchOverrun: AlertRow = {
  key: "agent_state:7:not_ready:lunch",
  kind: "agent_state",
  queue_id: null,
  agent_id: 7,
  trunk_id: null,
  subject: "Li Na",
  value: 3725,
  limit: 3600,
  state: "not_ready",
  reason: "Lunch",
  since: "2026-12-06T12:00:00.000Z",
};

Deno.test("an agent over their reason's limit is named with the reason, in both languages", () => {
  setLanguage("en", { persist: false });
  const english = alertText(lunchOverrun);
  assert.match(english, /Li Na/);
  assert.match(english, /\(Lunch\)/);
  assert.match(english, /1:02:05/);
  assert.match(english, /1:00:00/);
  setLanguage("zh-CN", { persist: false });
  try {
    assert.match(alertText(lunchOverrun), /（Lunch）/);
  } finally {
    setLanguage("en", { persist: false });
  }
});

Deno.test("an agent alert without a reason of its own reads as before", () => {
  setLanguage("en", { persist: false });
  const text = alertText({ ...lunchOverrun, reason: null, value: 61, limit: 60 });
  assert.doesNotMatch(text, /Lunch/);
  assert.match(text, /Li Na/);
});
