import type { Vendor } from "../http/errors";
import type { Obj } from "../util/values";
import type { VendorModule, VendorReply } from "./server";
import type { EmulatorState, FaultRule } from "./state";

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
    // Ends tasks as if they went idle: by vendor and key, or every running task with {"all": true}.
    method: "POST",
    path: "/_emulator/tasks/end",
    answer: (req, emu) => {
      const { vendor, key, all, reason } = req.json() as { vendor?: Vendor; key?: string; all?: boolean; reason?: string };
      const ended = emu.state.list().filter((t) => all || (t.vendor === vendor && (key === undefined || t.key === key)));
      for (const t of ended) emu.state.end(t, reason ?? emu.modules.find((m) => m.vendor === t.vendor)?.idleStopReason ?? "Idle");
      return ok({ ended: ended.map((t) => `${t.vendor}:${t.key}`) });
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
