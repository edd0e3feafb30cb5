/**
 * Turns the JSON printed by `pulumi preview --json` (a PreviewDigest) into a reviewer-facing report:
 * which live streams start, change in place, are interrupted, or stop.
 *
 * Engine facts this relies on (pulumi/pulumi, pkg/display/json.go and pkg/backend/display/json.go):
 * - `steps[]` only holds logical steps unless `--show-replacement-steps` is given, so a replacement
 *   is normally one `replace` step; `create-replacement`/`delete-replaced` appear only with that flag.
 * - Dynamic providers return no `diffs`/`detailedDiff`, so `diffReasons` is usually absent and
 *   `detailedDiff` is `null`; only `replaceReasons` (the provider's `replaces`) is reliable. We
 *   therefore also diff old and new inputs ourselves.
 * - When the engine emits the logical `replace` step, the old state already carries the mode:
 *   `delete: true` (create-before-delete) or `pendingReplacement: true` (delete-before-replace).
 * - Secrets are already "[secret]"; unknowns are the computed-value placeholder string.
 */
import { z } from "zod";
import { kinds } from "../tasks/registry";
import { VENDOR_NAMES } from "../vendors/vendor";

/** The engine's placeholder for values not known until apply (pkg/resource/stack/deployment.go). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Pulumi's signature key and the secret signature (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const SECRET_MARKER = "[secret]";
export const KNOWN_AFTER_APPLY = "(known after apply)";
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
  return kind ? { vendor: VENDOR_NAMES[kind.vendor], kind: kind.name, identity: kind.identity } : { vendor: "unknown vendor", kind: type, identity: [] };
}

/** Inputs that are bookkeeping, not user intent (`__provider`, `__kind`, `__logicalName`): never printed, never diffed. */
const isHidden = (key: string): boolean => key.startsWith("__");

// ---------------------------------------------------------------------------------------------
// Parsing

const keyList = z.array(z.string()).nullish();
const propertyMap = z.record(z.string(), z.unknown()).nullish();

const stateSchema = z.looseObject({
  urn: z.string().nullish(),
  type: z.string().nullish(),
  id: z.string().nullish(),
  custom: z.boolean().nullish(),
  delete: z.boolean().nullish(),
  pendingReplacement: z.boolean().nullish(),
  retainOnDelete: z.boolean().nullish(),
  inputs: propertyMap,
  outputs: propertyMap,
  additionalSecretOutputs: keyList,
});

const stepSchema = z.looseObject({
  op: z.string(),
  urn: z.string(),
  provider: z.string().nullish(),
  oldState: stateSchema.nullish(),
  newState: stateSchema.nullish(),
  diffReasons: keyList,
  replaceReasons: keyList,
  detailedDiff: z.record(z.string(), z.unknown()).nullish(),
  // Not in PreviewStep today; engine event metadata spells the reasons `keys`/`diffs`.
  keys: keyList,
  diffs: keyList,
  deleteBeforeReplace: z.boolean().nullish(),
});

const diagnosticSchema = z.looseObject({
  urn: z.string().nullish(),
  prefix: z.string().nullish(),
  message: z.string().nullish(),
  severity: z.string().nullish(),
});

const digestSchema = z.looseObject({
  config: z.record(z.string(), z.unknown()).nullish(),
  steps: z.array(stepSchema).nullish(),
  diagnostics: z.array(diagnosticSchema).nullish(),
  duration: z.number().nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
  maybeCorrupt: z.boolean().nullish(),
});

export type ResourceState = z.infer<typeof stateSchema>;
export type PreviewStep = z.infer<typeof stepSchema>;
export type PreviewDiagnostic = z.infer<typeof diagnosticSchema>;
export type PreviewDigest = z.infer<typeof digestSchema>;

export class PreviewParseError extends Error {
  override readonly name = "PreviewParseError";
}

/**
 * Validates a PreviewDigest loosely: unknown fields are kept, only the fields we read are checked.
 * Accepts the parsed JSON value, or the raw text (tolerating log lines before the JSON object).
 */
export function parsePreview(json: unknown): PreviewDigest {
  const value = typeof json === "string" ? parseJsonText(json) : json;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PreviewParseError("expected a JSON object as printed by `pulumi preview --json`");
  }
  if (looksLikeEngineEvent(value)) {
    throw new PreviewParseError(
      "this is a stream of engine events, not a preview digest; unset PULUMI_ENABLE_STREAMING_JSON_PREVIEW",
    );
  }
  if (!["steps", "changeSummary", "duration", "diagnostics"].some((k) => k in value)) {
    throw new PreviewParseError(
      "not a preview digest: none of steps, changeSummary, duration or diagnostics is present",
    );
  }
  const result = digestSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
    throw new PreviewParseError(`not a valid preview digest: ${issues.join("; ")}`);
  }
  return result.data;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    // The CLI may print warnings before the digest; the digest itself starts with "{" on its own line.
    const start = text.search(/^\{/m);
    if (start > 0) {
      try {
        return JSON.parse(text.slice(start));
      } catch {
        // fall through to the original error
      }
    }
    if (/^\{.*\}\s*\n\s*\{/s.test(text.trim()) && /"sequence"|"timestamp"/.test(text)) {
      throw new PreviewParseError(
        "this is a stream of engine events, not a preview digest; unset PULUMI_ENABLE_STREAMING_JSON_PREVIEW",
      );
    }
    throw new PreviewParseError(`input is not JSON: ${(first as Error).message}`);
  }
}

function looksLikeEngineEvent(value: object): boolean {
  return "sequence" in value && "timestamp" in value && !("steps" in value);
}

// ---------------------------------------------------------------------------------------------
// Report model: every string in it is already rendered and redacted.

export type Impact = "interrupt" | "stop" | "change" | "start";
/** Section order: the most disruptive first. */
export const IMPACT_ORDER: readonly Impact[] = ["interrupt", "stop", "change", "start"];
export const IMPACT_TITLES: Readonly<Record<Impact, string>> = {
  interrupt: "Interrupted",
  stop: "Stop",
  change: "Change in place",
  start: "Start",
};

export type Handover = "goes-dark" | "hands-over" | "unknown";
export const HANDOVER_TEXT: Readonly<Record<Handover, string>> = {
  "goes-dark": "goes dark (stops first)",
  "hands-over": "hands over (new starts first)",
  unknown: "unknown (assume it goes dark)",
};

export interface PropertyChange {
  name: string;
  old: string;
  new: string;
}

export interface TaskRow {
  impact: Impact;
  urn: string;
  /** Last URN segment: the logical resource name. */
  name: string;
  /** Type name after the `rtc:` module, e.g. "TencentRelayToCdn". */
  type: string;
  vendor: string;
  kind: string;
  /** Rendered identity, e.g. "app/room/task" or "app/room/t1 → app/room/(known after apply)". */
  identity: string;
  changes: PropertyChange[];
  /** Interrupted rows only. */
  handover?: Handover;
  /** Interrupted rows only: properties that forced the replacement. */
  forcedBy?: string[];
  notes: string[];
}

export interface ReportError {
  urn?: string;
  message: string;
}

export interface Report {
  /** One line, e.g. "2 streams start · 1 interrupted"; "No live stream changes." when none. */
  summary: string;
  counts: Record<Impact, number>;
  /** Task resources whose steps all have no effect (same, read, refresh...), counted once per URN. */
  unchanged: number;
  /** Sorted: by impact (IMPACT_ORDER), then name. */
  rows: TaskRow[];
  /** Non-task resources, counted by logical op ("create", "replace", "unchanged"...). */
  other: Record<string, number>;
  otherLine: string;
  errors: ReportError[];
}

// ---------------------------------------------------------------------------------------------
// Analysis

const REPLACEMENT_OPS: ReadonlySet<string> = new Set(["replace", "create-replacement", "delete-replaced"]);
const NO_IMPACT_LABEL = "unchanged";

/** One logical change of one resource: a single step, or a replacement's steps gathered by URN. */
interface Change {
  urn: string;
  op: string;
  steps: PreviewStep[];
  /** Index of each step in the digest, to compare delete/create order. */
  indexes: number[];
}

export function analyzePreview(digest: PreviewDigest): Report {
  const rows: TaskRow[] = [];
  const other: Record<string, number> = {};
  // A URN can have several steps (e.g. `refresh` then `update` under --refresh): count a resource
  // as unchanged once, and only when none of its steps has an effect.
  const changedUrns = new Set<string>();
  const idleTasks = new Set<string>();
  const idleOthers = new Set<string>();
  // Under --refresh, a task that ended at the vendor is read as gone, then created again.
  const refreshed = new Set((digest.steps ?? []).filter((s) => s.op === "refresh").map((s) => s.urn));
  for (const change of groupChanges(digest.steps ?? [])) {
    const type = taskTypeOf(change);
    if (type === undefined) {
      const label = otherLabel(change.op);
      if (label === NO_IMPACT_LABEL) idleOthers.add(change.urn);
      else {
        other[label] = (other[label] ?? 0) + 1;
        changedUrns.add(change.urn);
      }
      continue;
    }
    const row = taskRow(change, type, refreshed.has(change.urn));
    if (row) {
      rows.push(row);
      changedUrns.add(change.urn);
    } else idleTasks.add(change.urn);
  }
  const idleOtherCount = [...idleOthers].filter((u) => !changedUrns.has(u)).length;
  if (idleOtherCount) other[NO_IMPACT_LABEL] = idleOtherCount;
  rows.sort(compareRows);
  const counts = countImpacts(rows);
  const errors = errorsOf(digest.diagnostics ?? []);
  return {
    summary: summarize(counts, errors.length),
    counts,
    unchanged: [...idleTasks].filter((u) => !changedUrns.has(u)).length,
    rows,
    other,
    otherLine: otherResourcesLine(other),
    errors,
  };
}

function groupChanges(steps: readonly PreviewStep[]): Change[] {
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

function otherLabel(op: string): string {
  return op === "create" || op === "update" || op === "delete" || op === "replace" ? op : NO_IMPACT_LABEL;
}

/** The `rtc:` type name if this change concerns one of our task resources. */
function taskTypeOf(change: Change): string | undefined {
  for (const step of change.steps) {
    const type = step.newState?.type ?? step.oldState?.type ?? urnType(step.urn);
    if (type.startsWith(TASK_TYPE_PREFIX)) return type.slice(TASK_TYPE_PREFIX.length);
  }
  return undefined;
}

/** URN: urn:pulumi:<stack>::<project>::<[parent$]type>::<name>; the name may itself contain "::". */
export function urnType(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

export function urnName(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts.slice(3).join("::") : (parts[parts.length - 1] ?? urn);
}

function taskRow(change: Change, type: string, refreshed: boolean): TaskRow | undefined {
  const info = taskTypeInfo(type);
  const base: RowBase = { urn: change.urn, name: urnName(change.urn), type, vendor: info.vendor, kind: info.kind };
  const step = change.steps[0]!;
  switch (change.op) {
    case "create": {
      const identity = identityText(info, undefined, step.newState, "new");
      const notes = refreshed ? [ENDED_NOTE] : [];
      return { ...base, impact: "start", identity, changes: [], notes };
    }
    case "delete": {
      const identity = identityText(info, step.oldState, undefined, "old");
      return { ...base, impact: "stop", identity, changes: [], notes: stopNotes(step.oldState) };
    }
    case "update":
      return {
        ...base,
        impact: "change",
        identity: identityText(info, step.oldState, step.newState, "update"),
        changes: propertyChanges(step, step.oldState, step.newState),
        notes: [],
      };
    case "replace":
      return replacementRow(change, info, base);
    default:
      return undefined;
  }
}

type RowBase = Pick<TaskRow, "urn" | "name" | "type" | "vendor" | "kind">;

export const ENDED_NOTE = "ended at the vendor since the last update (found by refresh): starts again";

function replacementRow(change: Change, info: TaskTypeInfo, base: RowBase): TaskRow {
  const logical = change.steps.find((s) => s.op === "replace");
  const oldState = logical?.oldState ?? change.steps.find((s) => s.oldState)?.oldState;
  const newState = logical?.newState ?? change.steps.find((s) => s.op === "create-replacement")?.newState;
  const reasonStep = logical ?? change.steps[0]!;
  if (change.steps.some((s) => (s.replaceReasons ?? []).includes(ENDED_REASON))) {
    // The provider replaces a task that ended at the vendor (refresh found it): nothing runs to interrupt.
    return { ...base, impact: "start", identity: identityText(info, undefined, newState, "new"), changes: [], notes: [ENDED_NOTE] };
  }
  const notes: string[] = [];
  if (oldState?.retainOnDelete) notes.push("old task is retained on delete: it keeps running beside the new one");
  return {
    ...base,
    impact: "interrupt",
    identity: identityText(info, oldState, newState, "replace"),
    changes: propertyChanges(reasonStep, oldState, newState),
    handover: handoverOf(change, oldState),
    forcedBy: forcedBy(change),
    notes,
  };
}

/** The replacement reason the provider gives for a task that ended at the vendor (lifecycle/plan.ts). */
const ENDED_REASON = "endedAt";

/**
 * Delete-before-replace vs create-before-delete. With --show-replacement-steps the step order
 * tells; otherwise the engine has already marked the old state when it emits `replace`:
 * CreateStep.Apply sets old.Delete, DeleteStep.Apply sets old.PendingReplacement, both before the
 * logical ReplaceStep (pkg/resource/deploy/step.go, step_generator.go). Checked against CLI v3.259.0.
 */
function handoverOf(change: Change, oldState: ResourceState | null | undefined): Handover {
  const explicit = change.steps.find((s) => typeof s.deleteBeforeReplace === "boolean");
  if (explicit) return explicit.deleteBeforeReplace ? "goes-dark" : "hands-over";
  const del = positionOf(change, "delete-replaced");
  const create = positionOf(change, "create-replacement");
  if (del !== undefined && create !== undefined) return del < create ? "goes-dark" : "hands-over";
  if (oldState?.pendingReplacement) return "goes-dark";
  if (oldState?.delete) return "hands-over";
  return "unknown";
}

/** Where the change's step with this op sits in the digest's steps array. */
function positionOf(change: Change, op: string): number | undefined {
  const i = change.steps.findIndex((s) => s.op === op);
  return i < 0 ? undefined : change.indexes[i];
}

/** The properties that forced the replacement: the provider's reasons, else the engine's diff. */
function forcedBy(change: Change): string[] {
  const pick = (f: (s: PreviewStep) => readonly string[] | null | undefined) =>
    unique(change.steps.flatMap((s) => f(s) ?? []).map(topLevelKey)).filter((k) => !isHidden(k));
  const replaceKeys = pick((s) => [...(s.replaceReasons ?? []), ...(s.keys ?? [])]);
  if (replaceKeys.length) return replaceKeys;
  const diffKeys = pick((s) => [...(s.diffReasons ?? []), ...(s.diffs ?? [])]);
  if (diffKeys.length) return diffKeys;
  return pick((s) => Object.entries(s.detailedDiff ?? {}).filter(([, d]) => isReplaceKind(d)).map(([k]) => k));
}

/** detailedDiff entries are {kind, inputDiff}; engine events spell it diffKind. */
function isReplaceKind(diff: unknown): boolean {
  if (diff === null || typeof diff !== "object") return false;
  const { kind, diffKind } = diff as { kind?: unknown; diffKind?: unknown };
  const k = kind ?? diffKind;
  return typeof k === "string" && k.endsWith("-replace");
}

function stopNotes(oldState: ResourceState | null | undefined): string[] {
  return oldState?.retainOnDelete ? ["retainOnDelete: the task keeps running; Pulumi only forgets it"] : [];
}

// ---------------------------------------------------------------------------------------------
// Identity and property changes

type Side = "old" | "new" | "update" | "replace";

function identityText(
  info: TaskTypeInfo,
  oldState: ResourceState | null | undefined,
  newState: ResourceState | null | undefined,
  side: Side,
): string {
  const oldId = oldState ? identityOf(info, oldState, "old") : undefined;
  if (side === "old") return oldId ?? "(unknown)";
  // An update keeps the task: fields missing from the new inputs (server-made ids) stay as they were.
  const newId = newState ? identityOf(info, newState, side === "update" ? "keep" : "new", oldState) : undefined;
  if (side === "new") return newId ?? "(unknown)";
  if (oldId === undefined || newId === undefined) return oldId ?? newId ?? "(unknown)";
  return oldId === newId ? oldId : `${oldId} → ${newId}`;
}

function identityOf(
  info: TaskTypeInfo,
  state: ResourceState,
  mode: "old" | "new" | "keep",
  previous?: ResourceState | null,
): string | undefined {
  const secrets = secretKeys(state, previous);
  const fields = info.identity.map((field) => {
    let value = mode === "old" ? propOf(state, field, "outputs") : propOf(state, field, "inputs");
    if (value === undefined && mode === "keep" && previous) value = propOf(previous, field, "outputs");
    if (value === undefined) return mode === "old" ? undefined : KNOWN_AFTER_APPLY;
    return secrets.has(field) ? SECRET_MARKER : renderValue(value);
  });
  if (fields.length && fields.some((f) => f !== undefined && f !== KNOWN_AFTER_APPLY)) {
    return fields.map((f) => f ?? "?").join("/");
  }
  return state.id ? renderValue(state.id) : fields.length ? fields.map((f) => f ?? "?").join("/") : undefined;
}

/** Old values: what the provider holds (outputs), else inputs. New values: the desired inputs. */
function propOf(state: ResourceState, key: string, prefer: "outputs" | "inputs"): unknown {
  const first = prefer === "outputs" ? state.outputs : state.inputs;
  const second = prefer === "outputs" ? state.inputs : state.outputs;
  if (first && Object.prototype.hasOwnProperty.call(first, key)) return first[key];
  if (second && Object.prototype.hasOwnProperty.call(second, key)) return second[key];
  return undefined;
}

function inputOf(state: ResourceState | null | undefined, key: string): unknown {
  const inputs = state?.inputs;
  return inputs && Object.prototype.hasOwnProperty.call(inputs, key) ? inputs[key] : undefined;
}

function secretKeys(...states: (ResourceState | null | undefined)[]): Set<string> {
  return new Set(states.flatMap((s) => s?.additionalSecretOutputs ?? []));
}

function propertyChanges(
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
  const keys = unique([...reported, ...changedInputKeys(oldState, newState)]).filter((k) => !isHidden(k));
  const secrets = secretKeys(oldState, newState);
  return keys.flatMap((name) => {
    const oldValue = oldState ? propOf(oldState, name, "outputs") : undefined;
    const newValue = inputOf(newState, name);
    if (secrets.has(name)) {
      return [{
        name,
        old: oldValue !== undefined ? SECRET_MARKER : renderValue(oldValue),
        new: newValue !== undefined ? SECRET_MARKER : renderValue(newValue),
      }];
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
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of unique([...Object.keys(a), ...Object.keys(b)])) collectLeaves(childPath(path, key), a[key], b[key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) collectLeaves(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  out.push([path, a, b]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isSecretValue(value);
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function changedInputKeys(oldState: ResourceState | null | undefined, newState: ResourceState | null | undefined): string[] {
  const news = newState?.inputs;
  if (!oldState || !news) return [];
  // Without old inputs, compare against old outputs, but only for keys the program sets.
  const olds = oldState.inputs ?? oldState.outputs ?? {};
  const keys = oldState.inputs ? unique([...Object.keys(olds), ...Object.keys(news)]) : Object.keys(news);
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

// ---------------------------------------------------------------------------------------------
// Value rendering and redaction

const NESTED_MAX = 80;
/** Query parameters whose values may be stream keys or signatures (txSecret, wsSecret, auth_key, sign...). */
const SECRET_QUERY = /([?&][^&=#\s]*?(?:key|sign|secret|token|auth|passw|pwd)[^&=#\s]*=)[^&#\s]*/gi;
/** user:password@ in URLs. */
const URL_PASSWORD = /(\/\/[^/@:\s]+:)[^/@\s]+@/g;

/** Defensive: masks credentials that may travel inside URLs even when not marked secret. */
export function redact(text: string): string {
  return text.replace(SECRET_QUERY, `$1${SECRET_MARKER}`).replace(URL_PASSWORD, `$1${SECRET_MARKER}@`);
}

function isSecretValue(value: unknown): boolean {
  if (value === SECRET_MARKER) return true;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const obj = value as Record<string, unknown>;
  if (!(SIG_KEY in obj)) return false;
  return obj[SIG_KEY] === SECRET_SIG || "plaintext" in obj || "ciphertext" in obj;
}

/** Renders one property value for a report cell: never a secret, unknowns spelled out. */
export function renderValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (isSecretValue(value)) return SECRET_MARKER;
  if (value === UNKNOWN_VALUE) return KNOWN_AFTER_APPLY;
  if (typeof value === "string") return renderString(value);
  if (value === null || typeof value !== "object") return String(value);
  return truncate(JSON.stringify(sanitize(value)), NESTED_MAX);
}

function renderString(value: string): string {
  if (value === "") return '""';
  const text = redact(value.split(UNKNOWN_VALUE).join(KNOWN_AFTER_APPLY));
  // Control characters would break table layout; show them escaped.
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
}

function sanitize(value: unknown): unknown {
  if (isSecretValue(value)) return SECRET_MARKER;
  if (value === UNKNOWN_VALUE) return KNOWN_AFTER_APPLY;
  if (typeof value === "string") return redact(value.split(UNKNOWN_VALUE).join(KNOWN_AFTER_APPLY));
  if (Array.isArray(value)) return value.map(sanitize);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v)]));
  }
  return value;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------------------------------------
// Summary lines

function compareRows(a: TaskRow, b: TaskRow): number {
  const byImpact = IMPACT_ORDER.indexOf(a.impact) - IMPACT_ORDER.indexOf(b.impact);
  if (byImpact !== 0) return byImpact;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}

function countImpacts(rows: readonly TaskRow[]): Record<Impact, number> {
  const counts: Record<Impact, number> = { interrupt: 0, stop: 0, change: 0, start: 0 };
  for (const row of rows) counts[row.impact]++;
  return counts;
}

/** Verb phrases for the summary, singular and plural; order follows "start · change · interrupt · stop". */
const SUMMARY_PHRASES: readonly [Impact, string, string][] = [
  ["start", "starts", "start"],
  ["change", "changes in place", "change in place"],
  ["interrupt", "interrupted", "interrupted"],
  ["stop", "stops", "stop"],
];

/**
 * A preview that fails stops at the first error: the engine's JSON then lists only the steps before
 * it, so "no changes" would be a false all-clear. The summary says so first.
 */
export function summarize(counts: Readonly<Record<Impact, number>>, errors = 0): string {
  const parts = SUMMARY_PHRASES.filter(([impact]) => counts[impact] > 0).map(([impact, one, many], i) => {
    const n = counts[impact];
    const noun = i === 0 ? (n === 1 ? " stream" : " streams") : "";
    return `${n}${noun} ${n === 1 ? one : many}`;
  });
  if (errors > 0) {
    const failed = `Preview failed (${errors} ${errors === 1 ? "error" : "errors"})`;
    return parts.length ? `${failed}, changes incomplete: ${parts.join(" · ")}` : `${failed}: live stream changes unknown.`;
  }
  return parts.length ? parts.join(" · ") : "No live stream changes.";
}

const OTHER_ORDER = ["create", "update", "replace", "delete"];

function otherResourcesLine(other: Readonly<Record<string, number>>): string {
  const labels = [...OTHER_ORDER, NO_IMPACT_LABEL].filter((l) => other[l]);
  if (!labels.length) return "Other resources: none.";
  return `Other resources: ${labels.map((l) => `${other[l]} ${l}`).join(", ")}`;
}

function errorsOf(diagnostics: readonly PreviewDiagnostic[]): ReportError[] {
  return diagnostics
    .filter((d) => d.severity === "error" && (d.message ?? "").trim() !== "")
    .map((d) => ({
      ...(d.urn ? { urn: d.urn } : {}),
      message: redact(`${d.prefix ?? ""}${d.message ?? ""}`.trim()),
    }));
}

/** Conditions for `--fail-on`. */
export type FailOn = "interrupt" | "stop" | "any-impact";
export const FAIL_ON_VALUES: readonly FailOn[] = ["interrupt", "stop", "any-impact"];

/** A preview with errors meets every condition: its list of changes is incomplete, so nothing is ruled out. */
export function failOnMet(report: Report, condition: FailOn): boolean {
  if (report.errors.length > 0) return true;
  switch (condition) {
    case "interrupt":
      return report.counts.interrupt > 0;
    case "stop":
      return report.counts.stop > 0;
    case "any-impact":
      return IMPACT_ORDER.some((i) => report.counts[i] > 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Renderers

interface Column {
  title: string;
  /** A cell is a list of items: one line each in Markdown (joined by <br>), "; "-joined in text. */
  cell(row: TaskRow): string[];
}

const COLUMNS = {
  resource: { title: "Resource", cell: (r: TaskRow) => [r.name] },
  task: { title: "Task", cell: (r: TaskRow) => [`${r.vendor} ${r.kind}`] },
  identity: { title: "Identity", cell: (r: TaskRow) => [r.identity] },
  handover: { title: "Handover", cell: (r: TaskRow) => (r.handover ? [HANDOVER_TEXT[r.handover]] : []) },
  forcedBy: { title: "Forced by", cell: (r: TaskRow) => [r.forcedBy?.length ? r.forcedBy.join(", ") : "(not reported)"] },
  changes: { title: "Changes", cell: (r: TaskRow) => r.changes.map((c) => `${c.name}: ${c.old} → ${c.new}`) },
  notes: { title: "Notes", cell: (r: TaskRow) => r.notes },
} satisfies Record<string, Column>;

function columnsFor(impact: Impact, rows: readonly TaskRow[]): Column[] {
  const cols: Column[] = [COLUMNS.resource, COLUMNS.task, COLUMNS.identity];
  if (impact === "interrupt") cols.push(COLUMNS.handover, COLUMNS.forcedBy);
  if (impact === "interrupt" || impact === "change") cols.push(COLUMNS.changes);
  if (rows.some((r) => r.notes.length)) cols.push(COLUMNS.notes);
  return cols;
}

function sections(report: Report): [Impact, TaskRow[]][] {
  return IMPACT_ORDER.map((impact): [Impact, TaskRow[]] => [impact, report.rows.filter((r) => r.impact === impact)]).filter(
    ([, rows]) => rows.length > 0,
  );
}

/** Values come from the program: keep them from breaking the table or injecting HTML. */
function mdEscape(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [`**${mdEscape(report.summary)}**`, ""];
  for (const [impact, rows] of sections(report)) {
    const cols = columnsFor(impact, rows);
    out.push(`### ${IMPACT_TITLES[impact]}`, "");
    out.push(`| ${cols.map((c) => c.title).join(" | ")} |`);
    out.push(`|${cols.map(() => "---").join("|")}|`);
    for (const row of rows) {
      out.push(`| ${cols.map((c) => c.cell(row).map(mdEscape).join("<br>")).join(" | ")} |`);
    }
    out.push("");
  }
  if (report.unchanged > 0) out.push(`Unchanged streams: ${report.unchanged}`, "");
  out.push(mdEscape(report.otherLine), "");
  if (report.errors.length) {
    out.push("### Errors", "");
    for (const e of report.errors) out.push(`- ${e.urn ? `${mdEscape(urnName(e.urn))}: ` : ""}${mdEscape(e.message)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function renderText(report: Report): string {
  const out: string[] = [report.summary, ""];
  for (const [impact, rows] of sections(report)) {
    const cols = columnsFor(impact, rows);
    out.push(`${IMPACT_TITLES[impact]} (${rows.length})`);
    const table = [cols.map((c) => c.title), ...rows.map((r) => cols.map((c) => oneLine(c.cell(r).join("; "))))];
    const widths = cols.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
    for (const line of table) {
      out.push(`  ${line.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`.trimEnd());
    }
    out.push("");
  }
  if (report.unchanged > 0) out.push(`Unchanged streams: ${report.unchanged}`, "");
  out.push(report.otherLine, "");
  if (report.errors.length) {
    out.push("Errors:");
    for (const e of report.errors) out.push(`  ${e.urn ? `${urnName(e.urn)}: ` : ""}${oneLine(e.message)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, " ");
}
