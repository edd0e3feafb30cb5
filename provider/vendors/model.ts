import type { Vendor } from "../http/errors";
import tencentGenerated from "./tencent/model.json";
import tencentOverlay from "./tencent/overlay.json";
import volcengine from "./volcengine/model.json";
import volcengineTypes from "./volcengine/types.json";
import zego from "./zego/model.json";
import { isPlainObject } from "../util/values";

/**
 * The vendors' own request models, as data: a JSON file per vendor (`<vendor>/model.json`; Volcengine's types in `types.json`), each
 * naming its sources. The emulator refuses what they refuse, and the conformance tests hold every
 * request our task kinds build against them. Facts only: field paths, types, required-ness, and the
 * ranges, units and defaults the vendor documents.
 */

export type FieldType = "string" | "integer" | "number" | "boolean" | "object" | "array";

export interface FieldSpec {
  type: FieldType;
  /** object: the name of its type in `types`. */
  ref?: string;
  /** array: what each element is. */
  items?: FieldSpec;
  required?: boolean;
  /** integer: the width the vendor's own type carries ("int32"), checked when no range is documented. */
  format?: "int32";
  min?: number;
  max?: number;
  exclusiveMin?: number;
  exclusiveMax?: number;
  /** Values the vendor documents outside the range, such as 0 for "off". */
  alsoAccepts?: (number | string)[];
  /** Values inside the range the vendor reserves. */
  exclude?: (number | string)[];
  enum?: (number | string)[];
  even?: boolean;
  pattern?: string;
  /** Length in UTF-8 bytes. */
  maxBytes?: number;
  /** Length in characters. */
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  unit?: string;
  default?: unknown;
  note?: string;
  /** Where an overlay fact comes from, when not from the model's own sources. */
  doc?: string;
  /** The code the vendor answers a bad value with, where it documents one (ZEGO). */
  refusedWith?: number | string;
  /**
   * Left out, the vendor fills it in from other fields (documented, with no fixed default): its echo
   * of a value the program left out is never drift (lifecycle/drift.ts).
   */
  derived?: boolean;
}

/** A rule tying fields of one type together: when the `if` fields hold these values... */
export interface Rule {
  if: Record<string, unknown>;
  /** ...these fields must be present... */
  require?: string[];
  /** ...and these fields, when present, must also meet this. */
  then?: Record<string, Partial<FieldSpec>>;
  note?: string;
}

export interface ActionSpec {
  method: "GET" | "POST";
  doc: string;
  request: string;
  /** Where the request travels: a JSON body or the query string. */
  in: "body" | "query";
  /** The type of what it answers (Volcengine's Result, ZEGO's Data), where we read it. */
  response?: string;
  /** Business codes the action documents (ZEGO). */
  codes?: number[];
}

/** What a documented return code means for a caller: run again, fix something, or nothing to do. */
export type CodeClass = "ok" | "throttled" | "internal" | "auth" | "invalid" | "not-found";

export interface CodeSpec {
  meaning: string;
  class: CodeClass;
  doc?: string;
}

export interface VendorModel {
  vendor: Vendor;
  apiVersion: string;
  sources: string[];
  note?: string;
  /** A type of parameters every request carries besides its own (ZEGO's signature parameters). */
  common?: string;
  actions: Record<string, ActionSpec>;
  types: Record<string, Record<string, FieldSpec>>;
  rules?: Record<string, Rule[]>;
  codes?: Record<string, CodeSpec>;
}

/** Facts kept by hand on top of a generated model: ranges the generated types state only in prose. */
export interface ModelOverlay {
  sources: string[];
  note?: string;
  types: Record<string, Record<string, Partial<Omit<FieldSpec, "items">> & { items?: Partial<FieldSpec> }>>;
  rules?: Record<string, Rule[]>;
}

/** The generated model with the overlay's facts merged in; an overlay field the model lacks is an error. */
export function withOverlay(model: VendorModel, overlay: ModelOverlay): VendorModel {
  const types = structuredClone(model.types);
  for (const [type, fields] of Object.entries(overlay.types)) {
    for (const [name, facts] of Object.entries(fields)) {
      const field = types[type]?.[name];
      if (!field) throw new Error(`${model.vendor} model overlay names ${type}.${name}, which the model does not have`);
      const { items, ...rest } = facts;
      Object.assign(field, rest);
      if (items) field.items = { ...field.items!, ...items };
    }
  }
  return { ...model, sources: [...model.sources, ...overlay.sources], types, rules: { ...model.rules, ...overlay.rules } };
}

/** Models are shared by every consumer: frozen, so that none can change another's oracle. */
function frozen<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) frozen(x);
  }
  return v;
}

export const vendorModels: Readonly<Record<Vendor, VendorModel>> = frozen({
  // JSON imports type their literals loosely ("string", not FieldType): the files are checked by the
  // conformance tests, so they are taken as the model types here.
  // Volcengine's types are a file of their own (types.json): the model would be over 400 lines.
  volcengine: { ...volcengine, types: volcengineTypes.types } as unknown as VendorModel,
  tencent: withOverlay(tencentGenerated as unknown as VendorModel, tencentOverlay as unknown as ModelOverlay),
  zego: zego as unknown as VendorModel,
});

export function actionSpec(model: VendorModel, action: string): ActionSpec {
  const spec = model.actions[action];
  if (!spec) throw new Error(`the ${model.vendor} model has no action ${action}`);
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Validation

export type Problem = "missing" | "unknown" | "type" | "range" | "enum" | "pattern" | "length" | "items";

export interface ModelIssue {
  /** Where, e.g. "Layout.CustomLayout.Regions[0].Width". */
  path: string;
  problem: Problem;
  /** The rule broken, in words: "must be an integer in [10, 86400] (s)". */
  message: string;
  /** The code the vendor documents for this refusal, where it names one. */
  refusedWith?: number | string;
  /** The value refused (absent for a missing field). */
  value?: unknown;
}

const INT32 = { min: -2147483648, max: 2147483647 };
const join = (at: string, key: string) => (at ? `${at}.${key}` : key);

/** The rule a field states, in words, for messages and documentation: "an integer in [10, 86400] (s)". */
export function describeField(spec: FieldSpec): string {
  const kinds: Record<FieldType, string> = {
    integer: "an integer",
    number: "a number",
    string: "a string",
    boolean: "true or false",
    object: "an object",
    array: "a list",
  };
  let text = kinds[spec.type];
  if (spec.enum) text = `one of ${spec.enum.join(", ")}`;
  else {
    const lo = spec.min ?? spec.exclusiveMin;
    const hi = spec.max ?? spec.exclusiveMax;
    if (lo !== undefined || hi !== undefined) {
      text += ` in ${spec.min !== undefined ? "[" : "("}${lo ?? "-∞"}, ${hi ?? "∞"}${spec.max !== undefined ? "]" : ")"}`;
    }
  }
  const extras: string[] = [];
  if (spec.even) extras.push("even");
  if (spec.exclude) extras.push(`not ${spec.exclude.join(", ")}`);
  if (spec.alsoAccepts) extras.push(`or ${spec.alsoAccepts.join(", ")}`);
  if (spec.pattern) extras.push(`matching ${spec.pattern}`);
  if (spec.maxBytes !== undefined) extras.push(`at most ${spec.maxBytes} bytes`);
  if (spec.maxLength !== undefined) extras.push(`at most ${spec.maxLength} characters`);
  if (spec.minItems !== undefined && spec.minItems === spec.maxItems) text += ` of exactly ${spec.minItems}`;
  else if (spec.minItems !== undefined || spec.maxItems !== undefined)
    text += ` of ${spec.minItems ?? 0} to ${spec.maxItems ?? "any number of"} entries`.replace(
      "to any number of entries",
      "or more entries",
    );
  if (spec.type === "array" && spec.items && spec.items.type !== "object") text += `, each ${describeField(spec.items)}`;
  return `${[text, ...extras].join(", ")}${spec.unit ? ` (${spec.unit})` : ""}`;
}

export interface CheckOptions {
  /** Values travel in a query string: numbers and booleans arrive as text. */
  query?: boolean;
}

/**
 * Checks a request against an action's type (with the model's common parameters, unless
 * `businessOnly`): every issue, each with its path.
 */
export function checkRequest(
  model: VendorModel,
  action: string,
  value: unknown,
  options: CheckOptions & { businessOnly?: boolean } = {},
): ModelIssue[] {
  const request = actionSpec(model, action).request;
  if (!model.common) return checkType(model, request, value, "", options);
  const common = model.types[model.common]!;
  if (options.businessOnly) {
    const own = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !Object.hasOwn(common, k)));
    return checkType(model, request, own, "", options);
  }
  const merged = `${model.common}+${request}`;
  const withCommon: VendorModel = {
    ...model,
    types: { ...model.types, [merged]: { ...common, ...model.types[request] } },
    rules: { ...model.rules, [merged]: model.rules?.[request] ?? [] },
  };
  return checkType(withCommon, merged, value, "", options);
}

export function checkType(model: VendorModel, typeName: string, value: unknown, at: string, options: CheckOptions = {}): ModelIssue[] {
  const fields = model.types[typeName];
  if (!fields) throw new Error(`the ${model.vendor} model has no type ${typeName}`);
  if (!isPlainObject(value)) return [{ path: at || "(request)", problem: "type", message: "must be an object" }];
  const issues: ModelIssue[] = [];
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key))
      issues.push({ path: join(at, key), problem: "unknown", message: `is not a field of ${typeName}`, value: value[key] });
  }
  for (const [key, spec] of Object.entries(fields)) {
    const v = value[key];
    if (v === undefined) {
      if (spec.required)
        issues.push({
          path: join(at, key),
          problem: "missing",
          message: "is required",
          ...(spec.refusedWith !== undefined ? { refusedWith: spec.refusedWith } : {}),
        });
      continue;
    }
    issues.push(...checkField(model, spec, v, join(at, key), options));
  }
  for (const rule of model.rules?.[typeName] ?? []) {
    if (!Object.entries(rule.if).every(([k, expected]) => sameScalar(value[k], expected, options))) continue;
    const when = Object.entries(rule.if)
      .map(([k, x]) => `${k} is ${String(x)}`)
      .join(" and ");
    for (const key of rule.require ?? []) {
      if (value[key] === undefined) issues.push({ path: join(at, key), problem: "missing", message: `is required when ${when}` });
    }
    for (const [key, extra] of Object.entries(rule.then ?? {})) {
      if (value[key] === undefined) continue;
      const spec = { ...fields[key]!, ...extra };
      for (const issue of checkField(model, spec, value[key], join(at, key), options))
        issues.push({ ...issue, message: `${issue.message} when ${when}` });
    }
  }
  return issues;
}

function sameScalar(v: unknown, expected: unknown, options: CheckOptions): boolean {
  return v === expected || (options.query === true && typeof v === "string" && v === String(expected));
}

function checkField(model: VendorModel, spec: FieldSpec, raw: unknown, at: string, options: CheckOptions): ModelIssue[] {
  const issue = (problem: Problem): ModelIssue[] => [
    {
      path: at,
      problem,
      message: `must be ${describeField(spec)}`,
      value: raw,
      ...(spec.refusedWith !== undefined ? { refusedWith: spec.refusedWith } : {}),
    },
  ];
  let v = raw;
  if (options.query && typeof raw === "string") {
    if ((spec.type === "integer" || spec.type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) v = Number(raw);
    if (spec.type === "boolean" && (raw === "true" || raw === "false")) v = raw === "true";
  }
  switch (spec.type) {
    case "object":
      return isPlainObject(v) ? checkType(model, spec.ref!, v, at, options) : issue("type");
    case "array": {
      if (!Array.isArray(v)) return issue("type");
      if ((spec.minItems !== undefined && v.length < spec.minItems) || (spec.maxItems !== undefined && v.length > spec.maxItems))
        return issue("items");
      return v.flatMap((x, i) => checkField(model, spec.items!, x, `${at}[${i}]`, options));
    }
    case "boolean":
      return typeof v === "boolean" ? [] : issue("type");
    case "string": {
      if (typeof v !== "string") return issue("type");
      if (spec.alsoAccepts?.includes(v)) return [];
      if (spec.enum && !spec.enum.includes(v)) return issue("enum");
      if (spec.pattern && !new RegExp(spec.pattern).test(v)) return issue("pattern");
      if (spec.maxBytes !== undefined && Buffer.byteLength(v, "utf8") > spec.maxBytes) return issue("length");
      if (spec.maxLength !== undefined && [...v].length > spec.maxLength) return issue("length");
      return [];
    }
    case "integer":
    case "number": {
      if (typeof v !== "number" || !Number.isFinite(v)) return issue("type");
      if (spec.type === "integer" && !Number.isInteger(v)) return issue("type");
      if (spec.alsoAccepts?.includes(v)) return [];
      if (spec.enum) return spec.enum.includes(v) ? [] : issue("enum");
      if (spec.exclude?.includes(v)) return issue("range");
      const lo = spec.min ?? (spec.format === "int32" && spec.exclusiveMin === undefined ? INT32.min : undefined);
      const hi = spec.max ?? (spec.format === "int32" && spec.exclusiveMax === undefined ? INT32.max : undefined);
      if ((lo !== undefined && v < lo) || (hi !== undefined && v > hi)) return issue("range");
      if ((spec.exclusiveMin !== undefined && v <= spec.exclusiveMin) || (spec.exclusiveMax !== undefined && v >= spec.exclusiveMax))
        return issue("range");
      if (spec.even && v % 2 !== 0) return issue("range");
      return [];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Walking a model

export interface ModelPath {
  /** Generic path: "Layout.CustomLayout.Regions[].Width". */
  path: string;
  spec: FieldSpec;
}

/** Every field path of a type, nested types and array elements included. */
export function fieldPaths(model: VendorModel, typeName: string, at = "", seen: readonly string[] = []): ModelPath[] {
  if (seen.includes(typeName)) return [];
  const out: ModelPath[] = [];
  for (const [key, spec] of Object.entries(model.types[typeName] ?? {})) {
    const path = join(at, key);
    out.push({ path, spec });
    let inner = spec;
    let innerPath = path;
    while (inner.type === "array") {
      innerPath = `${innerPath}[]`;
      inner = inner.items!;
      out.push({ path: innerPath, spec: inner });
    }
    if (inner.type === "object") out.push(...fieldPaths(model, inner.ref!, innerPath, [...seen, typeName]));
  }
  return out;
}

/** A concrete path ("Regions[2].Width") in the generic form fieldPaths uses ("Regions[].Width"). */
export const genericPath = (path: string): string => path.replace(/\[\d+\]/g, "[]");
