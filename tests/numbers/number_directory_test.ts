import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { NumberDirectory, UnknownTargetError } from "../../src/numbers/mod.ts";

function directory(): { numbers: NumberDirectory; sales: number; support: number } {
  const db = new Database(":memory:");
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 4, 2, 0, 0));
  const now = new Date(clock.now()).toISOString();
  const queue = (name: string) =>
    db.run("INSERT INTO queues (name, created_at, updated_at) VALUES (?, ?, ?)", name, now, now)
      .lastInsertRowid;
  return {
    numbers: new NumberDirectory(db, clock),
    sales: queue("Sales"),
    support: queue("Support"),
  };
}

Deno.test("resolve() takes the exact number first, then the longest number the dialed one ends with", () => {
  const { numbers, sales, support } = directory();
  numbers.create({
    number: "1000",
    description: "",
    target_type: "queue",
    target_id: sales,
    ring_s: 0,
  });
  numbers.create({
    number: "101000",
    description: "",
    target_type: "queue",
    target_id: support,
    ring_s: 0,
  });
  assert.equal(numbers.resolve("1000")?.target_id, sales);
  assert.equal(numbers.resolve("101000")?.target_id, support);
  assert.equal(numbers.resolve("+86101000")?.number, "101000", "the longer tail wins");
  assert.equal(numbers.resolve("+86211000")?.number, "1000");
  assert.equal(numbers.resolve("2000"), undefined);
  assert.equal(numbers.resolve("100"), undefined, "a dialed number shorter than every DID");
});

Deno.test("numbersFor() lists the numbers that reach one target, in order", () => {
  const { numbers, sales, support } = directory();
  for (const number of ["4002", "4001"]) {
    numbers.create({ number, description: "", target_type: "queue", target_id: sales, ring_s: 0 });
  }
  numbers.create({
    number: "5000",
    description: "",
    target_type: "queue",
    target_id: support,
    ring_s: 0,
  });
  assert.deepEqual(numbers.numbersFor("queue", sales), ["4001", "4002"]);
  assert.deepEqual(numbers.numbersFor("queue", support), ["5000"]);
  assert.deepEqual(numbers.numbersFor("ivr", sales), [], "a flow with the queue's id has none");
});

Deno.test("create() and update() refuse a target that does not exist", () => {
  const { numbers, sales } = directory();
  assert.throws(
    () =>
      numbers.create({
        number: "4000",
        description: "",
        target_type: "queue",
        target_id: 999,
        ring_s: 0,
      }),
    (error) => error instanceof UnknownTargetError && /no queue with id 999/.test(error.message),
  );
  const created = numbers.create({
    number: "4000",
    description: "",
    target_type: "queue",
    target_id: sales,
    ring_s: 0,
  });
  assert.throws(
    () =>
      numbers.update(created.id, {
        number: "4000",
        description: "",
        target_type: "agent",
        target_id: 999,
        ring_s: 0,
      }),
    UnknownTargetError,
  );
  assert.equal(numbers.byId(created.id)?.target_type, "queue");
});
