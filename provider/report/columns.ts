/** The table layout both renderers share: which columns a section has, and what a cell holds. */
import { HANDOVER_TEXT, IMPACT_ORDER, type Impact, type Report, type TaskRow } from "./model";

export interface Column {
  title: string;
  /** A cell is a list of items: one line each in Markdown (joined by <br>), "; "-joined in text. */
  cell(row: TaskRow): string[];
}

const COLUMNS = {
  resource: { title: "Resource", cell: (r: TaskRow) => [r.name] },
  task: { title: "Task", cell: (r: TaskRow) => [`${r.vendor} ${r.kind}`] },
  identity: { title: "Identity", cell: (r: TaskRow) => [r.identity] },
  handover: { title: "Handover", cell: (r: TaskRow) => (r.handover ? [HANDOVER_TEXT[r.handover]] : []) },
  forcedBy: { title: "Forced by", cell: (r: TaskRow) => [r.forcedBy?.length ? r.forcedBy.join(", ") : "(not reported)"] },
  changes: { title: "Changes", cell: (r: TaskRow) => r.changes.map((c) => `${c.name}: ${c.old} → ${c.new}`) },
  notes: { title: "Notes", cell: (r: TaskRow) => r.notes },
} satisfies Record<string, Column>;

export function columnsFor(impact: Impact, rows: readonly TaskRow[]): Column[] {
  const cols: Column[] = [COLUMNS.resource, COLUMNS.task, COLUMNS.identity];
  if (impact === "interrupt") cols.push(COLUMNS.handover, COLUMNS.forcedBy);
  if (impact === "interrupt" || impact === "change") cols.push(COLUMNS.changes);
  if (rows.some((r) => r.notes.length)) cols.push(COLUMNS.notes);
  return cols;
}

/** The report's rows by impact, in IMPACT_ORDER, leaving out impacts with no row. */
export function sections(report: Report): [Impact, TaskRow[]][] {
  return IMPACT_ORDER.map((impact): [Impact, TaskRow[]] => [impact, report.rows.filter((r) => r.impact === impact)]).filter(
    ([, rows]) => rows.length > 0,
  );
}
