import assert from "node:assert/strict";

import { periodQuery } from "../../../ui/admin/export_period.ts";

Deno.test("periodQuery() covers whole days, leaves an empty end open and refuses a reversed period", () => {
  const q = periodQuery("2026-12-01", "2026-12-05")!;
  const params = new URLSearchParams(q.slice(1));
  assert.equal(new Date(params.get("from")!).getTime(), new Date("2026-12-01T00:00:00").getTime());
  assert.equal(
    new Date(params.get("to")!).getTime(),
    new Date("2026-12-05T23:59:59.999").getTime(),
  );
  assert.equal(periodQuery("", ""), "");
  assert.ok(periodQuery("2026-12-01", "")!.startsWith("?from="));
  assert.equal(periodQuery("2026-12-05", "2026-12-01"), null);
});
