import type { PreviewDiagnostic, PreviewDigest } from "./digest";
import { groupChanges } from "./grouping";
import { IMPACT_ORDER, NO_IMPACT_LABEL, type Impact, type Report, type ReportError, type TaskRow } from "./model";
import { redact } from "./secrets";
import { otherResourcesLine, summarize } from "./summary";
import { taskRow } from "./taskRow";
import { taskTypeOf } from "./taskTypes";

/** The report of a preview: a row per task resource that changes, a count of everything else. */
export function analyzePreview(digest: PreviewDigest): Report {
  const rows: TaskRow[] = [];
  const other: Record<string, number> = {};
  // A URN can have several steps (e.g. `refresh` then `update` under --refresh): count a resource
  // as unchanged once, and only when none of its steps has an effect.
  const changedUrns = new Set<string>();
  const idleTasks = new Set<string>();
  const idleOthers = new Set<string>();
  // Under --refresh, a task that ended at the vendor is read as gone, then created again.
  const refreshed = new Set((digest.steps ?? []).filter((s) => s.op === "refresh").map((s) => s.urn));
  for (const change of groupChanges(digest.steps ?? [])) {
    const type = taskTypeOf(change);
    if (type === undefined) {
      const label = otherLabel(change.op);
      if (label === NO_IMPACT_LABEL) idleOthers.add(change.urn);
      else {
        other[label] = (other[label] ?? 0) + 1;
        changedUrns.add(change.urn);
      }
      continue;
    }
    const row = taskRow(change, type, refreshed.has(change.urn));
    if (row) {
      rows.push(row);
      changedUrns.add(change.urn);
    } else idleTasks.add(change.urn);
  }
  const idleOtherCount = [...idleOthers].filter((u) => !changedUrns.has(u)).length;
  if (idleOtherCount) other[NO_IMPACT_LABEL] = idleOtherCount;
  rows.sort(compareRows);
  const counts = countImpacts(rows);
  const errors = errorsOf(digest.diagnostics ?? []);
  return {
    summary: summarize(counts, errors.length),
    counts,
    unchanged: [...idleTasks].filter((u) => !changedUrns.has(u)).length,
    rows,
    other,
    otherLine: otherResourcesLine(other),
    errors,
  };
}

function otherLabel(op: string): string {
  return op === "create" || op === "update" || op === "delete" || op === "replace" ? op : NO_IMPACT_LABEL;
}

function compareRows(a: TaskRow, b: TaskRow): number {
  const byImpact = IMPACT_ORDER.indexOf(a.impact) - IMPACT_ORDER.indexOf(b.impact);
  if (byImpact !== 0) return byImpact;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}

function countImpacts(rows: readonly TaskRow[]): Record<Impact, number> {
  const counts: Record<Impact, number> = { interrupt: 0, stop: 0, change: 0, start: 0 };
  for (const row of rows) counts[row.impact]++;
  return counts;
}

function errorsOf(diagnostics: readonly PreviewDiagnostic[]): ReportError[] {
  return diagnostics
    .filter((d) => d.severity === "error" && (d.message ?? "").trim() !== "")
    .map((d) => ({
      ...(d.urn ? { urn: d.urn } : {}),
      message: redact(`${d.prefix ?? ""}${d.message ?? ""}`.trim()),
    }));
}
