import type { LiveStatus, OutputSpec, State, TaskKind } from "./kind";

/**
 * The status outputs: what the vendor says about a task, declared once for every kind that can read
 * its task back (a kind without a read call gets none, rather than values nobody checked). Refresh
 * fills them (`pulumi refresh`, `pulumi up --refresh`); they are the vendor's, not the program's, so
 * they never make a diff (lifecycle/plan.ts leaves them out of what it compares).
 */
const STATUS_OUTPUTS = {
  taskStatus: {
    type: "string",
    optional: true,
    doc: 'The task\'s status at the vendor when refresh last read it (absent until one does): "running", "starting", "ended", "failed" or "unknown" (the vendor could not say, e.g. a task older than its read window).',
  },
  pushStatus: {
    type: "string",
    optional: true,
    doc: 'How the push to the CDN stood when refresh last read it, while the task runs: "not-pushing" (nobody publishes yet), "connecting", "reconnecting", "connected", "pushing", "stopped" or "unknown".',
  },
  taskStartTime: { type: "string", optional: true, doc: "When the vendor started the task (ISO 8601), as refresh last read it." },
  taskEndTime: { type: "string", optional: true, doc: "When the task ended at the vendor (ISO 8601); absent while it runs." },
  stopReason: {
    type: "string",
    optional: true,
    doc: "Why the task stopped, in the vendor's words (e.g. IdleTimeOut, StopByAPI, StartTaskFailed, ExceedMaxRunningTime); absent while it runs.",
  },
} as const satisfies Record<keyof LiveStatus, OutputSpec>;

/** Every status output key, for leaving them out of diffs and carrying them over. */
export const STATUS_OUTPUT_KEYS: readonly string[] = Object.keys(STATUS_OUTPUTS);

/** The status outputs a kind has: none without a read call, and a push status only where the vendor reports one. */
export function statusOutputsOf(kind: Pick<TaskKind, "readBack">): Readonly<Record<string, OutputSpec>> {
  if (!kind.readBack) return {};
  const { pushStatus, ...rest } = STATUS_OUTPUTS;
  return kind.readBack.pushStatus ? { ...rest, pushStatus } : rest;
}

/** The status outputs for what the vendor said: only the kind's keys, only those it said. */
export function statusOutputs(kind: Pick<TaskKind, "readBack">, live: LiveStatus | undefined): State {
  const out: State = {};
  if (!live) return out;
  for (const key of Object.keys(statusOutputsOf(kind))) {
    const v = live[key as keyof LiveStatus];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** State without its status outputs: they describe one read, and the next replaces them whole. */
export function withoutStatus(s: State): State {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !STATUS_OUTPUT_KEYS.includes(k)));
}

/**
 * The two questions about a push, answered in one place. On air (the status command's gate): the
 * task runs and, where the vendor reports a push, pushes. Failing (refresh's warning): a push the
 * vendor retries or gave up on; one not yet connected, or with nobody publishing, is not a failure.
 */
export function isOnAir(kind: Pick<TaskKind, "readBack">, live: LiveStatus | undefined): boolean {
  return live?.taskStatus === "running" && (!kind.readBack?.pushStatus || live.pushStatus === "pushing");
}

export function pushFailing(pushStatus: LiveStatus["pushStatus"]): boolean {
  return pushStatus === "reconnecting" || pushStatus === "stopped";
}
