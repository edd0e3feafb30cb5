import { randomBytes } from "node:crypto";
import type { Inputs, State, TaskKind } from "../tasks/kind";
import { changedPaths, containsUnknown, covered, topLevel, type Change } from "./changes";

/** Inputs that only this package reads: changing them never touches a running task. */
const LOCAL_INPUTS = ["__logicalName", "adopt"];
/** Outputs the lifecycle keeps for itself: whether a start is confirmed, and when the task started. */
export const LIFECYCLE_OUTPUTS = ["startUnconfirmed", "startedAt"];

/** The user-declared part of inputs or state, the part diffs compare. */
export function declared(kind: TaskKind, v: State): Inputs {
  // fromEntries makes own properties even of keys such as "__proto__".
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "__provider" && !kind.outputKeys.includes(k) && !LIFECYCLE_OUTPUTS.includes(k)));
}

export interface Plan {
  changes: Change[];
  /** Changes the vendor applies to the running task. */
  inPlace: Change[];
  /** Top-level properties whose change forces a new task. */
  replaces: string[];
  /** The old task must stop before the new one starts. */
  deleteBeforeReplace: boolean;
}

/** Decides, once for every kind, what moving from `olds` to `news` does to a live task. */
export function plan(kind: TaskKind, olds: State, news: Inputs): Plan {
  const changes = changedPaths(declared(kind, olds), declared(kind, news));
  const updatable = kind.updatable?.(news, olds) ?? [];
  const vendorChanges = changes.filter((c) => !LOCAL_INPUTS.includes(topLevel(c)));
  const inPlace = vendorChanges.filter((c) => covered(c, updatable));
  const replaces = [...new Set(vendorChanges.filter((c) => !covered(c, updatable)).map(topLevel))].sort();
  return { changes, inPlace, replaces, deleteBeforeReplace: replaces.length > 0 && mustStopFirst(kind, olds, news) };
}

/** True when the old and the new task may share a clash key, so the old one must stop first. */
function mustStopFirst(kind: TaskKind, olds: State, news: Inputs): boolean {
  try {
    const oldKeys = new Set(kind.clashKeys(olds));
    // An unknown key might turn out equal: stopping first is the only order that cannot clash.
    return kind.clashKeys(news).some((k) => containsUnknown(k) || oldKeys.has(k));
  } catch {
    // Inputs a kind cannot read (diff of something check refused): take the order that cannot clash.
    return true;
  }
}

/**
 * Pulumi's auto-naming: keep the name a task already has, unless the change replaces the task; a
 * replacement gets a fresh name so that it can start before the old task stops.
 */
export function autoName(kind: TaskKind, olds: Inputs, news: Inputs): string {
  const { field, maxLength, disallowed } = kind.autoName!;
  const previous = olds[field];
  if (typeof previous === "string" && olds.__logicalName === news.__logicalName && plan(kind, olds, { ...news, [field]: previous }).replaces.length === 0) {
    return previous;
  }
  const base = (typeof news.__logicalName === "string" ? news.__logicalName : "task").replace(disallowed, "-").slice(0, maxLength - 8);
  return `${base}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}
