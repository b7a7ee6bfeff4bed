import assert from "node:assert/strict";
import { parseCommandLine, runCommand } from "../../src/cli/commands.ts";
import { Database, DATABASE_FILE } from "../../src/db/mod.ts";
import { RollupFeed } from "../../src/reports/mod.ts";
import { writeCallEvents, writeCenter, writeStates } from "./_fixture.ts";

function rollups(db: Database) {
  return {
    intervals: db.all(
      "SELECT * FROM report_intervals ORDER BY start_ms, queue_id, agent_id, team_id",
    ),
    states: db.all(
      "SELECT * FROM report_agent_states ORDER BY start_ms, agent_id, team_id, state, reason",
    ),
  };
}

Deno.test("reports rebuild reads the logs again and gives the figures the live rollups gave", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-reports-" });
  try {
    const db = new Database(`${data}/${DATABASE_FILE}`);
    db.migrate();
    writeCenter(db);
    writeCallEvents(db, 0, 30);
    writeStates(db, 0, 12);
    new RollupFeed(db).catchUp();
    writeCallEvents(db, 30);
    writeStates(db, 12);
    new RollupFeed(db).catchUp();
    const live = rollups(db);
    // Rows a rebuild must throw away.
    db.run("UPDATE report_intervals SET offered = offered + 100");
    db.close();

    const lines: string[] = [];
    const code = await runCommand(
      parseCommandLine(["reports", "rebuild", "--data", data]),
      (l) => lines.push(l),
    );
    assert.equal(code, 0);
    assert.match(lines.join("\n"), /Rebuilt the report rollups from 99 log rows/);
    const reopened = new Database(`${data}/${DATABASE_FILE}`);
    assert.deepEqual(rollups(reopened), live);
    reopened.close();
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});
