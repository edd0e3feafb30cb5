import type { z } from "zod";
import { VENDOR_NAMES, type Vendor } from "../vendors/vendor";

/** Inputs as the engine hands them over: plain JSON, secrets already unwrapped. */
export type Inputs = Record<string, unknown>;
/** What state holds for a task: its inputs echoed back, plus the outputs its kind adds. */
export type State = Record<string, unknown>;

export interface TaskContext {
  /** Scrubs this task's secrets (push URLs and their keys) from text bound for errors or logs. */
  redact(text: string): string;
}

/**
 * Where a task stands at the vendor, as the lifecycle acts on it. "unknown": the vendor cannot say (a
 * task older than its read window), so the state stays as it is rather than dropping a task that may
 * still run.
 */
export type TaskStatus = "running" | "gone" | "unknown";

/** The vendor's own status of a task, in our words (Volcengine's Status 0-4: unknown, starting, running, ended, failed). */
export type VendorTaskStatus = "unknown" | "starting" | "running" | "ended" | "failed";

/** Where a relay's push to its CDN stands (Volcengine's PushStreamState 0-6). */
export type PushStatus = "unknown" | "not-pushing" | "connecting" | "reconnecting" | "connected" | "pushing" | "stopped";

/** What the vendor says about a task: the resource's status outputs (tasks/liveStatus.ts). Times are ISO 8601. */
export interface LiveStatus {
  taskStatus: VendorTaskStatus;
  pushStatus?: PushStatus;
  taskStartTime?: string;
  taskEndTime?: string;
  stopReason?: string;
}

/** A kind's read of its task at the vendor. */
export interface TaskReading {
  /** What the lifecycle acts on: keep, mark ended, or leave alone. */
  status: TaskStatus;
  /** What the vendor says about the task; absent when it says nothing. */
  live?: LiveStatus;
  /**
   * The settings the vendor echoes, mapped back to our input names (camelCase); only what it echoes,
   * with its defaults filled in as it fills them. The lifecycle decides what counts as drift (lifecycle/drift.ts).
   */
  settings?: Inputs;
}

/**
 * What a kind reads back, where it has a read call: it decides the resource's status outputs and
 * what drift compares.
 */
export interface ReadBack {
  /** The type, in the vendor's model (vendors/<vendor>/model.json), of the task the read call answers. */
  readonly type: string;
  /** The vendor's spellings of our field names where they are not just capitalised (pushUrl → PushURL). */
  readonly renames: Readonly<Record<string, string>>;
  /** The vendor reports the push to the CDN (relays); a webcast publishes into a room and has none. */
  readonly pushStatus: boolean;
}

/**
 * What a vendor without a read call does offer about a task: a hint for people (the status command),
 * never state. `source` names the vendor call.
 */
export interface Hint {
  source: string;
  text: string;
}

/**
 * A task kind is a declaration: its schema, identity and vendor calls. Everything a kind does the
 * same way as the others (validation, auto-naming, update-versus-replace, idempotent stop, adopt,
 * drift) lives once, in lifecycle/.
 */
export interface TaskKind {
  /** Resource type token and `__kind` input, e.g. "VolcengineMixedRelayToCdn". */
  readonly type: string;
  readonly vendor: Vendor;
  /** What it is, after the vendor's name: "mixed relay to CDN" (see `titleOf`). */
  readonly name: string;
  /** The fields (inputs or outputs) that name the live task at the vendor, in the order people read them. */
  readonly identity: readonly string[];
  /**
   * What each input means, for people: its unit, range and default, keyed by its path
   * ("layout.customLayout.regions[].width", or "<TypeName>.<field>" inside a named shape, and
   * "<TypeName>" for the shape itself). The resource's Args and their doc comments are generated
   * from the schema and these (scripts/gen-args.ts). Kept in `<kind>.docs.ts` beside the
   * declaration; test/unit/resources/docs.test.ts names any property left without one.
   */
  readonly docs?: Readonly<Record<string, string>>;
  /** The vendor's action behind each step; the emulator answers every one of them. */
  readonly actions: Readonly<{ start: string; update?: string; stop: string; read?: string; hint?: string }>;
  /** Validates what a user declares; issues name the property path. */
  readonly schema: z.ZodType;
  /** The Pulumi id of a task, from its state. */
  id(state: State): string;
  /** What the resource is, for the doc comment of its class. */
  readonly summary: string;
  /** Identity fields the vendor lets the caller choose, filled Pulumi-style when not given (lifecycle/naming.ts). */
  readonly autoNames?: readonly AutoName[];
  /**
   * Dotted input paths the vendor's update call changes in place, given the desired inputs and the
   * current state. Absent when the vendor has no update call: every change then replaces the task.
   */
  updatable?(news: Inputs, olds: State): readonly string[];
  /**
   * Keys that two tasks cannot share while both run (same task id, same push URL...). When the old
   * and the new task share one, a replacement stops the old task first; otherwise it starts first.
   */
  clashKeys(inputs: Inputs): string[];
  /** Top-level inputs carrying secrets: stored as Pulumi secrets and scrubbed from errors. */
  readonly secretInputs: readonly string[];
  /** Outputs the kind adds to its inputs, such as a task id the vendor makes. */
  readonly outputs: Readonly<Record<string, OutputSpec>>;
  /**
   * How a start is made again when an earlier one may have run (its answer lost, or `pulumi`
   * killed before the checkpoint recorded it):
   * - "repeat": the vendor answers a repeated start with the running task (a caller-chosen id);
   * - "stop-first": stopping by the task's inputs is harmless when nothing runs, so stop, then start;
   * - "journal": only this machine's record of the vendor's answer can find the task (a server-made
   *   id); without one, a person must look.
   * Kinds other than "repeat" record their starts in the journal (lifecycle/journal.ts).
   */
  readonly restart: "repeat" | "stop-first" | "journal";
  /** What names the task at the vendor before it runs (Tencent's robot in its room, ZEGO's stream and address). */
  startKey(inputs: Inputs): string;
  /**
   * How long after its start the vendor's API still reaches a task by its id, where that is limited
   * (a Tencent TaskId: 30 days, while the relay runs on). The lifecycle warns as the end nears.
   */
  readonly reachMs?: number;
  /** Starts the task; returns the kind's outputs. */
  start(ctx: TaskContext, inputs: Inputs): Promise<State>;
  /** Changes a running task in place; returns the kind's outputs. */
  update?(ctx: TaskContext, olds: State, news: Inputs): Promise<State>;
  /**
   * Stops the task. An RTC_NOT_FOUND from here means it had already stopped; a kind whose vendor
   * cannot tell "stopped" from "out of reach" must answer something else when the task may still run.
   */
  stop(ctx: TaskContext, state: State): Promise<void>;
  /** Asks the vendor how the task stands and what it runs; absent when the vendor has no read call. */
  read?(ctx: TaskContext, state: State): Promise<TaskReading>;
  /** What `read` answers; present exactly when `read` is. */
  readonly readBack?: ReadBack;
  /** A labelled hint about the task, where the vendor has no read call but offers something near it. */
  hint?(ctx: TaskContext, state: State): Promise<Hint>;
}

/** An output a kind adds to its inputs: its type and what it means. */
export interface OutputSpec {
  type: "string" | "number";
  doc: string;
  /** Absent at times (until a refresh reads it, or while a task runs). */
  optional?: boolean;
}

/** The names of the outputs a kind adds. */
export const outputKeysOf = (kind: Pick<TaskKind, "outputs">): string[] => Object.keys(kind.outputs);

/** How people name a kind: "Volcengine mixed relay to CDN". */
export const titleOf = (kind: Pick<TaskKind, "vendor" | "name">): string => `${VENDOR_NAMES[kind.vendor]} ${kind.name}`;

/** The vendor's name, for sentences. */
export const vendorNameOf = (kind: Pick<TaskKind, "vendor">): string => VENDOR_NAMES[kind.vendor];

export interface AutoName {
  field: string;
  maxLength: number;
  /** Characters the vendor refuses in the field; each becomes "-". */
  disallowed: RegExp;
  /** Put before the resource name, e.g. "webcast_". */
  prefix?: string;
  /**
   * Kept across replacements, and so without a hash: a name other parties refer to (the user a
   * webcast publishes as). A replacement keeping it clashes with the old task, so it stops first.
   */
  stable?: boolean;
}

/** The inputs the lifecycle adds or keeps for itself; never sent to a vendor. */
export const INTERNAL_INPUTS = ["__provider", "__kind", "__logicalName", "__stack", "__generation", "adopt"] as const;

/** One of our input names in the vendor's spelling: a declared rename, else capitalised (pushUrl -> PushURL, control -> Control). */
export function vendorKey(key: string, renames: Readonly<Record<string, string>> = {}): string {
  return renames[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

/**
 * Maps our camelCase inputs to a vendor's PascalCase fields, recursively. Pulumi users expect
 * camelCase; vendors spell acronyms their own way, which `renames` lists (pushUrl -> PushURL).
 */
export function toVendorFields(value: unknown, renames: Readonly<Record<string, string>> = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => toVendorFields(v, renames));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || (INTERNAL_INPUTS as readonly string[]).includes(k)) continue;
    out[vendorKey(k, renames)] = toVendorFields(v, renames);
  }
  return out;
}

/** The inverse of toVendorFields: a vendor's answer in our input names (PushURL -> pushUrl, Control -> control). */
export function fromVendorFields(value: unknown, renames: Readonly<Record<string, string>> = {}): unknown {
  const back = new Map(Object.entries(renames).map(([ours, theirs]) => [theirs, ours]));
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v === null || typeof v !== "object") return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [back.get(k) ?? k.charAt(0).toLowerCase() + k.slice(1), visit(x)]));
  };
  return visit(value);
}

/** Picks the listed top-level inputs that are set. */
export function pick(inputs: Inputs, keys: readonly string[]): Inputs {
  const out: Inputs = {};
  for (const k of keys) if (inputs[k] !== undefined) out[k] = inputs[k];
  return out;
}
