import { mdEscape } from "../report/markdown";
import type { StatusReport, StatusRow } from "./probe";

/** `rtc-tasks status` for a terminal (aligned columns, colour only on a TTY), Markdown, or JSON. */

export type StatusFormat = "text" | "markdown" | "json";

const COLUMNS: readonly [string, (r: StatusRow) => string][] = [
  ["Resource", (r) => r.resource],
  ["Kind", (r) => r.kind],
  ["Identity", (r) => r.identity],
  ["Status", (r) => r.status ?? "(cannot be known)"],
  ["CDN push", (r) => r.pushStatus ?? "-"],
  ["Running since", (r) => (r.startTime && r.status === "running" ? r.startTime.replace(/\.\d{3}Z$/, "Z") : "-")],
  ["Notes", notesOf],
];

/** Stop reason, what cannot be known, and the hint, labelled as one wherever it is shown. */
function notesOf(r: StatusRow): string {
  return [r.stopReason && `stop reason: ${r.stopReason}`, r.note, r.hint && `hint (${r.hint.source}): ${r.hint.text}`]
    .filter(Boolean)
    .join("; ");
}

export function summaryOf(report: StatusReport): string {
  const { onAir, notOnAir, unknown } = report.counts;
  const total = onAir + notOnAir + unknown;
  const parts = [`${onAir} of ${total} ${total === 1 ? "task" : "tasks"} on air`];
  if (notOnAir) parts.push(`${notOnAir} not on air`);
  if (unknown) parts.push(`${unknown} cannot be known`);
  return `${report.stack ? `Stack ${report.stack}: ` : ""}${parts.join(" · ")} (checked ${report.checkedAt.replace(/\.\d{3}Z$/, "Z")})`;
}

const ANSI = { green: "\x1b[32m", red: "\x1b[31m", yellow: "\x1b[33m", reset: "\x1b[0m" };

export function renderStatus(report: StatusReport, format: StatusFormat, colour = false): string {
  if (format === "json") return `${JSON.stringify(jsonOf(report), null, 2)}\n`;
  if (format === "markdown") {
    const lines = [`**${mdEscape(summaryOf(report))}**`, ""];
    if (report.rows.length === 0) return `${lines.join("\n")}No tasks in this stack.\n`;
    lines.push(`| ${COLUMNS.map(([t]) => t).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
    for (const r of report.rows) lines.push(`| ${COLUMNS.map(([, cell]) => mdEscape(cell(r))).join(" | ")} |`);
    return `${lines.join("\n")}\n`;
  }
  const table = [COLUMNS.map(([t]) => t), ...report.rows.map((r) => COLUMNS.map(([, cell]) => cell(r).replace(/\r?\n/g, " ")))];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
  const status = COLUMNS.findIndex(([t]) => t === "Status");
  const lines = table.map((line, n) =>
    line
      .map((cell, i) => {
        const padded = cell.padEnd(widths[i]!);
        if (!colour || n === 0 || i !== status) return padded;
        const onAir = report.rows[n - 1]!.onAir;
        return `${onAir === true ? ANSI.green : onAir === false ? ANSI.red : ANSI.yellow}${padded}${ANSI.reset}`;
      })
      .join("  ")
      .trimEnd(),
  );
  return `${summaryOf(report)}\n\n${report.rows.length ? lines.join("\n") : "No tasks in this stack."}\n`;
}

/** The JSON form: one entry per task, hints under `hint` (never a status), and the verdict. */
function jsonOf(report: StatusReport): unknown {
  return {
    stack: report.stack ?? null,
    checkedAt: report.checkedAt,
    onAir: report.counts.notOnAir === 0,
    counts: report.counts,
    tasks: report.rows.map((r) => ({
      resource: r.resource,
      urn: r.urn,
      kind: r.kind,
      identity: r.identity,
      status: r.status ?? null,
      pushStatus: r.pushStatus ?? null,
      startTime: r.startTime ?? null,
      runningSince: r.status === "running" ? (r.startTime ?? null) : null,
      stopReason: r.stopReason ?? null,
      onAir: r.onAir ?? null,
      note: r.note ?? null,
      hint: r.hint ?? null,
    })),
  };
}
