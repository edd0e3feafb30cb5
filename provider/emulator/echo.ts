import { isPlainObject, type Obj } from "../util/values";
import { checkType, type FieldSpec, type VendorModel } from "../vendors/model";

/**
 * What a vendor's read call answers about a task, built from its model: the settings the task was
 * started (or last updated, or changed outside the provider) with, and every field the model
 * documents a default for filled in, as a vendor that keeps whole structs echoes them. So the
 * emulator answers with more than the provider sent, and drift detection is tested against that.
 */
export function echoOf(model: VendorModel, type: string, sent: Obj, status: Obj): Obj {
  const fields = model.types[type];
  if (!fields) throw new Error(`the ${model.vendor} model has no type ${type}`);
  const out: Obj = {};
  for (const [key, spec] of Object.entries(fields)) {
    const value = key in status ? status[key] : filled(model, spec, sent[key]);
    if (value !== undefined) out[key] = value;
  }
  // The emulator's own answers are held to the model too: an answer it does not describe is a bug here.
  const [issue] = checkType(model, type, out, type);
  if (issue) throw new Error(`the emulator's ${type} answer breaks the ${model.vendor} model: ${issue.path} ${issue.message}`);
  return out;
}

/** A value with the defaults of its type filled in; an absent object is made when it holds defaults and needs nothing. */
function filled(model: VendorModel, spec: FieldSpec, value: unknown): unknown {
  if (spec.type === "object") {
    const fields = model.types[spec.ref!]!;
    if (value === undefined && Object.values(fields).some((f) => f.required)) return undefined;
    const given = isPlainObject(value) ? value : {};
    const out: Obj = {};
    for (const [key, f] of Object.entries(fields)) {
      const v = filled(model, f, given[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length > 0 || value !== undefined ? out : undefined;
  }
  if (spec.type === "array" && Array.isArray(value)) return value.map((v) => filled(model, spec.items!, v));
  return value ?? (spec.default === undefined ? undefined : structuredClone(spec.default));
}

/** Deep-merges `change` into `params`: objects field by field, anything else (lists too) replaced; null removes. */
export function mergeSettings(params: Obj, change: Obj): Obj {
  const out: Obj = { ...params };
  for (const [key, v] of Object.entries(change)) {
    if (v === null) delete out[key];
    else if (isPlainObject(v) && isPlainObject(out[key])) out[key] = mergeSettings(out[key] as Obj, v);
    else out[key] = v;
  }
  return out;
}
