import { zipStore } from "./zip_store.ts";

/**
 * The smallest workbook Excel, LibreOffice and Numbers open without a repair prompt
 * (ECMA-376 Part 1, SpreadsheetML): one worksheet per sheet, strings written inline
 * (`t="inlineStr"`, §18.3.1.53) so no shared-string table is needed, numbers as numbers,
 * and empty cells left out. The header row is bold and frozen.
 *
 * @module
 */

export type XlsxCell = string | number | null;

export interface XlsxSheet {
  /** Up to 31 characters, none of : \ / ? * [ ] (Excel's rule). */
  name: string;
  header: readonly string[];
  rows: readonly (readonly XlsxCell[])[];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

/** Escapes text for XML and drops the control characters XML 1.0 cannot carry. */
export function xmlText(text: string): string {
  return text
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** The column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + (n - 1) % 26) + name;
  }
  return name;
}

function sheetName(name: string, used: Set<string>): string {
  let clean = name.replace(/[:\\/?*[\]]/g, " ").trim().slice(0, 31) || "Sheet";
  for (let i = 2; used.has(clean.toLowerCase()); i++) {
    clean = `${clean.slice(0, 28)} ${i}`;
  }
  used.add(clean.toLowerCase());
  return clean;
}

function cell(ref: string, value: XlsxCell, style: number): string {
  if (value === null || value === undefined) return "";
  const s = style ? ` s="${style}"` : "";
  if (typeof value === "number") {
    return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : "";
  }
  // Leading or trailing spaces survive only with xml:space="preserve".
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${
    xmlText(value)
  }</t></is></c>`;
}

function worksheet(sheet: XlsxSheet): string {
  const lines = [sheet.header, ...sheet.rows];
  const rows = lines.map((line, r) =>
    `<row r="${r + 1}">${
      line.map((v, c) => cell(`${columnName(c)}${r + 1}`, v, r === 0 ? 1 : 0)).join("")
    }</row>`
  ).join("");
  return `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" ` +
    `activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetData>${rows}</sheetData></worksheet>`;
}

/** A workbook with the sheets given, as the bytes of an .xlsx file. */
export function xlsxWorkbook(sheets: readonly XlsxSheet[]): Uint8Array<ArrayBuffer> {
  if (sheets.length === 0) throw new RangeError("A workbook needs at least one sheet");
  const used = new Set<string>();
  const names = sheets.map((s) => sheetName(s.name, used));
  const enc = new TextEncoder();
  const file = (name: string, text: string) => ({ name, data: enc.encode(text) });
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    sheets.map((_, i) =>
      `<Override PartName="/xl/worksheets/sheet${
        i + 1
      }.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
    ).join("") +
    `</Types>`;
  const rootRels = `${XML_HEAD}<Relationships xmlns="${PKG_REL}">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
    `</Relationships>`;
  const workbook = `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
    names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join("") +
    `</sheets></workbook>`;
  const workbookRels = `${XML_HEAD}<Relationships xmlns="${PKG_REL}">` +
    sheets.map((_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${
        i + 1
      }.xml"/>`
    ).join("") +
    `<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
    `</Relationships>`;
  // Style 0: plain; style 1: bold (the header row).
  const styles = `${XML_HEAD}<styleSheet xmlns="${MAIN}">` +
    `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>` +
    `<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill>` +
    `<fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
    `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
    `</styleSheet>`;
  return zipStore([
    file("[Content_Types].xml", contentTypes),
    file("_rels/.rels", rootRels),
    file("xl/workbook.xml", workbook),
    file("xl/_rels/workbook.xml.rels", workbookRels),
    file("xl/styles.xml", styles),
    ...sheets.map((s, i) => file(`xl/worksheets/sheet${i + 1}.xml`, worksheet(s))),
  ]);
}

/** The media type of an .xlsx file. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
