import type { Inputs, TaskKind } from "../tasks/kind";
import { canonicalJson, isPlainObject, own } from "../util/values";
import { vendorModels, type FieldSpec, type VendorModel } from "../vendors/model";
import { changedPaths, type Change } from "./changes";
import { INTERNAL_INPUTS, vendorKey } from "../tasks/kind";

/**
 * Drift: what the vendor runs, compared with what state says the program declared. One decision for
 * every kind; a kind only says what its read call answers (`readBack`: the model type, so the
 * vendor's documented defaults are known).
 *
 * - A field the vendor does not echo is not drift: state keeps it.
 * - A field the program left out is drift only when the vendor echoes something other than what
 *   "left out" means there: its documented default, a zero value where none is documented, or a
 *   value it derives by itself (`derived` in the model). So a no-change refresh stays empty.
 * - Secret inputs (push URLs, page URLs) are never taken from an answer: the vendor may echo them
 *   masked or normalised, and a secret read from an answer would have to be trusted into state.
 * - Lists are compared whole, entry by entry where both have as many; an entry's own fields follow
 *   the same rules.
 */
export interface Drift {
  /** The declared inputs as the vendor runs them: state's, with what the vendor echoes differently. */
  inputs: Inputs;
  /** Where they differ from state, as paths ("encode.videoFps"). */
  changes: Change[];
}

/** Compares state's declared inputs with the settings the vendor echoed (in our names). */
export function observe(kind: TaskKind, declared: Inputs, settings: Inputs): Drift {
  if (!kind.readBack) return { inputs: declared, changes: [] };
  const at: Where = { model: vendorModels[kind.vendor], type: kind.readBack.type, renames: kind.readBack.renames };
  const skip = new Set<string>([...kind.secretInputs, ...INTERNAL_INPUTS]);
  const echoed = Object.fromEntries(Object.entries(settings).filter(([key]) => !skip.has(key)));
  const inputs = mergedFields(declared, echoed, at);
  return { inputs, changes: changedPaths(declared, inputs) };
}

/** Where in the vendor's model a value sits: the type of the object holding it. */
interface Where {
  model: VendorModel;
  type: string | undefined;
  renames: Readonly<Record<string, string>>;
}

/** The model's field for one of our keys, in the vendor's spelling (pushUrl → PushURL, control → Control). */
function fieldOf(at: Where, key: string): FieldSpec | undefined {
  if (!at.type) return undefined;
  return at.model.types[at.type]?.[vendorKey(key, at.renames)];
}

/** Where the fields of an object (or of a list's entries) described by `spec` sit. */
function inside(at: Where, spec: FieldSpec | undefined): Where {
  let s = spec;
  while (s?.type === "array") s = s.items;
  return { ...at, type: s?.type === "object" ? s.ref : undefined };
}

/** The vendor's value for a field the program set: it wins, but an object's fields follow their own rules. */
function merged(declared: unknown, echoed: unknown, spec: FieldSpec | undefined, at: Where): unknown {
  if (echoed === undefined) return declared; // not echoed: not drift
  if (isPlainObject(echoed) && isPlainObject(declared)) return mergedFields(declared, echoed, inside(at, spec));
  if (Array.isArray(echoed)) {
    const where = inside(at, spec);
    const item = spec?.type === "array" ? spec.items : undefined;
    if (Array.isArray(declared) && declared.length === echoed.length) return echoed.map((e, i) => merged(declared[i], e, item, where));
    return echoed.map((e) => (isPlainObject(e) ? (leftOut(e, item, where) ?? {}) : e));
  }
  // A float the vendor keeps in 32 bits comes back a hair off: that is the same value.
  if (typeof echoed === "number" && typeof declared === "number" && Math.abs(echoed - declared) <= 1e-6 * Math.max(1, Math.abs(declared)))
    return declared;
  return echoed;
}

/** An object's fields as the vendor runs them: each echoed field merged, or taken where the program left it out. */
function mergedFields(declared: Record<string, unknown>, echoed: Record<string, unknown>, where: Where): Record<string, unknown> {
  const out: Record<string, unknown> = { ...declared };
  for (const key of Object.keys(echoed)) {
    const spec = fieldOf(where, key);
    const v = Object.hasOwn(declared, key) ? merged(own(declared, key), echoed[key], spec, where) : leftOut(echoed[key], spec, where);
    if (v === undefined) delete out[key];
    else out[key] = v;
  }
  return out;
}

/**
 * The vendor's value for a field the program left out, or undefined when it is what "left out" means
 * there (so it stays left out).
 */
function leftOut(echoed: unknown, spec: FieldSpec | undefined, at: Where): unknown {
  if (echoed === undefined || echoed === null || spec?.derived) return undefined;
  if (spec?.default !== undefined && canonicalJson(echoed) === canonicalJson(spec.default)) return undefined;
  if (isPlainObject(echoed)) {
    const where = inside(at, spec);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(echoed)) {
      const kept = leftOut(v, fieldOf(where, key), where);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (Array.isArray(echoed)) {
    const where = inside(at, spec);
    const item = spec?.type === "array" ? spec.items : undefined;
    const kept = echoed.map((e) => leftOut(e, item, where));
    // No entries; zero scalars only (an unset vector); or the one default entry a vendor fills in for
    // an empty list (a webcast's VideoSolutions).
    const nothing = kept.every((k) => k === undefined);
    if (nothing && (echoed.length <= 1 || echoed.every((e) => !isPlainObject(e)))) return undefined;
    return echoed.map((e, i) => kept[i] ?? (isPlainObject(e) ? {} : e));
  }
  // Where the model documents no default, the zero value is what an unset field reads as; a required
  // field (a region's StreamIndex) is never unset, so its zero is a value.
  if (spec?.default === undefined && !spec?.required && (echoed === "" || echoed === 0 || echoed === false)) return undefined;
  return echoed;
}
