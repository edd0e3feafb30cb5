import { kinds } from "../tasks/registry";
import { VENDOR_NAMES } from "../vendors/vendor";
import type { Change } from "./grouping";
import { urnType } from "./urn";

export const TASK_TYPE_PREFIX = "pulumi-nodejs:dynamic/rtc:";

export interface TaskTypeInfo {
  readonly vendor: string;
  readonly kind: string;
  /** Fields naming the live task at the vendor, in display order. */
  readonly identity: readonly string[];
}

/** How the report names a task type: from the kind's own declaration (tasks/registry.ts). */
export function taskTypeInfo(type: string): TaskTypeInfo {
  const kind = kinds.get(type);
  return kind
    ? { vendor: VENDOR_NAMES[kind.vendor], kind: kind.name, identity: kind.identity }
    : { vendor: "unknown vendor", kind: type, identity: [] };
}

/** The `rtc:` type name if this change concerns one of our task resources. */
export function taskTypeOf(change: Change): string | undefined {
  for (const step of change.steps) {
    const type = step.newState?.type ?? step.oldState?.type ?? urnType(step.urn);
    if (type.startsWith(TASK_TYPE_PREFIX)) return type.slice(TASK_TYPE_PREFIX.length);
  }
  return undefined;
}
