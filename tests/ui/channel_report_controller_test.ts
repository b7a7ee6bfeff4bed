import assert from "node:assert/strict";
import {
  channelQuery,
  ChannelReportController,
} from "../../ui/reports/channel_report_controller.ts";

function fakeHost() {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

const CHOICE = {
  day: "2026-05-01",
  days: 1,
  interval: "60m" as const,
  scope: "center" as const,
  id: null,
};

Deno.test("channelQuery() names the channel only when one is picked", () => {
  const all = new URLSearchParams(channelQuery(CHOICE, "Asia/Shanghai", null));
  assert.equal(all.get("interval"), "60m");
  assert.equal(all.get("tz"), "Asia/Shanghai");
  assert.equal(all.has("channel"), false);
  assert.equal(new URLSearchParams(channelQuery(CHOICE, "UTC", "sms")).get("channel"), "sms");
});

Deno.test("the by-channel controller keeps the picked channel across a new period", async () => {
  const paths: string[] = [];
  const c = new ChannelReportController(fakeHost(), {
    timeZone: "UTC",
    request: <T>(_method: string, path: string) => {
      paths.push(path);
      return Promise.resolve({ channels: [] } as unknown as T);
    },
  });
  await c.load(CHOICE, "chat");
  await c.load({ ...CHOICE, day: "2026-05-02" });
  assert.equal(c.channel, "chat");
  assert.ok(paths.every((p) => p.startsWith("/reports/channels?") && p.includes("channel=chat")));
  assert.deepEqual(c.answer, { channels: [] });
});
