import { canonicalJson, isPlainObject, own } from "../util/values";

/** Pulumi's placeholder for a value not known until apply, as a dynamic provider receives it. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Change {
  /** The keys leading to the changed value, e.g. ["layout", "customLayout", "regions"]. */
  keys: string[];
  /** The same, for people: "layout.customLayout.regions". */
  path: string;
  /** The new value is not known yet (preview). */
  unknown: boolean;
}

/**
 * The places where `news` differs from `olds`. Objects are compared key by key, so a change is
 * placed as deep as it goes; arrays and scalars are compared whole (vendors replace lists whole).
 * Paths are kept as key lists: user keys may be empty or contain dots.
 */
export function changedPaths(olds: unknown, news: unknown, keys: string[] = []): Change[] {
  const change = (unknown: boolean): Change[] => [{ keys, path: keys.join("."), unknown }];
  if (news === UNKNOWN) return change(true);
  if (
    (isPlainObject(olds) || olds === undefined) &&
    (isPlainObject(news) || news === undefined) &&
    (olds !== undefined || news !== undefined)
  ) {
    const o = (olds ?? {}) as Record<string, unknown>;
    const n = (news ?? {}) as Record<string, unknown>;
    const out: Change[] = [];
    for (const k of new Set([...Object.keys(o), ...Object.keys(n)])) out.push(...changedPaths(own(o, k), own(n, k), [...keys, k]));
    return out;
  }
  if (containsUnknown(news)) return change(true);
  return sameValue(olds, news) ? [] : change(false);
}

export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (typeof v === "string") return v.includes(UNKNOWN);
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isPlainObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** Paths (as key lists) that hold an unknown value, for leaving them out of validation. */
export function unknownPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === UNKNOWN) return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => unknownPaths(x, [...at, i]));
  if (isPlainObject(v)) return Object.entries(v).flatMap(([k, x]) => unknownPaths(x, [...at, k]));
  return [];
}

function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** True when the change lies inside one of the dotted `prefixes` (equal, or a descendant). */
export function covered(change: Change, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => {
    const parts = p.split(".");
    return parts.length <= change.keys.length && parts.every((part, i) => change.keys[i] === part);
  });
}

export const topLevel = (change: Change): string => change.keys[0] ?? "";

/** Drops undefined everywhere: the engine cannot carry it ("Unexpected struct type"). */
export function jsonClean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
