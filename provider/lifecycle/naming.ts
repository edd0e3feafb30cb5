import type { AutoName, Inputs, TaskKind } from "../tasks/kind";
import { plan } from "./plan";
import { sha256Hex } from "../util/values";

/**
 * Names for what a task kind lets the caller name (Volcengine task ids and public stream ids, the
 * Tencent robot user), filled in Pulumi's way when the program leaves them out, but derived, never
 * drawn: `<resource name>-<8 hex digits>`, where the digits hash the project and stack, the kind,
 * the resource name and a replacement generation kept in state. So a create that runs again after
 * a killed `pulumi up` asks the vendor for the same task, and two stacks of one program never share
 * a name. A name once in state is kept: renames, aliases and re-parenting change nothing.
 */

/** Where the program side puts what the derivation needs (set by the resource classes). */
export const NAMING_INPUTS = { stack: "__stack", name: "__logicalName", generation: "__generation" } as const;

/**
 * Fills every auto-named field the program left out, and the generation the names were derived
 * at. A field keeps its old value unless the change replaces the task; then the generation grows,
 * so the new task gets names of its own and can start before the old one stops.
 */
export function fillAutoNames(kind: TaskKind, olds: Inputs, news: Inputs): Inputs {
  const rules = kind.autoNames ?? [];
  const missing = rules.filter((r) => news[r.field] === undefined);
  if (missing.length === 0) return news;
  const out: Inputs = { ...news };
  if (olds.__kind === undefined) {
    // No old inputs: a new resource, or the engine checking a replacement again without them.
    const decided = replacements.get(replacementKey(kind, news));
    if (decided && Date.now() - decided.at < DECISION_TTL_MS) return { ...out, ...decided.names };
    for (const r of missing) out[r.field] = deriveName(kind, r, out, 0);
    out[NAMING_INPUTS.generation] = 0;
    return out;
  }
  const kept = (r: AutoName) => (typeof olds[r.field] === "string" ? (olds[r.field] as string) : undefined);
  // What the task would be with every missing name kept from the old one.
  const keptAll = { ...out, ...Object.fromEntries(missing.map((r) => [r.field, kept(r)])) };
  const replaced = plan(kind, olds, keptAll).replaces.length > 0;
  const generation = generationOf(olds) + (replaced ? 1 : 0);
  for (const r of missing) {
    const previous = kept(r);
    out[r.field] = previous !== undefined && (!replaced || r.stable) ? previous : deriveName(kind, r, out, generation);
  }
  out[NAMING_INPUTS.generation] = generation;
  if (replaced)
    replacements.set(replacementKey(kind, news), {
      at: Date.now(),
      names: Object.fromEntries([...missing.map((r) => [r.field, out[r.field]]), [NAMING_INPUTS.generation, generation]]),
    });
  return out;
}

/**
 * Names decided for replacements, for the engine's second check. For a replacement the engine
 * checks the new inputs twice in a row, in this process: once with the old inputs (where this
 * module sees the generation and decides), then again without them, "to recompute defaults"
 * (pkg/resource/deploy/step_generator.go in pulumi/pulumi); that second answer is what it creates.
 * Both checks see the same declared inputs, which key the decision; only the same resource, in the
 * same deployment, declares exactly those, and the second check follows within milliseconds.
 */
const replacements = new Map<string, { at: number; names: Inputs }>();
const DECISION_TTL_MS = 60_000;

function replacementKey(kind: TaskKind, news: Inputs): string {
  const declared = Object.fromEntries(
    Object.entries(news)
      .filter(([k, v]) => k !== "__provider" && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return `${kind.type}\u0000${JSON.stringify(declared)}`;
}

/** The name a field gets at a generation: a pure function of what identifies the resource. */
export function deriveName(kind: TaskKind, rule: AutoName, inputs: Inputs, generation: number): string {
  const logical = typeof inputs[NAMING_INPUTS.name] === "string" ? (inputs[NAMING_INPUTS.name] as string) : "task";
  const base = `${rule.prefix ?? ""}${logical}`.replace(rule.disallowed, "-");
  if (rule.stable) return base.slice(0, rule.maxLength);
  const stack = typeof inputs[NAMING_INPUTS.stack] === "string" ? (inputs[NAMING_INPUTS.stack] as string) : "";
  const digest = sha256Hex([stack, kind.type, rule.field, logical, String(generation)].join("\n")).slice(0, 8);
  return `${base.slice(0, rule.maxLength - 9)}-${digest}`;
}

/**
 * True when every auto-named field holds the name this stack derives for the resource: the task
 * is this resource's own, so finding it already running means an earlier start of ours ran (a
 * killed `pulumi up`), not that someone else's task holds the name.
 */
export function ownsIdentity(kind: TaskKind, inputs: Inputs): boolean {
  const rules = (kind.autoNames ?? []).filter((r) => !r.stable);
  if (rules.length === 0 || typeof inputs[NAMING_INPUTS.stack] !== "string") return false;
  const generation = generationOf(inputs);
  return rules.every((r) => inputs[r.field] === deriveName(kind, r, inputs, generation));
}

function generationOf(v: Inputs): number {
  const g = v[NAMING_INPUTS.generation];
  return typeof g === "number" && Number.isSafeInteger(g) && g >= 0 ? g : 0;
}
