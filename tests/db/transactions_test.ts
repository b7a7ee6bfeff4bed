import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Database } from "../../src/db/mod.ts";

/**
 * A database whose COMMIT can be made to fail at will: a deferred foreign key is checked
 * only when the outermost transaction commits, and SQLite keeps the transaction open
 * after that failure, as it may after a full disk (https://sqlite.org/lang_transaction.html).
 */
async function opened(): Promise<{ dir: string; db: Database; committed: () => number }> {
  const dir = await Deno.makeTempDir({ prefix: "cc-tx-" });
  const db = new Database(`${dir}/callcenter.db`);
  db.exec(`
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (
      id INTEGER PRIMARY KEY,
      parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED
    );
  `);
  // Another connection sees only what is committed.
  const committed = () => {
    const reader = new DatabaseSync(`${dir}/callcenter.db`, { readOnly: true });
    const { n } = reader.prepare("SELECT count(*) AS n FROM child").get() as { n: number };
    reader.close();
    return n;
  };
  return { dir, db, committed };
}

const good = (db: Database) => db.run("INSERT INTO child (parent_id) VALUES (NULL)");
const orphan = (db: Database) => db.run("INSERT INTO child (parent_id) VALUES (42)");

Deno.test("a COMMIT that fails ends the transaction, and later ones, nested too, still work", async () => {
  const { dir, db, committed } = await opened();
  assert.throws(() => db.transaction(() => orphan(db)), /FOREIGN KEY constraint failed/);
  assert.equal(db.raw.isTransaction, false, "back to autocommit");

  db.transaction(() => {
    good(db);
    db.transaction(() => good(db));
  });
  assert.equal(committed(), 2);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a COMMIT that fails under a nested transaction leaves no savepoint behind", async () => {
  const { dir, db, committed } = await opened();
  for (let i = 0; i < 3; i++) {
    assert.throws(
      () => db.transaction(() => db.transaction(() => orphan(db))),
      /FOREIGN KEY constraint failed/,
    );
  }
  db.transaction(() => db.transaction(() => db.transaction(() => good(db))));
  assert.equal(committed(), 1);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a RELEASE whose savepoint SQLite already rolled back throws and leaves the connection usable", async () => {
  const { dir, db, committed } = await opened();
  assert.throws(
    () =>
      db.transaction(() => {
        good(db);
        db.transaction(() => {
          good(db);
          // What SQLite does by itself after some errors (a full disk, an I/O error).
          db.raw.exec("ROLLBACK");
        });
      }),
    /no such savepoint/,
  );
  assert.equal(db.raw.isTransaction, false);
  assert.equal(committed(), 0, "nothing of the failed transaction is stored");

  db.transaction(() => db.transaction(() => good(db)));
  assert.equal(committed(), 1);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a ROLLBACK that fails does not hide the error that caused it", async () => {
  const { dir, db, committed } = await opened();
  for (const nested of [false, true]) {
    const work = () => {
      good(db);
      db.raw.exec("ROLLBACK");
      throw new RangeError("The work failed");
    };
    assert.throws(
      () => db.transaction(() => nested ? db.transaction(work) : work()),
      RangeError,
    );
    assert.equal(db.raw.isTransaction, false);
  }
  db.transaction(() => db.transaction(() => good(db)));
  assert.equal(committed(), 1);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writes inside a transaction that SQLite rolled back fail instead of committing on their own", async () => {
  const { dir, db, committed } = await opened();
  assert.throws(
    () =>
      db.transaction(() => {
        good(db);
        db.raw.exec("ROLLBACK");
        good(db);
      }),
    /transaction was rolled back/,
  );
  assert.equal(committed(), 0, "half a transaction is never stored");
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a transaction left open on the connection is rolled back before the next one begins", async () => {
  const { dir, db, committed } = await opened();
  db.raw.exec("BEGIN");
  db.raw.exec("INSERT INTO child (parent_id) VALUES (NULL)");
  db.transaction(() => good(db));
  assert.equal(committed(), 1, "only the new transaction's row");
  db.runGrouped("INSERT INTO child (parent_id) VALUES (NULL)");
  db.flush();
  assert.equal(committed(), 2);
  db.close();
  await Deno.remove(dir, { recursive: true });
});
