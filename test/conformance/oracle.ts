import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import type { Vendor } from "../../provider/http/errors";
import { validate } from "../../provider/lifecycle/validate";
import type { Inputs, State, TaskContext, TaskKind } from "../../provider/tasks/kind";
import { checkRequest, fieldPaths, genericPath, type FieldSpec, type ModelIssue, type VendorModel } from "../../provider/vendors/model";
import type { KindFixture, Spec } from "../unit/tasks/fixtures";

/**
 * The vendors' own models as a test oracle. Three checks, each a function that reports rather than
 * asserts, so that a test can also run it on a planted mistake and see it fire:
 *
 * - wireIssues: a request our kinds put on the wire is valid against the vendor's model (every path
 *   exists, types fit, values within the documented ranges and rules);
 * - coverageGaps: every field of the model is sent for some input, or listed as unsupported with a
 *   reason (and nothing listed is in fact sent);
 * - widerThanVendor: a value just outside a documented range (or breaking a documented rule) is
 *   refused by our schema, or never reaches the wire unchanged.
 *
 * Requests are captured off the wire: a local server per vendor answers every call with the vendor's
 * success envelope and keeps what it was sent.
 */

export interface Captured {
  vendor: Vendor;
  action: string;
  /** The JSON body, or the query parameters (Volcengine's Action and Version left out). */
  params: Record<string, unknown>;
  in: "body" | "query";
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// Capturing requests

export class WireCapture {
  private readonly servers: Server[] = [];
  private readonly ports: Partial<Record<Vendor, number>> = {};
  private log: Captured[] = [];

  async start(): Promise<void> {
    for (const vendor of ["volcengine", "tencent", "zego"] as const) {
      const server = createServer(
        (req, res) =>
          void this.answer(vendor, req).then((body) => {
            res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
          }),
      );
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      this.servers.push(server);
      this.ports[vendor] = (server.address() as AddressInfo).port;
    }
  }

  /** Points the provider at the capture servers; rates are lifted, as nothing real is called. */
  env(): Record<string, string> {
    const url = (v: Vendor) => `http://127.0.0.1:${this.ports[v]}`;
    return {
      VOLCENGINE_ENDPOINT: url("volcengine"),
      VOLCENGINE_ACCESS_KEY: "AKLTCAPTURE",
      VOLCENGINE_SECRET_KEY: "capture",
      TENCENTCLOUD_ENDPOINT: url("tencent"),
      TENCENTCLOUD_SECRET_ID: "AKIDCAPTURE",
      TENCENTCLOUD_SECRET_KEY: "capture",
      TENCENTCLOUD_REGION: "ap-guangzhou",
      ZEGO_ENDPOINT: url("zego"),
      ZEGO_APP_ID: "1234567890",
      ZEGO_SERVER_SECRET: "capture",
      RTC_TASKS_VOLCENGINE_QPS: "100000",
      RTC_TASKS_VOLCENGINE_READ_QPS: "100000",
      RTC_TASKS_TENCENT_QPS: "100000",
      RTC_TASKS_ZEGO_QPS: "100000",
      RTC_TASKS_LOG: "quiet",
    };
  }

  /** The requests sent since the last call. */
  take(): Captured[] {
    const out = this.log;
    this.log = [];
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((r) => {
            s.closeAllConnections();
            s.close(() => r());
          }),
      ),
    );
  }

  private async answer(vendor: Vendor, req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://capture");
    const query = Object.fromEntries(url.searchParams);
    if (vendor === "volcengine") {
      const { Action: action = "", Version: _v, ...rest } = query;
      this.log.push(
        req.method === "GET"
          ? { vendor, action, params: rest, in: "query" }
          : { vendor, action, params: JSON.parse(body) as Obj, in: "body" },
      );
      const task = { Status: 2, StartTime: Date.now(), EndTime: 0 };
      return {
        ResponseMetadata: { RequestId: "capture", Action: action },
        Result: action.startsWith("Get") ? { PushMixedStreamToCDNTask: task, PushSingleStreamToCDNTask: task, WebCastTask: task } : "ok",
      };
    }
    if (vendor === "tencent") {
      this.log.push({ vendor, action: String(req.headers["x-tc-action"]), params: JSON.parse(body) as Obj, in: "body" });
      return { Response: { TaskId: "captured-task", RequestId: "capture" } };
    }
    this.log.push({ vendor, action: query.Action ?? "", params: query, in: "query" });
    return { Code: 0, Message: "ok", RequestId: "capture", Data: null };
  }
}

const ctx: TaskContext = { redact: (s) => s };

/** Every request a kind sends for these inputs: start, update (from `olds`), read, hint and stop. */
export async function requestsOf(kind: TaskKind, capture: WireCapture, news: Inputs, olds: Inputs = news): Promise<Captured[]> {
  capture.take();
  const outputs = await kind.start(ctx, news);
  const state: State = { ...news, ...outputs };
  if (kind.update) await kind.update(ctx, { ...olds, ...outputs }, news);
  if (kind.read) await kind.read(ctx, state);
  if (kind.hint) await kind.hint(ctx, state);
  await kind.stop(ctx, state);
  return capture.take();
}

// ---------------------------------------------------------------------------------------------
// (a) every request valid against the model

/** Issues as "Action Path[]: rule (e.g. the value sent)", one per action, place and rule. */
export function wireIssues(model: VendorModel, captured: readonly Captured[]): string[] {
  const issues = new Map<string, string>();
  for (const c of captured) {
    if (!model.actions[c.action]) {
      issues.set(c.action, `${c.action}: not an action of the ${model.vendor} model`);
      continue;
    }
    for (const i of checkRequest(model, c.action, c.params, { query: c.in === "query" }) as ModelIssue[]) {
      const key = `${c.action} ${genericPath(i.path)}: ${i.message}`;
      if (!issues.has(key)) issues.set(key, `${key} (e.g. ${JSON.stringify(valueAt(c.params, i.path))?.slice(0, 80) ?? "nothing"})`);
    }
  }
  return [...issues.values()];
}

function valueAt(v: unknown, path: string): unknown {
  let x = v;
  for (const part of path.split(/\.|(?=\[)/)) {
    const m = /^\[(\d+)\]$/.exec(part);
    if (m) x = Array.isArray(x) ? x[Number(m[1])] : undefined;
    else x = isObj(x) ? x[part] : undefined;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// (b) every model field sent for some input, or deliberately unsupported

/** Fields we never send, by action and model path (a path covers what lies under it), each with its reason. */
export type Unsupported = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Every path of a request, generic ("Regions[].Width"), with all the objects and arrays above it. */
export function sentPaths(params: unknown, at = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(params)) {
    if (at) out.add(at);
    for (const x of params) sentPaths(x, `${at}[]`, out);
  } else if (isObj(params)) {
    if (at) out.add(at);
    for (const [k, x] of Object.entries(params)) sentPaths(x, at ? `${at}.${k}` : k, out);
  } else if (params !== undefined && at) out.add(at);
  return out;
}

export function coverageGaps(
  model: VendorModel,
  actions: readonly string[],
  captured: readonly Captured[],
  unsupported: Unsupported,
): string[] {
  const gaps: string[] = [];
  for (const action of actions) {
    const sent = new Set<string>();
    for (const c of captured) if (c.action === action) sentPaths(c.params, "", sent);
    const listed = unsupported[action] ?? {};
    const covered = (path: string) => Object.keys(listed).some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
    const spec = model.actions[action]!;
    const paths = fieldPaths(model, spec.request).map((p) => p.path);
    if (model.common) paths.push(...fieldPaths(model, model.common).map((p) => p.path));
    if (![...sent].length) gaps.push(`${action}: never sent`);
    for (const path of paths) {
      if (!sent.has(path) && !covered(path)) gaps.push(`${action} ${path}: in the model, never sent, and not listed as unsupported`);
    }
    for (const path of Object.keys(listed)) {
      if (!paths.includes(path)) gaps.push(`${action} ${path}: listed as unsupported, but not in the model`);
      else if (sent.has(path)) gaps.push(`${action} ${path}: listed as unsupported, but sent`);
    }
  }
  return gaps;
}

// ---------------------------------------------------------------------------------------------
// (c) our rules no wider than the vendor's

const MARK = "\u0001";
const isMark = (v: unknown): v is string => typeof v === "string" && v.startsWith(MARK) && v.endsWith(MARK);
/** The inputs the lifecycle keeps for itself. */
const INTERNAL = new Set(["__kind", "__logicalName", "adopt", "__provider"]);

type Path = (string | number)[];

/** Every primitive leaf of an input, with its path. */
function leaves(v: unknown, at: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...at, i]));
  if (isObj(v)) return Object.entries(v).flatMap(([k, x]) => (at.length === 0 && INTERNAL.has(k) ? [] : leaves(x, [...at, k])));
  return v === undefined ? [] : [{ path: at, value: v }];
}

function setAt(v: Inputs, path: Path, value: unknown): Inputs {
  const out = structuredClone(v);
  let parent: Record<string | number, unknown> = out;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return out;
}

function getAt(v: unknown, path: Path): unknown {
  let x = v;
  for (const k of path) x = x !== null && typeof x === "object" ? (x as Record<string | number, unknown>)[k] : undefined;
  return x;
}

/** Where each input leaf lands in the start request: every leaf is replaced by a marker, and the markers found. */
export async function traceStart(
  kind: TaskKind,
  capture: WireCapture,
  inputs: Inputs,
): Promise<{ action: string; pairs: { input: Path; wire: string }[] }> {
  const all = leaves(inputs);
  let marked = inputs;
  all.forEach((l, i) => {
    marked = setAt(marked, l.path, `${MARK}${i}${MARK}`);
  });
  capture.take();
  await kind.start(ctx, marked);
  const [sent] = capture.take();
  const pairs: { input: Path; wire: string }[] = [];
  const walk = (v: unknown, at: string) => {
    if (isMark(v)) pairs.push({ input: all[Number(v.slice(1, -1))]!.path, wire: at });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
  };
  walk(sent!.params, "");
  return { action: sent!.action, pairs };
}

/** Values just outside what a field accepts (and inside its type, so that the range is what is tested). */
export function outsideValues(spec: FieldSpec, current: unknown): unknown[] {
  const out: unknown[] = [];
  const accepts = (v: unknown) => spec.alsoAccepts?.includes(v as never);
  if (spec.type === "integer" || spec.type === "number") {
    const step = spec.type === "integer" ? 1 : 0.01;
    if (spec.enum) {
      const nums = spec.enum.filter((x): x is number => typeof x === "number");
      out.push(Math.max(...nums) + 1, Math.min(...nums) - 1);
      for (let n = Math.min(...nums); n <= Math.max(...nums); n++)
        if (!nums.includes(n)) {
          out.push(n);
          break;
        }
    }
    if (spec.min !== undefined) out.push(spec.min - step);
    if (spec.max !== undefined) out.push(spec.max + step);
    if (spec.exclusiveMin !== undefined) out.push(spec.exclusiveMin);
    if (spec.exclusiveMax !== undefined) out.push(spec.exclusiveMax);
    if (spec.format === "int32" && spec.min === undefined && spec.max === undefined) out.push(2 ** 31, -(2 ** 31) - 1);
    for (const x of spec.exclude ?? []) out.push(x);
    const lo = spec.min ?? spec.exclusiveMin ?? 0;
    if (spec.type === "integer") out.push(lo + 0.5);
    if (spec.even) out.push((spec.min ?? 0) + 1 + ((spec.min ?? 0) % 2 === 0 ? 0 : 1));
  } else if (spec.type === "string") {
    const s = typeof current === "string" ? current : "x";
    if (spec.enum) out.push(`${String(spec.enum[0])}-other`);
    if (spec.pattern) {
      const re = new RegExp(spec.pattern);
      const candidates = [
        "",
        "a b",
        `${s} x`,
        `#${s}`,
        `é${s}`,
        s.toUpperCase(),
        "rtmps://push.example.com/live/s",
        "http://push.example.com/live/s",
        "x".repeat(300),
        "0x12345g",
      ];
      out.push(...candidates.filter((c) => !re.test(c)).slice(0, 4));
    }
    if (spec.maxLength !== undefined) out.push(s + "a".repeat(Math.max(1, spec.maxLength + 1 - [...s].length)));
    if (spec.maxBytes !== undefined) out.push(s + "a".repeat(Math.max(1, spec.maxBytes + 1 - Buffer.byteLength(s))));
  } else if (spec.type === "array" && Array.isArray(current) && current.length > 0) {
    if (spec.maxItems !== undefined) out.push(Array.from({ length: spec.maxItems + 1 }, () => structuredClone(current[0])));
    if (spec.minItems !== undefined && spec.minItems > 0) out.push(current.slice(0, spec.minItems - 1));
  }
  return out.filter((v) => !accepts(v) && !(typeof v === "number" && !Number.isFinite(v)));
}

function fieldAt(model: VendorModel, typeName: string, wirePath: string): FieldSpec | undefined {
  const generic = genericPath(wirePath);
  return fieldPaths(model, typeName).find((p) => p.path === generic)?.spec;
}

/** The type an object at a wire path has ("" is the request itself). */
function typeAt(model: VendorModel, request: string, wirePath: string): string | undefined {
  if (wirePath === "") return request;
  const spec = fieldAt(model, request, wirePath);
  let s = spec;
  while (s?.type === "array") s = s.items;
  return s?.type === "object" ? s.ref : undefined;
}

export interface Probe {
  input: Path;
  value: unknown;
  /** What the probe breaks: a field's range, or one of the model's rules. */
  breaks: string;
}

/** The probes for one valid input: a value outside each traced field's range, and each rule broken. */
export function probesFor(
  model: VendorModel,
  action: string,
  inputs: Inputs,
  pairs: readonly { input: Path; wire: string }[],
): { probe: Probe; setup: Path[]; setupValues: unknown[] }[] {
  const request = model.actions[action]!.request;
  const out: { probe: Probe; setup: Path[]; setupValues: unknown[] }[] = [];
  // Array-level pairs come from their elements: "Regions[0].Width" also maps the list "Regions".
  const withArrays = [...pairs];
  for (const p of pairs) {
    const m = /^(.*)\[(\d+)\][^[\]]*$/.exec(p.wire);
    const idx = p.input.map((k) => typeof k === "number").lastIndexOf(true);
    if (m && idx >= 0 && !withArrays.some((q) => q.wire === m[1])) withArrays.push({ input: p.input.slice(0, idx), wire: m[1]! });
  }
  for (const p of withArrays) {
    const spec = fieldAt(model, request, p.wire);
    if (!spec) continue;
    for (const value of outsideValues(spec, getAt(inputs, p.input)))
      out.push({ probe: { input: p.input, value, breaks: p.wire }, setup: [], setupValues: [] });
  }
  // Rules: set the `if` fields, then break the `then` field or drop the `require`d one.
  const parents = new Map<string, { input: Path; wire: string }[]>();
  for (const p of pairs) {
    const cut = p.wire.lastIndexOf(".");
    const parent = cut < 0 ? "" : p.wire.slice(0, cut);
    parents.set(parent, [...(parents.get(parent) ?? []), p]);
  }
  for (const [parent, members] of parents) {
    const type = typeAt(model, request, parent);
    const leafOf = (field: string) => members.find((m) => m.wire === (parent ? `${parent}.${field}` : field));
    for (const rule of (type && model.rules?.[type]) || []) {
      const ifs = Object.entries(rule.if).map(([f, v]) => ({ at: leafOf(f), v }));
      if (ifs.some((x) => !x.at)) continue;
      const setup = ifs.map((x) => x.at!.input);
      const setupValues = ifs.map((x) => x.v);
      for (const field of rule.require ?? []) {
        const target = leafOf(field);
        // A required field is dropped as a whole: the input that maps to it, or the object holding it.
        if (target)
          out.push({
            probe: { input: target.input, value: undefined, breaks: `${parent} rule: ${field} required when ${JSON.stringify(rule.if)}` },
            setup,
            setupValues,
          });
      }
      for (const [field, extra] of Object.entries(rule.then ?? {})) {
        const target = leafOf(field);
        const spec = model.types[type!]?.[field];
        if (!target || !spec) continue;
        for (const value of outsideValues({ ...spec, ...extra, alsoAccepts: undefined } as FieldSpec, getAt(inputs, target.input))) {
          if (!extra.enum || !extra.enum.includes(value as never)) {
            if (spec.enum && !spec.enum.includes(value as never)) continue; // outside the field itself: covered above
            out.push({
              probe: {
                input: target.input,
                value,
                breaks: `${parent} rule: ${field} ${JSON.stringify(extra)} when ${JSON.stringify(rule.if)}`,
              },
              setup,
              setupValues,
            });
          }
        }
      }
    }
  }
  return out;
}

/**
 * For each probe: if our schema accepts the input with the probe's value and the request built from
 * it breaks the vendor's model, our rule is wider than the vendor's.
 */
export async function widerThanVendor(kind: TaskKind, model: VendorModel, capture: WireCapture, inputs: Inputs): Promise<string[]> {
  const { action, pairs } = await traceStart(kind, capture, inputs);
  const issuesOf = async (v: Inputs) => {
    capture.take();
    await kind.start(ctx, v);
    return wireIssues(
      model,
      capture.take().filter((c) => c.action === action),
    ).map((i) => i.replace(/ \(e\.g\. .*\)$/, ""));
  };
  // Only what the probe adds counts: the input itself may already break the model (check (a) reports that).
  const before = new Set(await issuesOf(inputs));
  const found: string[] = [];
  for (const { probe, setup, setupValues } of probesFor(model, action, inputs, pairs)) {
    let probed = inputs;
    setup.forEach((p, i) => {
      probed = setAt(probed, p, setupValues[i]);
    });
    if (validate(kind.schema, probed).length > 0) continue; // the setup alone is refused: nothing to learn
    const base = setup.length > 0 ? new Set(await issuesOf(probed)) : before;
    probed = setAt(probed, probe.input, probe.value);
    if (validate(kind.schema, probed).length > 0) continue; // refused, as it should be
    const added = (await issuesOf(probed)).filter((i) => !base.has(i));
    if (added.length > 0)
      found.push(
        `${format(probe.input)} = ${JSON.stringify(probe.value)?.slice(0, 60) ?? "(left out)"} is accepted, and the vendor refuses it (${probe.breaks}): ${added[0]}`,
      );
  }
  return [...new Set(found)];
}

/** An input path the way check names properties, list positions left out: "layout.customLayout.regions[].width". */
const format = (path: Path): string => path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[]` : s ? `${s}.${k}` : k), "");

// ---------------------------------------------------------------------------------------------
// Inputs

/** Valid inputs with every optional property present and every list holding an entry, where the kind's rules allow. */
export function fullInputs(f: KindFixture): fc.Arbitrary<Inputs> {
  return full(f.spec).map((v) => f.fix(v as Inputs));
}

function full(spec: Spec): fc.Arbitrary<unknown> {
  if (spec.fields) {
    const fields = Object.entries(spec.fields).filter(([, field]) => !field.never);
    return fc.record(Object.fromEntries(fields.map(([k, field]) => [k, field.fixed ? field.spec.valid : full(field.spec)])), {
      noNullPrototype: true,
    });
  }
  if (spec.element) return fc.array(full(spec.element), { minLength: 1, maxLength: 2 });
  return spec.valid;
}
