import assert from "node:assert/strict";
import { CsvFileError } from "../../src/crm/mod.ts";
import { crmFixture, utf8 } from "./_crm.ts";

const FIXTURES = new URL("../fixtures/crm/", import.meta.url);

/** `rows` customers with unique mobiles; row `badRow` (1-based) gets an unusable number. */
function bigCsv(rows: number, badRow?: number): string {
  const lines = ["name,phone,company,email"];
  for (let i = 1; i <= rows; i++) {
    const phone = i === badRow ? "12345" : `139${String(i).padStart(8, "0")}`;
    lines.push(`Customer ${i},${phone},Company ${i % 100},c${i}@example.com`);
  }
  return lines.join("\r\n") + "\r\n";
}

function count(f: { db: { get<T>(sql: string): T | undefined } }): number {
  return f.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
}

Deno.test("a GBK file from Chinese Excel is detected, decoded and imported", async () => {
  await using f = await crmFixture();
  const bytes = await Deno.readFile(new URL("customers_gbk.csv", FIXTURES));
  const report = f.crm.importCustomers([bytes], { mode: "strict" });
  assert.equal(report.encoding, "gbk");
  assert.equal(report.committed, true);
  assert.equal(report.created, 3);
  assert.deepEqual(report.columns, {
    姓名: "name",
    手机: "phone",
    公司: "company",
    邮箱: "email",
    标签: "tags",
  });
  const zhang = f.crm.lookupByPhone("13800138000").match!.customer;
  assert.equal(zhang.name, "张三");
  assert.equal(zhang.company, "上海贸易有限公司");
  assert.deepEqual(zhang.tags, ["批发", "重要"]);
  assert.deepEqual(zhang.emails.map((e) => e.email), ["zhangsan@example.com"]);
  assert.equal(f.crm.lookupByPhone("+862161234567").match!.customer.name, "李四");
  assert.equal(f.crm.lookupByPhone("13911112222").match!.customer.company, '广州"南方"物流');
});

Deno.test("a UTF-8 file with a BOM imports with the BOM stripped from the first header", async () => {
  await using f = await crmFixture();
  const report = f.crm.importCustomers([utf8("\ufeffname,phone\n周晓明,13800138000\n")], {
    mode: "strict",
  });
  assert.equal(report.encoding, "utf-8-bom");
  assert.equal(report.created, 1);
  assert.equal(f.crm.lookupByPhone("13800138000").match!.customer.name, "周晓明");
});

Deno.test("quoted values may hold commas, quotes and line breaks", async () => {
  await using f = await crmFixture();
  const csv =
    'name,phone,notes\n"Morgan, Alice",+442079460000,"line one\nline two, with ""quotes"""\nBob,+14155550100,plain\n';
  const report = f.crm.importCustomers([utf8(csv)], { mode: "strict" });
  assert.equal(report.created, 2);
  const alice = f.crm.lookupByPhone("+442079460000").match!.customer;
  assert.equal(alice.name, "Morgan, Alice");
  assert.equal(alice.notes, 'line one\nline two, with "quotes"');
});

Deno.test("strict mode with 1 bad row in 10,000 imports nothing and reports the row", async () => {
  await using f = await crmFixture();
  const report = f.crm.importCustomers([utf8(bigCsv(10_000, 7_777))], { mode: "strict" });
  assert.equal(report.rows, 10_000);
  assert.equal(report.committed, false);
  assert.equal(report.rejected_count, 1);
  assert.equal(report.rejected[0].row, 7_777);
  assert.equal(report.rejected[0].line, 7_778);
  assert.equal(report.rejected[0].column, "phone");
  assert.match(report.rejected[0].reason, /"12345".*too short|11 digits/);
  assert.equal(count(f), 0);
});

Deno.test("lenient mode with 1 bad row in 10,000 imports the 9,999 good rows", async () => {
  await using f = await crmFixture();
  const report = f.crm.importCustomers([utf8(bigCsv(10_000, 42))], { mode: "lenient" });
  assert.equal(report.committed, true);
  assert.equal(report.created, 9_999);
  assert.deepEqual(report.rejected.map((r) => r.row), [42]);
  assert.equal(count(f), 9_999);
  assert.equal(f.crm.lookupByPhone("13900000043").match!.customer.name, "Customer 43");
});

Deno.test("a dry run checks every row, reports what would happen and writes nothing", async () => {
  await using f = await crmFixture();
  const report = f.crm.importCustomers([utf8(bigCsv(500, 3))], { mode: "lenient", dryRun: true });
  assert.equal(report.dry_run, true);
  assert.equal(report.created, 499);
  assert.equal(report.rejected_count, 1);
  assert.equal(report.committed, false);
  assert.equal(count(f), 0);
});

Deno.test("rows with missing columns or broken quoting are refused with row, line and reason", async () => {
  await using f = await crmFixture();
  const csv = [
    "name,phone,company",
    "Good One,13800138000,A",
    "Short Row,13800138001",
    'Bad "quote",13800138002,B',
    "Good Two,13800138003,C",
    'Broken,"13800138004"x,D',
  ].join("\n") + "\n";
  const report = f.crm.importCustomers([utf8(csv)], { mode: "lenient" });
  const reasons = report.rejected.map((r) => `${r.line}: ${r.reason}`);
  assert.equal(report.created, 2, reasons.join("\n"));
  assert.match(
    reasons.join("\n"),
    /^3: the row has 2 columns, the header has 3 \(missing columns\)/m,
  );
  assert.match(reasons.join("\n"), /^4: broken quoting/m);
  assert.match(reasons.join("\n"), /^6: broken quoting: text follows a closing quote/m);
  const strict = f.crm.importCustomers([utf8(csv.replace(/13800138/g, "13900139"))], {
    mode: "strict",
  });
  assert.equal(strict.committed, false);
  assert.equal(count(f), 2);
});

Deno.test("rows are upserted by phone: a known number updates its customer and adds new numbers", async () => {
  await using f = await crmFixture();
  const existing = f.crm.customers.create({ name: "Zhou", phones: ["13800138000"], tags: ["old"] });
  const csv =
    "name,phone,tags,vip\nZhou Xiaoming,13800138000;021-6123-4567,new,3\nNew Person,13911112222,,0\n";
  const report = f.crm.importCustomers([utf8(csv)], { mode: "strict" });
  assert.deepEqual([report.created, report.updated], [1, 1]);
  const zhou = f.crm.customers.get(existing.id)!;
  assert.equal(zhou.name, "Zhou Xiaoming");
  assert.equal(zhou.vip_level, 3);
  assert.deepEqual(zhou.tags, ["old", "new"]);
  assert.deepEqual(zhou.phones.map((p) => p.e164), ["+8613800138000", "+862161234567"]);
});

Deno.test("rows are upserted by external id, and a number owned by someone else is refused by name", async () => {
  await using f = await crmFixture();
  f.crm.customers.create({ name: "Owner", phones: ["13800138000"] });
  const a = f.crm.customers.create({ name: "Acct", external_id: "A-1" });
  const csv = "account,name,phone\nA-1,Acct Renamed,13911112222\nA-2,Second,13800138000\n";
  const report = f.crm.importCustomers([utf8(csv)], { mode: "lenient", key: "external_id" });
  assert.deepEqual([report.created, report.updated], [0, 1]);
  assert.match(
    report.rejected[0].reason,
    /\+8613800138000 already belongs to customer \d+ \(Owner\)/,
  );
  assert.equal(f.crm.customers.get(a.id)!.name, "Acct Renamed");
});

Deno.test("a column mapping names columns the importer does not know; custom fields are typed", async () => {
  await using f = await crmFixture();
  f.crm.customFields.define({ key: "seats", label: "Seats", type: "number" });
  const csv = "Kunde,Handy,Seats,Whatever\nA,13800138000,12,x\nB,13800138001,twelve,y\n";
  const report = f.crm.importCustomers([utf8(csv)], {
    mode: "lenient",
    mapping: { Kunde: "name", Handy: "phone" },
  });
  assert.deepEqual(report.columns, { Kunde: "name", Handy: "phone", Seats: "custom.seats" });
  assert.deepEqual(report.ignored_columns, ["Whatever"]);
  assert.equal(report.created, 1);
  assert.match(report.rejected[0].reason, /seats: expected a number/);
  assert.equal(f.crm.lookupByPhone("13800138000").match!.customer.custom_fields.seats, 12);
});

Deno.test("a file without a name or phone column, or with bytes that are no text, is refused whole", async () => {
  await using f = await crmFixture();
  assert.throws(
    () => f.crm.importCustomers([utf8("foo,bar\n1,2\n")], { mode: "lenient" }),
    (e: unknown) => {
      assert.ok(e instanceof CsvFileError);
      assert.match(e.message, /no column for name.*no column for phone/);
      return true;
    },
  );
  assert.throws(() => f.crm.importCustomers([utf8("")], { mode: "strict" }), /empty/);
  // Valid UTF-8 at the start, then bytes no decoder accepts: nothing of the file stays.
  const start = utf8(bigCsv(30_000));
  const broken = new Uint8Array([...start, 0xff, 0xff, 0xff, 0x0a]);
  assert.throws(
    () =>
      f.crm.importCustomers([broken.slice(0, 1_100_000), broken.slice(1_100_000)], {
        mode: "lenient",
      }),
    /not valid utf-8/,
  );
  assert.equal(count(f), 0);
});

Deno.test("a rejected row comes back with its cells and the report with the header, to fix and resend", async () => {
  await using f = await crmFixture();
  const csv = 'name,phone,notes\nGood One,13900000001,fine\n"Bad, Row",12345,"two\nlines"\n';
  const report = f.crm.importCustomers([utf8(csv)], { mode: "lenient", dryRun: true });
  assert.deepEqual(report.headers, ["name", "phone", "notes"]);
  assert.equal(report.rejected.length, 1);
  assert.deepEqual(report.rejected[0].values, ["Bad, Row", "12345", "two\nlines"]);
  assert.equal(report.rejected[0].line, 3);
});
