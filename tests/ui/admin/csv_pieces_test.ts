import assert from "node:assert/strict";
import { rejectedCsv, splitCsv } from "../../../ui/admin/csv_pieces.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("splitCsv() repeats the header in every piece and cuts only between records", () => {
  const file = 'name,notes\nA,"one\ntwo"\nB,plain\nC,"x,\ny"\nD,last\n';
  const pieces = splitCsv(bytes(file), 24);
  assert.ok(pieces.length > 1);
  for (const p of pieces) assert.ok(text(p.bytes).startsWith("name,notes\n"));
  const records = pieces.map((p) => text(p.bytes).slice("name,notes\n".length)).join("");
  assert.equal(records, file.slice("name,notes\n".length));
  assert.equal(pieces.reduce((n, p) => n + p.recordBytes, 0), file.length - 11);
  const quoted = pieces.find((p) => text(p.bytes).includes('"one'))!;
  assert.ok(text(quoted.bytes).includes('"one\ntwo"'), "a quoted line break is never cut");
});

Deno.test("splitCsv() gives each piece the file line its first record starts on", () => {
  const file = 'name,notes\nA,"one\ntwo"\nB,b\nC,c\n';
  assert.deepEqual(splitCsv(bytes(file), 20).map((p) => p.firstLine), [2, 4]);
  assert.deepEqual(splitCsv(bytes(file), 16).map((p) => p.firstLine), [2, 4, 5]);
});

Deno.test("splitCsv() keeps a small file whole and a header-only file as one piece", () => {
  assert.equal(splitCsv(bytes("name,phone\nA,1\nB,2\n"), 1024).length, 1);
  const only = splitCsv(bytes("name,phone\n"), 1024);
  assert.deepEqual([only.length, text(only[0].bytes)], [1, "name,phone\n"]);
});

Deno.test("rejectedCsv() lists the file's columns, then the line and the reason, ready for Excel", () => {
  const csv = rejectedCsv(["name", "phone"], [
    { row: 2, line: 3, reason: "phone: too short", values: ["Wang, Fang", "12345"] },
    { row: 5, line: 6, reason: "bad", values: ["=cmd()", "+86 138 0013 8000"] },
  ], { line: "line", reason: "reason" });
  assert.equal(
    csv,
    '\ufeffname,phone,line,reason\r\n"Wang, Fang",12345,3,phone: too short\r\n' +
      "'=cmd(),+86 138 0013 8000,6,bad\r\n",
  );
});
