import assert from "node:assert/strict";
import { xlsxWorkbook } from "../../../src/reports/mod.ts";
import { columnName, xmlText } from "../../../src/reports/xlsx/xlsx_workbook.ts";
import { crc32, zipStore } from "../../../src/reports/xlsx/zip_store.ts";

const hasUnzip = (() => {
  try {
    return new Deno.Command("unzip", { args: ["-v"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

async function unzip(bytes: Uint8Array, option: string, ...members: string[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cc-xlsx-" });
  try {
    await Deno.writeFile(`${dir}/book.xlsx`, bytes);
    const out = await new Deno.Command("unzip", { args: [option, `${dir}/book.xlsx`, ...members] })
      .output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("CRC-32 gives the standard check value of 123456789", () => {
  // The check value published with the CRC-32 (ISO 3309 / ITU-T V.42) parameters.
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

Deno.test("column names run A…Z, then AA, AZ, BA", () => {
  assert.deepEqual([0, 25, 26, 51, 52, 701, 702].map(columnName), [
    "A",
    "Z",
    "AA",
    "AZ",
    "BA",
    "ZZ",
    "AAA",
  ]);
});

Deno.test("text is escaped for XML and control characters are dropped", () => {
  assert.equal(xmlText(`a<b & "c"\u0001`), "a&lt;b &amp; &quot;c&quot;");
});

Deno.test("a stored ZIP ends with a directory that points back at each entry", () => {
  const zip = zipStore([{ name: "a.txt", data: new TextEncoder().encode("hello") }]);
  const view = new DataView(zip.buffer);
  const end = zip.length - 22;
  assert.equal(view.getUint32(end, true), 0x06054b50);
  assert.equal(view.getUint16(end + 10, true), 1);
  const centralAt = view.getUint32(end + 16, true);
  assert.equal(view.getUint32(centralAt, true), 0x02014b50);
  assert.equal(view.getUint32(0, true), 0x04034b50);
  assert.equal(new TextDecoder().decode(zip.slice(35, 40)), "hello");
});

Deno.test({
  name: "unzip reads the workbook intact, with numbers as numbers and text inline",
  ignore: !hasUnzip,
  async fn() {
    const book = xlsxWorkbook([{
      name: "dispositions",
      header: ["code", "contacts", "share"],
      rows: [["solved", 3, 75.5], ["open <new>", 1, null]],
    }]);
    assert.match(await unzip(book, "-t"), /No errors detected/);
    const listing = await unzip(book, "-l");
    for (
      const part of [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
      ]
    ) assert.ok(listing.includes(part), part);
    const sheet = await unzip(book, "-p", "xl/worksheets/sheet1.xml");
    assert.ok(sheet.includes('<c r="B2"><v>3</v></c>'), sheet);
    assert.ok(sheet.includes('<c r="C2"><v>75.5</v></c>'), sheet);
    assert.ok(sheet.includes("open &lt;new&gt;"), sheet);
    assert.ok(!sheet.includes('r="C3"'), "an empty cell is left out");
    assert.ok(sheet.includes('<c r="A1" s="1" t="inlineStr">'), "the header is bold");
    const workbook = await unzip(book, "-p", "xl/workbook.xml");
    assert.ok(workbook.includes('<sheet name="dispositions" sheetId="1" r:id="rId1"/>'));
  },
});
