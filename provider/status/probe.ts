import { redactor } from "../lifecycle/redact";
import { renderValue } from "../report/renderValue";
import { redact, SECRET_MARKER } from "../report/secrets";
import { urnName } from "../report/urn";
import { TASK_TYPE_PREFIX } from "../report/taskTypes";
import { titleOf, vendorNameOf, type Hint, type State, type TaskKind } from "../tasks/kind";
import { isOnAir } from "../tasks/liveStatus";
import { kinds } from "../tasks/registry";
import type { StackTask } from "./stack";

/** One row of `rtc-tasks status`: a task of the stack, and what its vendor says about it now. */
export interface StatusRow {
  /** The resource's name in the program. */
  resource: string;
  urn: string;
  /** "Volcengine mixed relay to CDN". */
  kind: string;
  /** The task's identity, secrets masked ("app/room/task"). */
  identity: string;
  /** The vendor's status ("running", "ended"...); absent where the vendor has no read call. */
  status?: string;
  /** The push to the CDN, where the vendor reports one. */
  pushStatus?: string;
  /** When the vendor started it (ISO 8601), as it says. */
  startTime?: string;
  stopReason?: string;
  /** On air: running, and pushing where a push is reported. Absent when it cannot be known. */
  onAir?: boolean;
  /** What cannot be known, or what went wrong asking. */
  note?: string;
  /** What a vendor without a read call does offer: never a status. */
  hint?: Hint;
}

export interface StatusReport {
  stack?: string;
  checkedAt: string;
  rows: StatusRow[];
  counts: { onAir: number; notOnAir: number; unknown: number };
}

/** Asks the vendors about every task, at once (each vendor client keeps to its own rate). */
export async function probe(tasks: readonly StackTask[], stack: string | undefined, mask: (text: string) => string): Promise<StatusReport> {
  const rows = await Promise.all(tasks.map((t) => rowOf(t, mask)));
  rows.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : a.urn < b.urn ? -1 : 1));
  const counts = {
    onAir: rows.filter((r) => r.onAir === true).length,
    notOnAir: rows.filter((r) => r.onAir === false).length,
    unknown: rows.filter((r) => r.onAir === undefined).length,
  };
  return { stack, checkedAt: new Date().toISOString(), rows, counts };
}

async function rowOf(task: StackTask, mask: (text: string) => string): Promise<StatusRow> {
  const type = task.type.slice(TASK_TYPE_PREFIX.length);
  const kind = kinds.get(type);
  const base = { resource: urnName(task.urn), urn: task.urn };
  if (!kind) return { ...base, kind: type, identity: "(unknown kind)", note: "a task kind this rtc-tasks does not know: upgrade it" };
  const row: StatusRow = { ...base, kind: titleOf(kind), identity: identityOf(kind, task.shown) };
  // Every message is scrubbed of the task's secrets and of credentials before it is shown.
  const ctx = { redact: (text: string) => mask(redact(redactor(kind.secretInputs.map((k) => task.values[k]))(text))) };
  if (!kind.read) {
    row.note = `${vendorNameOf(kind)} has no call that reads a ${kind.name} back: its status cannot be known`;
    if (kind.hint)
      row.hint = await kind
        .hint(ctx, task.values)
        .catch((e: unknown) => ({ source: kind.actions.hint!, text: `unavailable: ${ctx.redact(messageOf(e))}` }));
    return row;
  }
  try {
    const reading = await kind.read(ctx, task.values);
    const live = reading.live;
    if (live) {
      row.status = live.taskStatus;
      if (live.pushStatus) row.pushStatus = live.pushStatus;
      if (live.taskStartTime) row.startTime = live.taskStartTime;
      if (live.stopReason) row.stopReason = live.stopReason;
    }
    if (reading.status === "unknown")
      row.note = `${vendorNameOf(kind)} reads back only tasks started in the last 72 hours: it may still run`;
    else row.onAir = isOnAir(kind, live);
    if (live?.taskStatus === "running" && !row.onAir) row.note = "not on air: it runs, but does not push to its CDN";
    if (reading.status === "gone") row.note = "ended at the vendor: the next `pulumi up` starts it again";
  } catch (e) {
    row.onAir = false; // a gate must not pass on a task nobody could see
    row.note = `could not read it: ${ctx.redact(messageOf(e))}`;
  }
  if (task.shown.startUnconfirmed)
    row.note = [row.note, "its start is unconfirmed in state (`pulumi up` settles it)"].filter(Boolean).join("; ");
  return row;
}

/** The kind's identity fields, secrets masked: "app/room/task". */
function identityOf(kind: TaskKind, s: State): string {
  return kind.identity.map((f) => (s[f] === undefined ? "?" : kind.secretInputs.includes(f) ? SECRET_MARKER : renderValue(s[f]))).join("/");
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
