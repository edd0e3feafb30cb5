import type { z } from "zod";
import type { Inputs } from "../tasks/kind";
import { unknownPaths } from "./changes";

export interface Failure {
  property: string;
  reason: string;
}

/**
 * Runs a kind's schema and answers with one failure per bad property, named by its path. Values
 * Pulumi does not know yet (preview) are left out: they are checked again when known.
 */
export function validate(schema: z.ZodType, inputs: Inputs): Failure[] {
  const result = schema.safeParse(inputs);
  if (result.success) return [];
  const unknown = unknownPaths(inputs).map((p) => p.join("\u0000"));
  const seen = new Set<string>();
  const failures: Failure[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
    const key = path.join("\u0000");
    if (unknown.some((u) => key === u || key.startsWith(`${u}\u0000`))) continue;
    const property = formatPath(path);
    if (seen.has(property)) continue;
    seen.add(property);
    const missing = issue.code === "invalid_type" && valueAt(inputs, path) === undefined;
    failures.push({ property: property || "(inputs)", reason: `${property ? `${property}: ` : ""}${missing ? "is required" : reason(issue)}` });
  }
  return failures;
}

function reason(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return issue.message;
}

/** ["layout", "regions", 0, "width"] -> "layout.regions[0].width" */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${k}` : k), "");
}

function valueAt(v: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((x, k) => (x !== null && typeof x === "object" ? (x as Record<string | number, unknown>)[k] : undefined), v);
}
