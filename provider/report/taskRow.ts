/**
 * The analysis of one change of a task resource into a report row: its impact, its identity, what
 * changed, and for a replacement the handover and the properties that forced it.
 */
import { asObject } from "../util/values";
import type { PreviewStep, ResourceState } from "./digest";
import { positionOf, type Change } from "./grouping";
import { identityText } from "./identity";
import type { Handover, TaskRow } from "./model";
import { propertyChanges, topLevelKey } from "./propertyChanges";
import { isHidden } from "./resourceState";
import { taskTypeInfo, type TaskTypeInfo } from "./taskTypes";
import { urnName } from "./urn";

type RowBase = Pick<TaskRow, "urn" | "name" | "type" | "vendor" | "kind">;

export const ENDED_NOTE = "ended at the vendor since the last update (found by refresh): starts again";

/** The replacement reason the provider gives for a task that ended at the vendor (lifecycle/plan.ts). */
const ENDED_REASON = "endedAt";

/**
 * The row for a change of a task resource of this `rtc:` type; undefined when it has no effect.
 * `refreshed`: the preview read the resource first (--refresh), so a create means it ended at the vendor.
 */
export function taskRow(change: Change, type: string, refreshed: boolean): TaskRow | undefined {
  const info = taskTypeInfo(type);
  const base: RowBase = { urn: change.urn, name: urnName(change.urn), type, vendor: info.vendor, kind: info.kind };
  const step = change.steps[0]!;
  switch (change.op) {
    case "create": {
      const identity = identityText(info, undefined, step.newState, "new");
      const notes = refreshed ? [ENDED_NOTE] : [];
      return { ...base, impact: "start", identity, changes: [], notes };
    }
    case "delete": {
      const identity = identityText(info, step.oldState, undefined, "old");
      return { ...base, impact: "stop", identity, changes: [], notes: stopNotes(step.oldState) };
    }
    case "update":
      return {
        ...base,
        impact: "change",
        identity: identityText(info, step.oldState, step.newState, "update"),
        changes: propertyChanges(step, step.oldState, step.newState),
        notes: [],
      };
    case "replace":
      return replacementRow(change, info, base);
    default:
      return undefined;
  }
}

function replacementRow(change: Change, info: TaskTypeInfo, base: RowBase): TaskRow {
  const logical = change.steps.find((s) => s.op === "replace");
  const oldState = logical?.oldState ?? change.steps.find((s) => s.oldState)?.oldState;
  const newState = logical?.newState ?? change.steps.find((s) => s.op === "create-replacement")?.newState;
  const reasonStep = logical ?? change.steps[0]!;
  if (change.steps.some((s) => (s.replaceReasons ?? []).includes(ENDED_REASON))) {
    // The provider replaces a task that ended at the vendor (refresh found it): nothing runs to interrupt.
    return { ...base, impact: "start", identity: identityText(info, undefined, newState, "new"), changes: [], notes: [ENDED_NOTE] };
  }
  const notes: string[] = [];
  if (oldState?.retainOnDelete) notes.push("old task is retained on delete: it keeps running beside the new one");
  return {
    ...base,
    impact: "interrupt",
    identity: identityText(info, oldState, newState, "replace"),
    changes: propertyChanges(reasonStep, oldState, newState),
    handover: handoverOf(change, oldState),
    forcedBy: forcedBy(change),
    notes,
  };
}

/**
 * Delete-before-replace vs create-before-delete. With --show-replacement-steps the step order
 * tells; otherwise the engine has already marked the old state when it emits `replace`:
 * CreateStep.Apply sets old.Delete, DeleteStep.Apply sets old.PendingReplacement, both before the
 * logical ReplaceStep (pkg/resource/deploy/step.go, step_generator.go). Checked against CLI v3.259.0.
 */
function handoverOf(change: Change, oldState: ResourceState | null | undefined): Handover {
  const explicit = change.steps.find((s) => typeof s.deleteBeforeReplace === "boolean");
  if (explicit) return explicit.deleteBeforeReplace ? "goes-dark" : "hands-over";
  const del = positionOf(change, "delete-replaced");
  const create = positionOf(change, "create-replacement");
  if (del !== undefined && create !== undefined) return del < create ? "goes-dark" : "hands-over";
  if (oldState?.pendingReplacement) return "goes-dark";
  if (oldState?.delete) return "hands-over";
  return "unknown";
}

/**
 * The properties that forced the replacement: the provider's reasons, else the engine's diff.
 * Dynamic providers return no diffs, so only `replaceReasons` (the provider's `replaces`) is reliable.
 */
function forcedBy(change: Change): string[] {
  const pick = (f: (s: PreviewStep) => readonly string[] | null | undefined) =>
    [...new Set(change.steps.flatMap((s) => f(s) ?? []).map(topLevelKey))].filter((k) => !isHidden(k));
  const replaceKeys = pick((s) => [...(s.replaceReasons ?? []), ...(s.keys ?? [])]);
  if (replaceKeys.length) return replaceKeys;
  const diffKeys = pick((s) => [...(s.diffReasons ?? []), ...(s.diffs ?? [])]);
  if (diffKeys.length) return diffKeys;
  return pick((s) =>
    Object.entries(s.detailedDiff ?? {})
      .filter(([, d]) => isReplaceKind(d))
      .map(([k]) => k),
  );
}

/** detailedDiff entries are {kind, inputDiff}; engine events spell it diffKind. */
function isReplaceKind(diff: unknown): boolean {
  const entry = asObject(diff);
  const k = entry?.["kind"] ?? entry?.["diffKind"];
  return typeof k === "string" && k.endsWith("-replace");
}

function stopNotes(oldState: ResourceState | null | undefined): string[] {
  return oldState?.retainOnDelete ? ["retainOnDelete: the task keeps running; Pulumi only forgets it"] : [];
}
