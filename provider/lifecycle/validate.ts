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
  let result: ReturnType<z.ZodType["safeParse"]>;
  try {
    result = schema.safeParse(inputs);
  } catch {
    return unreadable(schema, inputs);
  }
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
    failures.push({
      property: property || "(inputs)",
      reason: `${property ? `${property}: ` : ""}${missing ? "is required" : reason(issue)}`,
    });
  }
  return failures;
}

function reason(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return issue.message;
}

/** ["layout", "regions", 0, "width"] -> "layout.regions[0].width" */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${k}` : k), "");
}

function valueAt(v: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((x, k) => (x !== null && typeof x === "object" ? (x as Record<string | number, unknown>)[k] : undefined), v);
}

/**
 * zod can throw instead of answering when a value is not what it claims: a length check on an object
 * whose `length` is not a number prints that value, and a `toString` key that is no function makes
 * printing throw. Such input is still the user's to fix, so name it: validate each top-level property
 * on its own and report the ones that throw.
 */
function unreadable(schema: z.ZodType, inputs: Inputs): Failure[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const failures: Failure[] = [];
  for (const [key, value] of Object.entries(inputs)) {
    try {
      shape[key]?.safeParse(value);
    } catch {
      failures.push({ property: key, reason: `${key}: is not a valid value (an object where a list or a plain value belongs)` });
    }
  }
  return failures.length > 0 ? failures : [{ property: "(inputs)", reason: "the inputs could not be read as this task's properties" }];
}
