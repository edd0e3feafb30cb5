import { columnsFor, sections } from "./columns";
import { IMPACT_TITLES, type Report } from "./model";
import { urnName } from "./urn";

/** The report as plain text with aligned columns, for a terminal or a CI log. */
export function renderText(report: Report): string {
  const out: string[] = [report.summary, ""];
  for (const [impact, rows] of sections(report)) {
    const cols = columnsFor(impact, rows);
    out.push(`${IMPACT_TITLES[impact]} (${rows.length})`);
    const table = [cols.map((c) => c.title), ...rows.map((r) => cols.map((c) => oneLine(c.cell(r).join("; "))))];
    const widths = cols.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
    for (const line of table) {
      out.push(`  ${line.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`.trimEnd());
    }
    out.push("");
  }
  if (report.unchanged > 0) out.push(`Unchanged streams: ${report.unchanged}`, "");
  out.push(report.otherLine, "");
  if (report.errors.length) {
    out.push("Errors:");
    for (const e of report.errors) out.push(`  ${e.urn ? `${urnName(e.urn)}: ` : ""}${oneLine(e.message)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, " ");
}
