import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn } from "./crm_helpers.ts";

const FIXTURES = new URL("../fixtures/crm/", import.meta.url);
type App = Awaited<ReturnType<typeof testAppliance>>;

async function postCsv(
  app: App,
  client: Awaited<ReturnType<typeof signedIn>>,
  query: string,
  body: Uint8Array<ArrayBuffer> | string,
) {
  return await app.http.app.request(`http://appliance.test/api/v1/customers/import?${query}`, {
    method: "POST",
    headers: {
      cookie: client.cookie,
      "x-csrf-token": client.csrfToken,
      "content-type": "text/csv",
    },
    body,
  }, { remoteAddr: { hostname: "192.0.2.10", port: 1 } });
}

function rows(count: number, bad: number): string {
  const lines = ["姓名,手机"];
  for (let i = 1; i <= count; i++) {
    lines.push(`客户${i},${i === bad ? "1390000" : `136${String(i).padStart(8, "0")}`}`);
  }
  return lines.join("\n") + "\n";
}

Deno.test("a GBK CSV imports through the API and the answer lists the counts", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  const response = await postCsv(
    app,
    admin,
    "mode=strict",
    await Deno.readFile(new URL("customers_gbk.csv", FIXTURES)),
  );
  assert.equal(response.status, 200);
  const { report } = await response.json();
  assert.deepEqual([report.encoding, report.created, report.updated, report.committed], [
    "gbk",
    3,
    0,
    true,
  ]);
  const pop = await (await admin.get("/api/v1/customers/lookup?phone=13800138000")).json();
  assert.equal(pop.match.customer.name, "张三");
  const audit = auditRows(app, "POST /customers/import")[0];
  assert.equal(audit.actor, "admin");
  assert.deepEqual(JSON.parse(audit.details!).created, 3);
});

Deno.test("importing numbers the center knows updates those customers instead of duplicating them", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "lead1");
  const before = app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
  const csv = "name,phone,company\nZhou Xiaoming,+86 138 0013 8000,Zhou Trading Group\n";
  const { report } = await (await postCsv(app, lead, "mode=strict", csv)).json();
  assert.deepEqual([report.created, report.updated], [0, 1]);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n, before);
  const pop = await (await lead.get("/api/v1/customers/lookup?phone=13800138000")).json();
  assert.equal(pop.match.customer.company, "Zhou Trading Group");
});

Deno.test("strict import with one bad row in 10,000 answers 422, lists the row and imports nothing", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "lead1");
  const before = app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
  const response = await postCsv(app, lead, "mode=strict", rows(10_000, 5_000));
  assert.equal(response.status, 422);
  const { report } = await response.json();
  assert.equal(report.rows, 10_000);
  assert.deepEqual(report.rejected.map((r: { row: number; line: number }) => [r.row, r.line]), [[
    5_000,
    5_001,
  ]]);
  assert.match(report.rejected[0].reason, /手机: "1390000"/);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n, before);
});

Deno.test("lenient import imports the 9,999 good rows; dry runs write nothing", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "lead1");
  const before = app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
  const dry = await (await postCsv(app, lead, "mode=lenient&dry_run=1", rows(10_000, 1))).json();
  assert.deepEqual([dry.report.created, dry.report.committed], [9_999, false]);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n, before);
  const response = await postCsv(app, lead, "mode=lenient", rows(10_000, 1));
  assert.equal(response.status, 200);
  const { report } = await response.json();
  assert.deepEqual([report.created, report.rejected_count, report.committed], [9_999, 1, true]);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n, before + 9_999);
});

Deno.test("import takes a column mapping; a file it cannot read is refused with 400", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "lead1");
  const mapping = encodeURIComponent(JSON.stringify({ Kunde: "name", Handy: "phone" }));
  const mapped = await postCsv(
    app,
    lead,
    `mode=strict&mapping=${mapping}`,
    "Kunde,Handy\nAnna,+49 30 1234567\n",
  );
  assert.equal((await mapped.json()).report.created, 1);
  const noColumns = await postCsv(app, lead, "mode=strict", "foo,bar\n1,2\n");
  assert.equal(noColumns.status, 400);
  assert.equal((await noColumns.json()).error.code, "bad_csv");
  assert.equal((await postCsv(app, lead, "mode=strict&mapping=nope", "a\n")).status, 400);
  const agent = await signedIn(app, "agent1");
  assert.equal(
    (await postCsv(app, agent, "mode=strict", "name,phone\nX,13655550009\n")).status,
    403,
  );
});

Deno.test("the customer export opens in Excel and imports back unchanged", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "lead1");
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.get("/api/v1/customers/export")).status, 403);
  const exported = new Uint8Array(await (await lead.get("/api/v1/customers/export")).arrayBuffer());
  assert.deepEqual([...exported.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(exported);
  assert.match(
    text,
    /Zhou Xiaoming,Zhou Trading Co\.,\+8613800138000;\+862161234567,zhou@example\.com/,
  );
  const before = app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
  const again = await (await postCsv(app, lead, "mode=strict&key=external_id", exported)).json();
  assert.deepEqual([again.report.created, again.report.updated, again.report.rejected_count], [
    0,
    before,
    0,
  ]);
  assert.equal(auditRows(app, "export")[0].entity, "customers");
});
