import { columnsFor, sections } from "./columns";
import { IMPACT_TITLES, type Report } from "./model";
import { urnName } from "./urn";

/** The report as Markdown, for a pull-request comment. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [`**${mdEscape(report.summary)}**`, ""];
  for (const [impact, rows] of sections(report)) {
    const cols = columnsFor(impact, rows);
    out.push(`### ${IMPACT_TITLES[impact]}`, "");
    out.push(`| ${cols.map((c) => c.title).join(" | ")} |`);
    out.push(`|${cols.map(() => "---").join("|")}|`);
    for (const row of rows) {
      out.push(`| ${cols.map((c) => c.cell(row).map(mdEscape).join("<br>")).join(" | ")} |`);
    }
    out.push("");
  }
  if (report.unchanged > 0) out.push(`Unchanged streams: ${report.unchanged}`, "");
  out.push(mdEscape(report.otherLine), "");
  if (report.errors.length) {
    out.push("### Errors", "");
    for (const e of report.errors) out.push(`- ${e.urn ? `${mdEscape(urnName(e.urn))}: ` : ""}${mdEscape(e.message)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** Values come from the program: keep them from breaking the table or injecting HTML. */
export function mdEscape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
}
