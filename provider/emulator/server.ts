import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Vendor } from "../http/errors";
import { answerAdmin } from "./admin";
import { EmulatorState } from "./state";

export interface VendorRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface VendorReply {
  status: number;
  body: unknown;
}

/** One vendor's API as the emulator speaks it. The HTTP plumbing, faults and admin API are shared. */
export interface VendorModule {
  readonly vendor: Vendor;
  /** The action a request names (for faults and counting); undefined when it names none. */
  action(req: VendorRequest): string | undefined;
  handle(req: VendorRequest, action: string, state: EmulatorState): VendorReply;
  /** The vendor's own answers for an injected throttle or internal error. */
  throttled(action: string): VendorReply;
  internalError(action: string): VendorReply;
  /** What the vendor reports when a task of this kind ends on its own (idle, or for no reason it names). */
  idleStopReason(kind: string): string;
  /** Endpoint and accepted test credentials, for `/_emulator/endpoints`. */
  describe(endpoint: string): Record<string, unknown>;
  /** Environment variables that point this package's provider at the emulator. */
  env(endpoint: string): Record<string, string>;
  /** Brings time-driven changes (a task reaching its maximum running time) up to date before any answer. */
  tick?(state: EmulatorState): void;
  /** Why the vendor would not run a task of this kind with these settings (its model), or undefined. */
  checkSettings?(kind: string, params: Record<string, unknown>): string | undefined;
}

export interface RunningEmulator {
  /** Base URL of the admin API (`/_emulator/...`); every vendor listener answers it too. */
  readonly baseUrl: string;
  readonly endpoints: Readonly<Record<string, string>>;
  readonly state: EmulatorState;
  /** Environment variables that point the provider at this emulator, credentials included. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** Where the emulator listens: a bind address, and fixed ports (0 or absent: a free one). */
export interface ServeOptions {
  host?: string;
  /** The admin API's port. */
  port?: number;
  /** Each vendor's port, by vendor name. */
  vendorPorts?: Partial<Record<Vendor, number>>;
}

export async function serve(modules: VendorModule[], opts: ServeOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? "127.0.0.1";
  // URLs name a loopback address when the bind is a wildcard: the provider's Tencent client only
  // takes a plain-HTTP endpoint on loopback, and a saved URL must be one a client can dial.
  const urlHost = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;
  const state = new EmulatorState();
  const servers: Server[] = [];
  const endpoints: Record<string, string> = {};
  const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void, port: number, what: string): Promise<string> => {
    const server = createServer(handler);
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) =>
      server
        .once("error", (e: NodeJS.ErrnoException) =>
          reject(e.code === "EADDRINUSE" ? new Error(`the ${what} port ${port} on ${host} is in use`, { cause: e }) : e),
        )
        .listen(port, host, () => resolve()),
    );
    servers.push(server);
    const addr = server.address() as AddressInfo;
    return `http://${urlHost}:${addr.port}`;
  };
  const closeAll = () =>
    Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((r) => {
            s.closeAllConnections();
            s.close(() => r());
          }),
      ),
    ).then(() => undefined);
  let baseUrl: string;
  try {
    baseUrl = await listen((req, res) => void route(req, res, undefined), opts.port ?? 0, "admin");
    for (const m of modules)
      endpoints[m.vendor] = await listen((req, res) => void route(req, res, m), opts.vendorPorts?.[m.vendor] ?? 0, m.vendor);
  } catch (e) {
    // A port taken half-way: close what did open, so a failed start leaves no listener behind.
    await closeAll();
    throw e;
  }

  const env = () => Object.assign({}, ...modules.map((m) => m.env(endpoints[m.vendor]!))) as Record<string, string>;

  async function route(req: IncomingMessage, res: ServerResponse, module: VendorModule | undefined): Promise<void> {
    try {
      const body = await readBody(req);
      for (const m of modules) m.tick?.(state);
      const url = new URL(req.url ?? "/", baseUrl);
      if (url.pathname.startsWith("/_emulator/"))
        return reply(res, answerAdmin(req.method ?? "GET", url, body, { state, modules, endpoints, env }));
      if (!module)
        return reply(res, {
          status: 404,
          body: { error: "this is the emulator's admin port; vendor endpoints are listed at /_emulator/endpoints" },
        });
      await vendorCall(module, { method: req.method ?? "GET", url, headers: req.headers, body }, res);
    } catch (e) {
      reply(res, { status: 500, body: { error: String(e) } });
    }
  }

  async function vendorCall(m: VendorModule, req: VendorRequest, res: ServerResponse): Promise<void> {
    state.stats.requests++;
    const action = m.action(req) ?? "";
    const fault = state.fault(m.vendor, action);
    if (fault?.type === "throttle") return reply(res, m.throttled(action));
    if (fault?.type === "http500") return reply(res, m.internalError(action));
    if (fault?.type === "slow") await new Promise((r) => setTimeout(r, fault.delayMs ?? 30_000));
    const answer = m.handle(req, action, state);
    if (fault?.type === "reset") {
      // The call ran, but its answer is lost: the case that must never start a task twice.
      res.socket?.destroy();
      return;
    }
    if (fault?.type === "end-task") {
      const victim = state.list().find((t) => t.vendor === m.vendor);
      if (victim) state.end(victim, m.idleStopReason(victim.kind));
    }
    reply(res, answer);
  }

  return {
    baseUrl,
    endpoints,
    state,
    env,
    close: closeAll,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, r: VendorReply): void {
  const text = JSON.stringify(r.body);
  res.writeHead(r.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
