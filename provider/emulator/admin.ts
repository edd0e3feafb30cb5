import type { Vendor } from "../http/errors";
import { isPlainObject, type Obj } from "../util/values";
import { mergeSettings } from "./echo";
import type { VendorModule, VendorReply } from "./server";
import type { EmulatedTask, EmulatorState, FaultRule, LiveObservation } from "./state";

/** What the admin routes administer: the shared state and the vendor modules with their endpoints. */
export interface AdminContext {
  readonly state: EmulatorState;
  readonly modules: readonly VendorModule[];
  readonly endpoints: Readonly<Record<string, string>>;
  env(): Record<string, string>;
}

interface AdminRequest {
  url: URL;
  /** The body as JSON, {} when there is none; a malformed one throws, which the server answers with a 500. */
  json(): Obj;
}

interface AdminRoute {
  method: string;
  path: string;
  answer(req: AdminRequest, emu: AdminContext): VendorReply;
}

const ok = (body: unknown): VendorReply => ({ status: 200, body });
const refused = (status: number, error: string): VendorReply => ({ status, body: { error } });

/** The running task a body names by vendor and key, or the reply saying there is none. */
function runningNamed(emu: AdminContext, body: Obj): EmulatedTask | VendorReply {
  const t = emu.state.running(body.vendor as Vendor, String(body.key));
  return t ?? refused(404, `no running task ${String(body.vendor)}:${String(body.key)}`);
}
const isReply = (v: EmulatedTask | VendorReply): v is VendorReply => "body" in v;

/** Checks what `/_emulator/tasks/live` may set: a field of LiveObservation, of its type. */
function observation(body: Obj): LiveObservation | string {
  const out: LiveObservation = {};
  if (body.pushState !== undefined) {
    if (!Number.isInteger(body.pushState) || (body.pushState as number) < 0 || (body.pushState as number) > 6)
      return "pushState must be Volcengine's PushStreamState, 0-6";
    out.pushState = body.pushState as number;
  }
  if (body.subscribers !== undefined) {
    if (typeof body.subscribers !== "number" || body.subscribers < 0) return "subscribers must be a number, at least 0";
    out.subscribers = body.subscribers;
  }
  if (body.sourcePublished !== undefined) {
    if (typeof body.sourcePublished !== "boolean") return "sourcePublished must be true or false";
    out.sourcePublished = body.sourcePublished;
  }
  return Object.keys(out).length > 0 ? out : "give pushState, subscribers or sourcePublished";
}

/** The admin API, for tests and the demo; the README's emulator section lists it. */
const ROUTES: readonly AdminRoute[] = [
  {
    method: "GET",
    path: "/_emulator/endpoints",
    answer: (_req, emu) => ok(Object.fromEntries(emu.modules.map((m) => [m.vendor, m.describe(emu.endpoints[m.vendor]!)]))),
  },
  { method: "GET", path: "/_emulator/env", answer: (_req, emu) => ok(emu.env()) },
  { method: "GET", path: "/_emulator/tasks", answer: (req, emu) => ok({ tasks: emu.state.list(req.url.searchParams.get("all") === "1") }) },
  {
    // Ends tasks as if they went idle: by vendor and key, or every running task with {"all": true}; with
    // {"reason": "..."} as that stop reason (Volcengine reports StartTaskFailed as Status 4, failed).
    method: "POST",
    path: "/_emulator/tasks/end",
    answer: (req, emu) => {
      const { vendor, key, all, reason } = req.json() as { vendor?: Vendor; key?: string; all?: boolean; reason?: string };
      const ended = emu.state.list().filter((t) => all || (t.vendor === vendor && (key === undefined || t.key === key)));
      for (const t of ended) emu.state.end(t, reason ?? emu.modules.find((m) => m.vendor === t.vendor)?.idleStopReason(t.kind) ?? "Idle");
      return ok({ ended: ended.map((t) => `${t.vendor}:${t.key}`) });
    },
  },
  {
    // Changes a running task's settings behind the provider's back, as the vendor's console or another
    // tool would: the vendor's field names, merged into what runs (objects field by field, lists whole,
    // null removes), and held to the vendor's model of the task's start.
    method: "POST",
    path: "/_emulator/tasks/settings",
    answer: (req, emu) => {
      const body = req.json();
      const t = runningNamed(emu, body);
      if (isReply(t)) return t;
      if (!isPlainObject(body.settings)) return refused(400, "settings must be an object of the vendor's field names");
      const next = mergeSettings(t.params, body.settings);
      const problem = emu.modules.find((m) => m.vendor === t.vendor)?.checkSettings?.(t.kind, next);
      if (problem) return refused(400, `the vendor would not run that: ${problem}`);
      t.params = next;
      t.outsideChanges = (t.outsideChanges ?? 0) + 1;
      return ok({ changed: `${t.vendor}:${t.key}` });
    },
  },
  {
    // Sets what the vendor observes of a running task: a relay's push state (pushState, 0-6), a public
    // stream's subscribers, whether the stream a ZEGO rule relays is published (sourcePublished).
    method: "POST",
    path: "/_emulator/tasks/live",
    answer: (req, emu) => {
      const body = req.json();
      const t = runningNamed(emu, body);
      if (isReply(t)) return t;
      const seen = observation(body);
      if (typeof seen === "string") return refused(400, seen);
      t.live = { ...t.live, ...seen };
      return ok({ task: `${t.vendor}:${t.key}`, live: t.live });
    },
  },
  {
    method: "GET",
    path: "/_emulator/stats",
    answer: (_req, emu) =>
      ok({ ...emu.state.stats, running: emu.state.list().length, startsByKey: Object.fromEntries(emu.state.startsByKey) }),
  },
  {
    // One rule as the body, or {"rules": [...]}.
    method: "POST",
    path: "/_emulator/faults",
    answer: (req, emu) => {
      const body = req.json();
      emu.state.faults = (body.rules as FaultRule[] | undefined) ?? [body as unknown as FaultRule];
      return ok({ faults: emu.state.faults });
    },
  },
  {
    method: "DELETE",
    path: "/_emulator/faults",
    answer: (_req, emu) => {
      emu.state.faults = [];
      return ok({ faults: [] });
    },
  },
  {
    method: "POST",
    path: "/_emulator/reset",
    answer: (_req, emu) => {
      emu.state.reset();
      return ok({ ok: true });
    },
  },
];

const BY_METHOD_AND_PATH: ReadonlyMap<string, AdminRoute> = new Map(ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

/** Answers a request under /_emulator/; a trailing slash does not count. */
export function answerAdmin(method: string, url: URL, body: string, emu: AdminContext): VendorReply {
  const path = url.pathname.replace(/\/+$/, "");
  const route = BY_METHOD_AND_PATH.get(`${method} ${path}`);
  if (!route) return { status: 404, body: { error: `no admin route ${method} ${path}` } };
  return route.answer({ url, json: () => (body ? (JSON.parse(body) as Obj) : {}) }, emu);
}
