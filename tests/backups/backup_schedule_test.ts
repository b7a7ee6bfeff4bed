import assert from "node:assert/strict";
import { BackupSchedule, BackupShelf, nextDailyRun } from "../../src/backups/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database, Settings } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

Deno.test("the next daily run is the time of day in the center's zone, today if still ahead", () => {
  // 01:00 UTC is 09:00 in Shanghai: 02:30 there has passed, so tomorrow's, 18:30 UTC today.
  assert.equal(
    new Date(nextDailyRun(Date.UTC(2026, 4, 1, 1, 0), "02:30", "Asia/Shanghai")).toISOString(),
    "2026-05-01T18:30:00.000Z",
  );
  assert.equal(
    new Date(nextDailyRun(Date.UTC(2026, 4, 1, 1, 0), "23:15", "UTC")).toISOString(),
    "2026-05-01T23:15:00.000Z",
  );
  // London in summer time is UTC+1.
  assert.equal(
    new Date(nextDailyRun(Date.UTC(2026, 6, 1, 12, 0), "02:00", "Europe/London")).toISOString(),
    "2026-07-02T01:00:00.000Z",
  );
});

Deno.test("a scheduled backup runs every day at its time and keeps only the newest N", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-schedule-" });
  try {
    const clock = new VirtualClock(Date.UTC(2026, 4, 1, 0, 0));
    const db = new Database(`${dir}/callcenter.db`);
    db.migrate();
    const settings = new Settings(db, clock);
    const shelf = new BackupShelf(
      db,
      { dataDir: dir, keyDir: `${dir}/keys`, backupDir: `${dir}/backups` },
      clock,
    );
    const schedule = new BackupSchedule({
      settings,
      clock,
      shelf,
      log: createLogger("test", { sink: () => {} }),
      timeZone: () => "UTC",
    });
    schedule.start();
    assert.equal(schedule.get().next_run_at, null, "off until the admin turns it on");
    const view = schedule.set({ enabled: true, time: "03:00", keep: 2 });
    assert.equal(view.next_run_at, "2026-05-01T03:00:00.000Z");
    for (let day = 0; day < 3; day++) {
      // To each run's moment exactly: the backup reads the clock when it starts.
      clock.advance(day === 0 ? 3 * 3600_000 : 24 * 3600_000);
      await schedule.idle();
    }
    const names = shelf.list().map((b) => b.name);
    assert.deepEqual(names, ["callcenter-20260503-030000.tar", "callcenter-20260502-030000.tar"]);
    assert.equal(schedule.get().last_run?.name, "callcenter-20260503-030000.tar");
    schedule.stop();
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a schedule set off runs nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-schedule-" });
  try {
    const clock = new VirtualClock(Date.UTC(2026, 4, 1, 0, 0));
    const db = new Database(`${dir}/callcenter.db`);
    db.migrate();
    const shelf = new BackupShelf(
      db,
      { dataDir: dir, keyDir: `${dir}/k`, backupDir: `${dir}/b` },
      clock,
    );
    const schedule = new BackupSchedule({
      settings: new Settings(db, clock),
      clock,
      shelf,
      log: createLogger("test", { sink: () => {} }),
      timeZone: () => "UTC",
    });
    schedule.start();
    schedule.set({ enabled: true, time: "03:00", keep: 2 });
    schedule.set({ enabled: false, time: "03:00", keep: 2 });
    clock.advance(2 * 24 * 3600_000);
    await schedule.idle();
    assert.deepEqual(shelf.list(), []);
    schedule.stop();
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
