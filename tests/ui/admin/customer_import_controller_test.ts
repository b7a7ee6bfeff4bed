import assert from "node:assert/strict";
import { CustomerImportController } from "../../../ui/admin/customer_import_controller.ts";
import { controllerHost as host } from "../../support/controller_host.ts";

/** Answers each piece as the server would: rows whose phone is "bad" are refused. */
function fakeApi() {
  const sent: { path: string; body: string }[] = [];
  return {
    sent,
    async upload<T>(path: string, file: Blob): Promise<T> {
      const body = await file.text();
      sent.push({ path, body });
      const lines = body.trimEnd().split("\n");
      const rejected = lines.slice(1).flatMap((l, i) =>
        l.endsWith(",bad")
          ? [{ row: i + 1, line: i + 2, reason: "bad phone", values: l.split(",") }]
          : []
      );
      const strict = path.includes("mode=strict");
      const dry = path.includes("dry_run=1");
      const rows = lines.length - 1;
      return {
        report: {
          headers: lines[0].split(","),
          ignored_columns: [],
          encoding: "utf-8",
          rows,
          created: rows - rejected.length,
          updated: 0,
          rejected_count: rejected.length,
          rejected,
          committed: !dry && !(strict && rejected.length > 0),
        },
      } as T;
    },
  };
}

const file = (bad: number[]) =>
  new TextEncoder().encode(
    "name,phone\n" +
      Array.from({ length: 10 }, (_, i) =>
        `C${i + 1},${bad.includes(i + 1) ? "bad" : "1390000000" + i}\n`)
        .join(""),
  );

Deno.test("a file sent in pieces is reported as one, with the whole file's rows and lines", async () => {
  const api = fakeApi();
  const run = new CustomerImportController(host(), api, 40);
  await run.run(file([7]), { mode: "lenient", key: "phone", dryRun: true });
  assert.ok(api.sent.length > 2);
  assert.ok(
    api.sent.every((s) => s.path.includes("dry_run=1") && s.body.startsWith("name,phone\n")),
  );
  const s = run.summary!;
  assert.deepEqual([s.rows, s.created, s.rejectedCount, s.committed], [10, 9, 1, false]);
  assert.deepEqual(s.rejected.map((r) => [r.row, r.line]), [[7, 8]]);
  assert.equal(run.progress!.done, run.progress!.total);
  assert.equal(
    run.rejectedFile({ line: "line", reason: "reason" }),
    "\ufeffname,phone,line,reason\r\nC7,bad,8,bad phone\r\n",
  );
});

Deno.test("a strict import in pieces is checked whole first and writes nothing when a row is bad", async () => {
  const api = fakeApi();
  const run = new CustomerImportController(host(), api, 40);
  await run.run(file([9]), { mode: "strict", key: "phone", dryRun: false });
  assert.ok(api.sent.every((s) => s.path.includes("dry_run=1")), "only the check was sent");
  assert.equal(run.summary!.stoppedAfterCheck, true);
  assert.equal(run.summary!.committed, false);

  const clean = fakeApi();
  const ok = new CustomerImportController(host(), clean, 40);
  await ok.run(file([]), { mode: "strict", key: "external_id", dryRun: false });
  const writes = clean.sent.filter((s) => !s.path.includes("dry_run=1"));
  assert.equal(writes.length, clean.sent.length / 2);
  assert.ok(writes.every((s) => s.path.includes("key=external_id")));
  assert.deepEqual([ok.summary!.created, ok.summary!.committed], [10, true]);
});

Deno.test("a refused file leaves its reason and no summary", async () => {
  const run = new CustomerImportController(host(), {
    upload: () => Promise.reject(new Error("The file has no column for name")),
  });
  await run.run(new TextEncoder().encode("x\n1\n"), {
    mode: "lenient",
    key: "phone",
    dryRun: false,
  });
  assert.equal(run.summary, null);
  assert.match(run.error!, /no column for name/);
  assert.equal(run.busy, false);
});

Deno.test("a second run clears the first one's result before its file has been read", async () => {
  const run = new CustomerImportController(host(), fakeApi(), 40);
  await run.run(file([]), { mode: "lenient", key: "phone", dryRun: true });
  assert.equal(run.summary!.dryRun, true);

  let release!: () => void;
  const slowFile = new Blob([file([3])]);
  const read = slowFile.arrayBuffer.bind(slowFile);
  slowFile.arrayBuffer = () =>
    new Promise<ArrayBuffer>((resolve) => release = () => resolve(read()));
  const second = run.run(slowFile, { mode: "lenient", key: "phone", dryRun: false });
  assert.equal(run.summary, null, "the dry run's result is gone while the file is read");
  assert.equal(run.busy, true);
  release();
  await second;
  assert.deepEqual([run.summary!.dryRun, run.summary!.rejectedCount], [false, 1]);
});
