import assert from "node:assert/strict";
import { ApiError } from "../../ui/common/api_client.ts";
import type { ApiClient } from "../../ui/common/api_client.ts";
import { ScheduleController } from "../../ui/admin/schedule_controller.ts";
import { refusalMessage } from "../../ui/admin/refusal_messages.ts";
import { inChinese } from "../support/in_chinese.ts";

const host = {
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
};

Deno.test("a refused opening hour is named by its day and its line in the page's language", async () => {
  const sent: unknown[] = [];
  const api = {
    request: (_method: string, _path: string, body: unknown) => {
      sent.push(body);
      return Promise.reject(
        new ApiError(400, "invalid_request", "Invalid request body: hours.0.closes", {
          issues: [{
            path: "hours.0.closes",
            code: "custom",
            message: "opens must be before closes",
          }],
        }),
      );
    },
  } as unknown as ApiClient;
  const hours = new ScheduleController(host, api);
  hours.setDay(1, { open: false });
  hours.setDay(2, { opens: "18:00", closes: "09:00" });
  hours.setHolidays("2026-10-01 National Day\n\n2026-13-40 Nonsense");
  const refused = await hours.save().then(() => undefined, (error) => error);
  assert.ok(refused instanceof ApiError);
  const body = sent[0] as { hours: { weekday: number }[]; holidays: unknown[] };
  assert.equal(body.hours[0].weekday, 2, "Monday is closed, so the first open day is Tuesday");
  assert.equal(body.holidays.length, 2, "the empty line is not sent");

  assert.equal(hours.fieldLabel("hours.0.closes"), "Tuesday: Closes");
  assert.equal(hours.fieldLabel("hours.3.opens"), "Friday: Opens");
  assert.equal(hours.fieldLabel("holidays.1.date"), "Holidays, line 3", "counted as typed");
  assert.equal(hours.fieldLabel("hours.9.closes"), undefined);
  inChinese(() => {
    assert.equal(hours.fieldLabel("hours.0.closes"), "星期二的结束时间");
    assert.equal(hours.fieldLabel("holidays.1.date"), "节假日第 3 行");
    assert.match(
      refusalMessage(refused, (path) => hours.fieldLabel(path)),
      /^星期二的结束时间/,
      "the banner names the day, not hours.0.closes",
    );
  });
});
