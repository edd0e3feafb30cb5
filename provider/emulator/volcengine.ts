import { randomBytes, timingSafeEqual } from "node:crypto";
import { canonicalQuery, parseVolcengineAuthorization, sha256Hex, signingKey } from "../vendors/volcengine/signer";
import { createHmac } from "node:crypto";
import type { VendorModule, VendorReply, VendorRequest } from "./server";
import type { EmulatedTask, EmulatorState } from "./state";

/** Test credentials the emulator accepts (not secrets: they open nothing but the emulator). */
export const VOLCENGINE_TEST_CREDENTIALS = { accessKeyId: "AKLTEMULATOR00000000000000", secretAccessKey: "ZW11bGF0b3Itc2VjcmV0LWtleQ==" };

const ID = /^[a-zA-Z0-9_@\-.]{1,128}$/;
const MAX_SKEW_MS = 15 * 60_000;

/** The context one action handler gets. */
export interface VolcCall {
  action: string;
  version: string;
  params: Record<string, unknown>;
  state: EmulatorState;
}

type Handler = (c: VolcCall) => VendorReply;

export class VolcengineError extends Error {
  constructor(readonly code: string, message: string, readonly status = 200, readonly codeN?: number) {
    super(message);
  }
}

const requestId = () => `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}${randomBytes(6).toString("hex").toUpperCase()}`;

export const ok = (c: { action: string; version: string }, result: unknown): VendorReply => ({
  status: 200,
  body: { ResponseMetadata: { RequestId: requestId(), Action: c.action, Version: c.version, Service: "rtc", Region: "cn-north-1" }, Result: result },
});

export const fail = (action: string, version: string, e: VolcengineError): VendorReply => ({
  status: e.status,
  body: {
    ResponseMetadata: {
      RequestId: requestId(), Action: action, Version: version, Service: "rtc", Region: "cn-north-1",
      Error: { Code: e.code, Message: e.message, ...(e.codeN ? { CodeN: e.codeN } : {}) },
    },
  },
});

export function requireIds(p: Record<string, unknown>, ...names: string[]): void {
  for (const n of names) {
    const v = p[n];
    if (v === undefined || v === "") throw new VolcengineError("InvalidParameter", `${n} is required`);
    if (typeof v !== "string" || !ID.test(v)) throw new VolcengineError("InvalidParameter", `${n} ${JSON.stringify(v)} does not match [a-zA-Z0-9_@\\-\\.]{1,128}`);
  }
}

export function requireRtmp(p: Record<string, unknown>, name: string): void {
  const v = p[name];
  if (typeof v !== "string" || !/^rtmps?:\/\/[^/\s]+\/\S*/.test(v)) {
    throw new VolcengineError("InvalidParameter.InvalidRtmpAddress", `${name} must be an RTMP address`);
  }
}

export const relayKey = (p: Record<string, unknown>): string => `${p.AppId}/${p.RoomId}/${p.TaskId}`;

export const ALREADY_STARTED = "The task has been started. Please do not call the startup task interface repeatedly";

/** Start semantics shared by every caller-chosen-TaskId kind: a repeat for a running task is a no-op. */
export function startTask(c: VolcCall, kind: string, key: string): VendorReply {
  const running = c.state.running("volcengine", key);
  if (running) {
    if (running.kind !== kind) throw new VolcengineError("InvalidParameter.TaskAlreadyExists", `task ${key} already runs as ${running.kind}`);
    return ok(c, ALREADY_STARTED);
  }
  c.state.start("volcengine", kind, key, c.params);
  return ok(c, "ok");
}

export function runningTask(c: VolcCall, key: string, kinds: readonly string[]): EmulatedTask {
  const t = c.state.running("volcengine", key);
  if (!t || !kinds.includes(t.kind)) throw new VolcengineError("InvalidParameter.ErrorActiveTaskNotFound", `task ${key} does not exist or has stopped`);
  return t;
}

/** Status as Get*Task reports it: 2 running, 3 ended. */
export function taskView(t: EmulatedTask): Record<string, unknown> {
  return { ...t.params, StartTime: t.startedAt, EndTime: t.endedAt, Status: t.status === "running" ? 2 : 3, StopReason: t.stopReason };
}

function checkRelayStreams(p: Record<string, unknown>): void {
  const streams = ((p.TargetStreams as { StreamList?: { Index?: number; UserId?: string }[] } | undefined)?.StreamList) ?? [];
  const layout = p.Layout as { LayoutMode?: number; CustomLayout?: { Regions?: { StreamIndex?: number }[] } } | undefined;
  const custom = layout?.LayoutMode === 2;
  if (streams.length > (custom ? 30 : 17)) throw new VolcengineError("InvalidParameter", `too many target streams: ${streams.length}`);
  if (custom) {
    const regions = new Set((layout?.CustomLayout?.Regions ?? []).map((r) => r.StreamIndex));
    for (const s of streams) if (!regions.has(s.Index)) throw new VolcengineError("InvalidParameter", `no region for stream ${s.UserId}`);
  }
}

const MIXED = "PushMixedStreamToCDN";
const SINGLE = "PushSingleStreamToCDN";
const MUTABLE_MIXED = ["TargetStreams", "Layout", "Encode", "Control"];

/** Action handlers by name. Other Volcengine kinds add theirs to this table. */
export const volcengineActions: Record<string, { qps: number; handler: Handler }> = {
  StartPushMixedStreamToCDN: {
    qps: 150,
    handler: (c) => {
      requireIds(c.params, "AppId", "RoomId", "TaskId");
      requireRtmp(c.params, "PushURL");
      checkRelayStreams(c.params);
      return startTask(c, MIXED, relayKey(c.params));
    },
  },
  StartPushSingleStreamToCDN: {
    qps: 150,
    handler: (c) => {
      requireIds(c.params, "AppId", "RoomId", "TaskId");
      requireRtmp(c.params, "PushURL");
      const stream = c.params.Stream as { UserId?: string } | undefined;
      if (!stream?.UserId) throw new VolcengineError("InvalidParameter", "Stream.UserId is required");
      return startTask(c, SINGLE, relayKey(c.params));
    },
  },
  UpdatePushMixedStreamToCDN: {
    qps: 150,
    handler: (c) => {
      requireIds(c.params, "AppId", "RoomId", "TaskId");
      const t = runningTask(c, relayKey(c.params), [MIXED]);
      if ((t.params.Layout as { LayoutMode?: number } | undefined)?.LayoutMode !== 2) {
        throw new VolcengineError("InvalidParameter", "only tasks started with Layout.LayoutMode 2 can be updated");
      }
      // Not a partial update: every mutable field left out goes back to its default.
      for (const f of MUTABLE_MIXED) t.params[f] = c.params[f];
      t.updates++;
      return ok(c, "ok");
    },
  },
  StopPushStreamToCDN: {
    qps: 150,
    handler: (c) => {
      requireIds(c.params, "AppId", "RoomId", "TaskId");
      c.state.end(runningTask(c, relayKey(c.params), [MIXED, SINGLE]), "StopByAPI");
      return ok(c, "ok");
    },
  },
  GetPushMixedStreamToCDNTask: { qps: 60, handler: (c) => getTask(c, MIXED, "PushMixedStreamToCDNTask") },
  GetPushSingleStreamToCDNTask: { qps: 60, handler: (c) => getTask(c, SINGLE, "PushSingleStreamToCDNTask") },
};

function getTask(c: VolcCall, kind: string, resultKey: string): VendorReply {
  requireIds(c.params, "AppId", "RoomId", "TaskId");
  const t = c.state.get("volcengine", relayKey(c.params));
  if (!t || t.kind !== kind) throw new VolcengineError("InvalidParameter.ErrorActiveTaskNotFound", `task ${relayKey(c.params)} does not exist`);
  return ok(c, { [resultKey]: taskView(t) });
}

/** Checks the HMAC-SHA256 signature the way the gateway does, over the headers the request says it signed. */
function verify(req: VendorRequest): { accessKeyId: string } {
  const auth = req.headers.authorization;
  if (!auth) throw new VolcengineError("MissingAuthenticationToken", "the request has no Authorization header", 401, 100003);
  const parsed = parseVolcengineAuthorization(auth);
  if (!parsed) throw new VolcengineError("SignatureDoesNotMatch", "the Authorization header is malformed", 401, 100010);
  if (parsed.accessKeyId !== VOLCENGINE_TEST_CREDENTIALS.accessKeyId) throw new VolcengineError("InvalidAccessKey", "the access key does not exist", 401, 100009);
  const xDate = header(req, "x-date");
  const t = xDate && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(xDate);
  if (!t) throw new VolcengineError("MissingRequestInfo", "X-Date is missing or malformed", 400, 100004);
  const when = Date.UTC(+t[1]!, +t[2]! - 1, +t[3]!, +t[4]!, +t[5]!, +t[6]!);
  if (Math.abs(Date.now() - when) > MAX_SKEW_MS) throw new VolcengineError("InvalidTimestamp", "the signature has expired", 400, 100006);
  const bodyHash = sha256Hex(req.body);
  const claimed = header(req, "x-content-sha256");
  if (!parsed.signedHeaders.includes("x-date") || (claimed !== undefined && claimed !== bodyHash)) {
    throw new VolcengineError("SignatureDoesNotMatch", "the request signature does not match", 401, 100010);
  }
  const query = Object.fromEntries(req.url.searchParams.entries());
  const canonicalHeaders = parsed.signedHeaders.map((h) => `${h}:${(header(req, h) ?? "").trim()}\n`).join("");
  const canonical = [req.method, req.url.pathname, canonicalQuery(query), canonicalHeaders, parsed.signedHeaders.join(";"), claimed ?? bodyHash].join("\n");
  const scope = `${parsed.day}/${parsed.region}/${parsed.service}/request`;
  const toSign = ["HMAC-SHA256", xDate, scope, sha256Hex(canonical)].join("\n");
  const expected = createHmac("sha256", signingKey(VOLCENGINE_TEST_CREDENTIALS.secretAccessKey, parsed.day, parsed.region, parsed.service)).update(toSign).digest();
  if (parsed.service !== "rtc" || !timingSafeEqual(expected, Buffer.from(parsed.signature, "hex"))) {
    throw new VolcengineError("SignatureDoesNotMatch", "the request signature does not match", 401, 100010);
  }
  return { accessKeyId: parsed.accessKeyId };
}

function header(req: VendorRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

export const volcengineEmulator: VendorModule = {
  vendor: "volcengine",
  action: (req) => req.url.searchParams.get("Action") ?? undefined,
  throttled: (action) => fail(action, "2023-11-01", new VolcengineError("FlowLimitExceeded.QPSOverLimit", "QPS over limit", 429)),
  internalError: (action) => fail(action, "2023-11-01", new VolcengineError("InternalError", "internal error, please retry", 500)),
  idleStopReason: "IdleTimeOut",
  describe: (endpoint) => ({ endpoint, region: "cn-north-1", ...VOLCENGINE_TEST_CREDENTIALS }),
  env: (endpoint) => ({
    VOLCENGINE_ENDPOINT: endpoint,
    VOLCENGINE_ACCESS_KEY: VOLCENGINE_TEST_CREDENTIALS.accessKeyId,
    VOLCENGINE_SECRET_KEY: VOLCENGINE_TEST_CREDENTIALS.secretAccessKey,
  }),
  handle(req, action, state) {
    const version = req.url.searchParams.get("Version") ?? "";
    try {
      const { accessKeyId } = verify(req);
      const spec = volcengineActions[action];
      if (!spec || !["2023-11-01", "2020-12-01"].includes(version)) {
        throw new VolcengineError("InvalidActionOrVersion", `unknown action ${action} at version ${version}`, 404, 100008);
      }
      if (!state.admit(`volcengine:${accessKeyId}:${spec.qps}`, spec.qps)) {
        throw new VolcengineError("FlowLimitExceeded.QPSOverLimit", `more than ${spec.qps} requests per second`, 429);
      }
      let params: Record<string, unknown>;
      if (req.method === "GET") params = Object.fromEntries([...req.url.searchParams].filter(([k]) => k !== "Action" && k !== "Version"));
      else {
        if (!req.body) throw new VolcengineError("InvalidParameter.BodyIsEmpty", "the request body is empty");
        try { params = JSON.parse(req.body) as Record<string, unknown>; } catch { throw new VolcengineError("InvalidParameter.Unmarshal", "the body is not valid JSON"); }
      }
      return spec.handler({ action, version, params, state });
    } catch (e) {
      if (e instanceof VolcengineError) {
        if (e.code === "SignatureDoesNotMatch" || e.code === "InvalidAccessKey") state.stats.rejectedSignatures++;
        return fail(action, version, e);
      }
      throw e;
    }
  },
};
