import assert from "node:assert/strict";
import { dateTime, timeOfDay } from "../../ui/common/dates.ts";
import { setLanguage } from "../../ui/common/i18n.ts";

const AT = "2026-12-07T09:12:00Z";

Deno.test("dates are written in the page's language, not the browser's", () => {
  try {
    setLanguage("zh-CN", { persist: false });
    assert.equal(dateTime(AT), new Date(AT).toLocaleString("zh-CN"));
    assert.match(dateTime(AT), /^2026\/12\/7/, "year first, as Chinese readers write it");
    assert.equal(timeOfDay(AT), new Date(AT).toLocaleTimeString("zh-CN"));
    setLanguage("en", { persist: false });
    assert.match(dateTime(AT), /^12\/7\/2026, /);
    assert.match(timeOfDay(AT), /(AM|PM)$/);
  } finally {
    setLanguage("en", { persist: false });
  }
});
