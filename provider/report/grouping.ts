import type { PreviewStep } from "./digest";

/**
 * Without `--show-replacement-steps` a replacement is one logical `replace` step; with it, the
 * engine adds `create-replacement` and `delete-replaced` (pkg/display/json.go). Either way it is one change.
 */
const REPLACEMENT_OPS: ReadonlySet<string> = new Set(["replace", "create-replacement", "delete-replaced"]);

/** One logical change of one resource: a single step, or a replacement's steps gathered by URN. */
export interface Change {
  urn: string;
  op: string;
  steps: PreviewStep[];
  /** Index of each step in the digest, to compare delete/create order. */
  indexes: number[];
}

export function groupChanges(steps: readonly PreviewStep[]): Change[] {
  const out: Change[] = [];
  const replacements = new Map<string, Change>();
  steps.forEach((step, index) => {
    if (!REPLACEMENT_OPS.has(step.op)) {
      out.push({ urn: step.urn, op: step.op, steps: [step], indexes: [index] });
      return;
    }
    const existing = replacements.get(step.urn);
    if (existing) {
      existing.steps.push(step);
      existing.indexes.push(index);
      return;
    }
    const change: Change = { urn: step.urn, op: "replace", steps: [step], indexes: [index] };
    replacements.set(step.urn, change);
    out.push(change);
  });
  return out;
}

/** Where the change's step with this op sits in the digest's steps array. */
export function positionOf(change: Change, op: string): number | undefined {
  const i = change.steps.findIndex((s) => s.op === op);
  return i < 0 ? undefined : change.indexes[i];
}
