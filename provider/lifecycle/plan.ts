import { outputKeysOf, type Inputs, type State, type TaskKind } from "../tasks/kind";
import { STATUS_OUTPUT_KEYS } from "../tasks/liveStatus";
import { changedPaths, containsUnknown, covered, topLevel, type Change } from "./changes";

/**
 * Inputs that only this package reads: changing them never touches a running task, and never shows
 * as a change (a rename, a move into a component, a new stack name, `adopt`).
 */
export const LOCAL_INPUTS = ["__logicalName", "__stack", "__generation", "adopt"];
/**
 * Outputs the lifecycle keeps for itself: whether a start is confirmed, when the task started, and
 * when a refresh found that it had ended at the vendor.
 */
export const LIFECYCLE_OUTPUTS = ["startUnconfirmed", "startedAt", "endedAt"];

/** The user-declared part of inputs or state, the part diffs compare: never the status outputs, which are the vendor's. */
export function declared(kind: TaskKind, v: State): Inputs {
  const notDeclared = new Set(["__provider", ...outputKeysOf(kind), ...LIFECYCLE_OUTPUTS, ...STATUS_OUTPUT_KEYS]);
  // fromEntries makes own properties even of keys such as "__proto__".
  return Object.fromEntries(Object.entries(v).filter(([k]) => !notDeclared.has(k)));
}

export interface Plan {
  /** Changes the vendor would see; local inputs are left out. */
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
  const changes = changedPaths(declared(kind, olds), declared(kind, news)).filter((c) => !LOCAL_INPUTS.includes(topLevel(c)));
  const updatable = kind.updatable?.(news, olds) ?? [];
  const inPlace = changes.filter((c) => covered(c, updatable));
  const replaces = [...new Set(changes.filter((c) => !covered(c, updatable)).map(topLevel))].sort();
  // A task that ended at the vendor is started again as a new task, under names of its own: a
  // vendor may not take a task id again once its task has ended.
  if (olds.endedAt !== undefined) replaces.unshift(ENDED);
  return { changes, inPlace, replaces, deleteBeforeReplace: replaces.length > 0 && mustStopFirst(kind, olds, news) };
}

/** The replacement reason of a task that ended at the vendor, as the engine and the report show it. */
export const ENDED = "endedAt";

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
