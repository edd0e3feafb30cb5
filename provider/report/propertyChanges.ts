import { canonicalJson, isPlainObject } from "../util/values";
import type { PreviewStep, ResourceState } from "./digest";
import type { PropertyChange } from "./model";
import { renderValue } from "./renderValue";
import { inputOf, isHidden, propOf, secretKeys } from "./resourceState";
import { isSecretValue, SECRET_MARKER } from "./secrets";

/**
 * The changed properties of an update or replacement, old value → new value. Dynamic providers
 * return no `diffs`/`detailedDiff` (pkg/display/json.go), so the inputs are diffed here as well.
 */
export function propertyChanges(
  step: PreviewStep,
  oldState: ResourceState | null | undefined,
  newState: ResourceState | null | undefined,
): PropertyChange[] {
  const reported = [
    ...(step.replaceReasons ?? []),
    ...(step.keys ?? []),
    ...(step.diffReasons ?? []),
    ...(step.diffs ?? []),
    ...Object.keys(step.detailedDiff ?? {}),
  ].map(topLevelKey);
  // Dynamic providers report no changed keys for in-place updates, so diff the inputs as well.
  const keys = [...new Set([...reported, ...changedInputKeys(oldState, newState)])].filter((k) => !isHidden(k));
  const secrets = secretKeys(oldState, newState);
  return keys.flatMap((name) => {
    const oldValue = oldState ? propOf(oldState, name, "outputs") : undefined;
    const newValue = inputOf(newState, name);
    if (secrets.has(name)) {
      return [
        {
          name,
          old: oldValue !== undefined ? SECRET_MARKER : renderValue(oldValue),
          new: newValue !== undefined ? SECRET_MARKER : renderValue(newValue),
        },
      ];
    }
    return leafChanges(name, oldValue, newValue);
  });
}

/** Beyond this many changed values inside one property, the property is shown whole. */
const MAX_LEAVES = 6;

/**
 * A nested property is shown by the values that changed inside it (`layout.customLayout.canvas.background:
 * #000000 → #203040`): whole values are cut at NESTED_MAX characters, which could hide the change.
 */
function leafChanges(name: string, oldValue: unknown, newValue: unknown): PropertyChange[] {
  const leaves: [string, unknown, unknown][] = [];
  collectLeaves(name, oldValue, newValue, leaves);
  if (leaves.length === 0 || leaves.length > MAX_LEAVES) {
    return [{ name, old: renderValue(oldValue), new: renderValue(newValue) }];
  }
  return leaves.map(([path, o, n]) => ({ name: path, old: renderValue(o), new: renderValue(n) }));
}

function collectLeaves(path: string, a: unknown, b: unknown, out: [string, unknown, unknown][]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  if (isOpenObject(a) && isOpenObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) collectLeaves(childPath(path, key), a[key], b[key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) collectLeaves(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  out.push([path, a, b]);
}

/** An object to look inside: a secret-wrapped value is one value, shown only as masked. */
function isOpenObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !isSecretValue(value);
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function changedInputKeys(oldState: ResourceState | null | undefined, newState: ResourceState | null | undefined): string[] {
  const news = newState?.inputs;
  if (!oldState || !news) return [];
  // Without old inputs, compare against old outputs, but only for keys the program sets.
  const olds = oldState.inputs ?? oldState.outputs ?? {};
  const keys = oldState.inputs ? [...new Set([...Object.keys(olds), ...Object.keys(news)])] : Object.keys(news);
  return keys.filter((k) => canonicalJson(olds[k]) !== canonicalJson(news[k]));
}

/**
 * Top-level property of a Pulumi property path: `a.b[0]` → `a`, `["a.b"].c` → `a.b`.
 */
export function topLevelKey(path: string): string {
  const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(path);
  if (quoted) {
    try {
      return JSON.parse(`"${quoted[1]}"`) as string;
    } catch {
      return quoted[1]!;
    }
  }
  const end = path.search(/[.[]/);
  return end > 0 ? path.slice(0, end) : path;
}
