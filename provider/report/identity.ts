import type { ResourceState } from "./digest";
import { KNOWN_AFTER_APPLY, renderValue } from "./renderValue";
import { propOf, secretKeys } from "./resourceState";
import { SECRET_MARKER } from "./secrets";
import type { TaskTypeInfo } from "./taskTypes";

/** Which state(s) name the task: the old one (stop), the new one (start), or both (update, replace). */
export type Side = "old" | "new" | "update" | "replace";

/** The task's identity as shown in a row, e.g. "app/room/task" or "app/room/t1 → app/room/t2". */
export function identityText(
  info: TaskTypeInfo,
  oldState: ResourceState | null | undefined,
  newState: ResourceState | null | undefined,
  side: Side,
): string {
  const oldId = oldState ? identityOf(info, oldState, "old") : undefined;
  if (side === "old") return oldId ?? "(unknown)";
  // An update keeps the task: fields missing from the new inputs (server-made ids) stay as they were.
  const newId = newState ? identityOf(info, newState, side === "update" ? "keep" : "new", oldState) : undefined;
  if (side === "new") return newId ?? "(unknown)";
  if (oldId === undefined || newId === undefined) return oldId ?? newId ?? "(unknown)";
  return oldId === newId ? oldId : `${oldId} → ${newId}`;
}

function identityOf(
  info: TaskTypeInfo,
  state: ResourceState,
  mode: "old" | "new" | "keep",
  previous?: ResourceState | null,
): string | undefined {
  const secrets = secretKeys(state, previous);
  const fields = info.identity.map((field) => {
    let value = mode === "old" ? propOf(state, field, "outputs") : propOf(state, field, "inputs");
    if (value === undefined && mode === "keep" && previous) value = propOf(previous, field, "outputs");
    if (value === undefined) return mode === "old" ? undefined : KNOWN_AFTER_APPLY;
    return secrets.has(field) ? SECRET_MARKER : renderValue(value);
  });
  if (fields.length && fields.some((f) => f !== undefined && f !== KNOWN_AFTER_APPLY)) {
    return fields.map((f) => f ?? "?").join("/");
  }
  return state.id ? renderValue(state.id) : fields.length ? fields.map((f) => f ?? "?").join("/") : undefined;
}
