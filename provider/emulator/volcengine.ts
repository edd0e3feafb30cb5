import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { checkRequest, vendorModels } from "../vendors/model";
import { canonicalQuery, parseVolcengineAuthorization, signingKey } from "../vendors/volcengine/signer";
import { asArray, asObject, headerValue, sha256Hex } from "../util/values";
import type { VendorModule, VendorReply, VendorRequest } from "./server";
import type { EmulatedTask, EmulatorState } from "./state";

/** Test credentials the emulator accepts (not secrets: they open nothing but the emulator). */
export const VOLCENGINE_TEST_CREDENTIALS = { accessKeyId: "AKLTEMULATOR00000000000000", secretAccessKey: "ZW11bGF0b3Itc2VjcmV0LWtleQ==" };

const MAX_SKEW_MS = 15 * 60_000;
/** Every request is held to the vendor's own model (provider/vendors/volcengine/model.json). */
const MODEL = vendorModels.volcengine;

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

/**
 * The vendor's parameter check: required fields, types, documented ranges, patterns and rules, from
 * its model; the first problem is answered in its error envelope (InvalidParameter, or the code the
 * vendor documents for that field). The emulator also refuses fields the model does not name, which
 * the vendor may ignore: a field we send that it does not know would otherwise change nothing, silently.
 */
export function checkAgainstModel(action: string, params: Record<string, unknown>, query: boolean): void {
  const [issue] = checkRequest(MODEL, action, params, { query });
  // Quoting the value, as vendors' messages do: the provider must scrub secrets from what comes back.
  if (issue) throw new VolcengineError(String(issue.refusedWith ?? "InvalidParameter"), `${issue.path}${issue.value === undefined ? "" : ` ${JSON.stringify(issue.value)}`} ${issue.message}`);
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

/** Mixed-relay rules that tie fields together, which the model cannot state (reference 1a; model notes). */
function checkRelayStreams(p: Record<string, unknown>): void {
  const streams = ((p.TargetStreams as { StreamList?: { Index?: number; UserId?: string }[] } | undefined)?.StreamList) ?? [];
  type Region = { StreamIndex?: number; Width?: number; Height?: number; LocationX?: number; LocationY?: number };
  const layout = p.Layout as { LayoutMode?: number; CustomLayout?: { Canvas?: { Width?: number; Height?: number }; Regions?: Region[] } } | undefined;
  const custom = layout?.LayoutMode === 2;
  if (streams.length > (custom ? 30 : 17)) throw new VolcengineError("InvalidParameter", `too many target streams: ${streams.length}`);
  const indexes = streams.map((s) => s.Index).filter((i) => i !== undefined);
  if (new Set(indexes).size !== indexes.length) throw new VolcengineError("InvalidParameter", "Stream.Index must be unique in a StreamList");
  if (custom) {
    const regions = new Set((layout?.CustomLayout?.Regions ?? []).map((r) => r.StreamIndex));
    for (const s of streams) if (!regions.has(s.Index)) throw new VolcengineError("InvalidParameter", `no region for stream ${s.UserId}`);
  }
  // Regions lie within the canvas, 640 x 480 unless given.
  const canvas = { Width: layout?.CustomLayout?.Canvas?.Width ?? 640, Height: layout?.CustomLayout?.Canvas?.Height ?? 480 };
  (layout?.CustomLayout?.Regions ?? []).forEach((r, i) => {
    const at = `Layout.CustomLayout.Regions[${i}]`;
    if ((r.Width ?? 0) > canvas.Width || (r.LocationX ?? 0) >= canvas.Width) throw new VolcengineError("InvalidParameter", `${at} lies outside the canvas width ${canvas.Width}`);
    if ((r.Height ?? 0) > canvas.Height || (r.LocationY ?? 0) >= canvas.Height) throw new VolcengineError("InvalidParameter", `${at} lies outside the canvas height ${canvas.Height}`);
  });
}

const MIXED = "PushMixedStreamToCDN";
const SINGLE = "PushSingleStreamToCDN";
const MUTABLE_MIXED = ["TargetStreams", "Layout", "Encode", "Control"];

/** Action handlers by name. Other Volcengine kinds add theirs to this table. */
export const volcengineActions: Record<string, { qps: number; handler: Handler }> = {
  StartPushMixedStreamToCDN: {
    qps: 150,
    handler: (c) => {
      checkRelayStreams(c.params);
      return startTask(c, MIXED, relayKey(c.params));
    },
  },
  StartPushSingleStreamToCDN: {
    qps: 150,
    handler: (c) => startTask(c, SINGLE, relayKey(c.params)),
  },
  UpdatePushMixedStreamToCDN: {
    qps: 150,
    handler: (c) => {
      checkRelayStreams(c.params);
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
      c.state.end(runningTask(c, relayKey(c.params), [MIXED, SINGLE]), "StopByAPI");
      return ok(c, "ok");
    },
  },
  GetPushMixedStreamToCDNTask: { qps: 60, handler: (c) => getTask(c, MIXED, "PushMixedStreamToCDNTask") },
  GetPushSingleStreamToCDNTask: { qps: 60, handler: (c) => getTask(c, SINGLE, "PushSingleStreamToCDNTask") },
};

function getTask(c: VolcCall, kind: string, resultKey: string): VendorReply {
  // The relays' Get calls take TaskId or UserId (model); the emulator keeps tasks by TaskId.
  if (c.params.TaskId === undefined) throw new VolcengineError("InvalidParameter", "TaskId is required (the emulator does not read client-SDK tasks by UserId)");
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
  const xDate = headerValue(req.headers, "x-date");
  const t = xDate && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(xDate);
  if (!t) throw new VolcengineError("MissingRequestInfo", "X-Date is missing or malformed", 400, 100004);
  const when = Date.UTC(+t[1]!, +t[2]! - 1, +t[3]!, +t[4]!, +t[5]!, +t[6]!);
  if (Math.abs(Date.now() - when) > MAX_SKEW_MS) throw new VolcengineError("InvalidTimestamp", "the signature has expired", 400, 100006);
  const bodyHash = sha256Hex(req.body);
  const claimed = headerValue(req.headers, "x-content-sha256");
  // Names are lower-cased in the canonical request (reference section 5, step 3): one listed in
  // capitals cannot have been signed as listed.
  const lowerCase = parsed.signedHeaders.every((h) => h === h.toLowerCase());
  if (!lowerCase || !parsed.signedHeaders.includes("x-date") || (claimed !== undefined && claimed !== bodyHash)) {
    throw new VolcengineError("SignatureDoesNotMatch", "the request signature does not match", 401, 100010);
  }
  const query = Object.fromEntries(req.url.searchParams.entries());
  const canonicalHeaders = parsed.signedHeaders.map((h) => `${h}:${(headerValue(req.headers, h) ?? "").trim()}\n`).join("");
  const canonical = [req.method, req.url.pathname, canonicalQuery(query), canonicalHeaders, parsed.signedHeaders.join(";"), claimed ?? bodyHash].join("\n");
  const scope = `${parsed.day}/${parsed.region}/${parsed.service}/request`;
  const toSign = ["HMAC-SHA256", xDate, scope, sha256Hex(canonical)].join("\n");
  const expected = createHmac("sha256", signingKey(VOLCENGINE_TEST_CREDENTIALS.secretAccessKey, parsed.day, parsed.region, parsed.service)).update(toSign).digest();
  if (parsed.service !== "rtc" || !timingSafeEqual(expected, Buffer.from(parsed.signature, "hex"))) {
    throw new VolcengineError("SignatureDoesNotMatch", "the request signature does not match", 401, 100010);
  }
  return { accessKeyId: parsed.accessKeyId };
}

export const volcengineEmulator: VendorModule = {
  vendor: "volcengine",
  action: (req) => req.url.searchParams.get("Action") ?? undefined,
  throttled: (action) => fail(action, "2023-11-01", new VolcengineError("FlowLimitExceeded.QPSOverLimit", "QPS over limit", 429)),
  internalError: (action) => fail(action, "2023-11-01", new VolcengineError("InternalError", "internal error, please retry", 500)),
  idleStopReason: "IdleTimeOut",
  tick: (state) => expireWebcasts(state),
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
      // Own entries only: an action named "constructor" or "__proto__" is as unknown as any other.
      const spec = Object.hasOwn(volcengineActions, action) ? volcengineActions[action] : undefined;
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
      // Every version the emulator serves is held to the 2023-11-01 model (the Stop bodies are the same in 2020-12-01).
      checkAgainstModel(action, params, req.method === "GET");
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

// ---------------------------------------------------------------------------------------------
// Cloud webcast and public stream (reference sections 2 and 3). The single-stream relay's actions
// are in the table above.

const WEBCAST = "Webcast";
const PUBLIC_STREAM = "PublicStream";
const DEFAULT_MAX_RUNNING_TIME_S = 86400;

type Params = Record<string, unknown>;

/**
 * A webcast ends by itself MaxRunningTime seconds (default 86400) after it started, with StopReason
 * ExceedMaxRunningTime. The emulator has no clock of its own, so each webcast call settles this first.
 */
export function expireWebcasts(state: EmulatorState, now = Date.now()): void {
  for (const t of state.list()) {
    if (t.vendor !== "volcengine" || t.kind !== WEBCAST) continue;
    const limit = typeof t.params.MaxRunningTime === "number" ? t.params.MaxRunningTime : DEFAULT_MAX_RUNNING_TIME_S;
    const deadline = t.startedAt + limit * 1000;
    if (now >= deadline) {
      state.end(t, "ExceedMaxRunningTime");
      t.endedAt = deadline;
    }
  }
}

const onWebcastClock = (h: Handler): Handler => (c) => {
  expireWebcasts(c.state);
  return h(c);
};

/**
 * Two participants with one UserId in one room: the vendor removes the one that joined earlier.
 * What becomes of the earlier webcast task is not documented; the emulator ends it, so that a
 * provider that starts a clashing page before stopping the old one is caught in tests.
 */
function kickSameUser(c: VolcCall, key: string): void {
  const p = c.params;
  for (const t of c.state.list()) {
    if (t.vendor === "volcengine" && t.kind === WEBCAST && t.key !== key &&
        t.params.AppId === p.AppId && t.params.RoomId === p.RoomId && t.params.UserId === p.UserId) {
      c.state.end(t, "UnknownStopReason");
    }
  }
}

const publicKey = (p: Params): string => `${p.AppId}/${p.PublicStreamId}`;

const sameSource = (a: Params, b: Params) =>
  a.RoomId === b.RoomId && (a.UserId ?? "") === (b.UserId ?? "") && (a.StreamType ?? 0) === (b.StreamType ?? 0);

/** Public-stream rules that tie fields together, which the model cannot state (reference 3; model notes). */
function checkPublicStream(p: Params): void {
  // Lists of objects: the model check has already typed them.
  const targets = asArray(p.TargetStreams) as Params[];
  const excluded = asArray(p.ExcludeStreams) as Params[];
  if (excluded.some((e) => targets.some((t) => sameSource(e, t)))) throw new VolcengineError("InvalidParameter", "ExcludeStreams repeats a stream of TargetStreams");
  const indexes = targets.map((t) => t.Index).filter((i) => i !== undefined);
  if (new Set(indexes).size !== indexes.length) throw new VolcengineError("InvalidParameter", "Index must be unique in TargetStreams");
  const rooms = new Map<unknown, unknown>();
  for (const t of targets) {
    if (!t.UserId) continue;
    if (rooms.has(t.UserId) && rooms.get(t.UserId) !== t.RoomId) throw new VolcengineError("InvalidParameter", `UserId ${String(t.UserId)} appears in two rooms`);
    rooms.set(t.UserId, t.RoomId);
  }
  const layout = asObject(p.Layout);
  if (p.TranscodeMode === 1) {
    if (targets.length !== 1 || !targets[0]!.UserId) throw new VolcengineError("InvalidParameter", "TranscodeMode 1 needs exactly one target stream with a UserId");
    if (excluded.length > 0) throw new VolcengineError("InvalidParameter", "TranscodeMode 1 needs empty ExcludeStreams");
  } else if (layout?.LayoutMode === 2) {
    if (!asObject(layout.CustomLayout)) throw new VolcengineError("InvalidParameter", "Layout.CustomLayout.Regions is required in custom layout");
    if (targets.some((t) => t.Index === undefined)) throw new VolcengineError("InvalidParameter", "Index is required on every target stream in custom layout");
  }
}

/** Fields UpdatePublicStreamParam replaces; whatever the call leaves out goes back to its default. */
const MUTABLE_PUBLIC = ["BusinessId", "TargetStreams", "ExcludeStreams", "TranscodeMode", "Layout", "Encode", "Control"];

/** Sets (or, for undefined, removes) a nested field, copying the objects on the way. */
function setIn(p: Params, path: string[], value: unknown): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    if (value === undefined) delete p[head];
    else p[head] = value;
    return;
  }
  const child = { ...(asObject(p[head]) ?? {}) };
  setIn(child, rest, value);
  if (Object.keys(child).length > 0) p[head] = child;
  else delete p[head];
}

const getIn = (p: Params, path: string[]): unknown => path.reduce<unknown>((v, k) => asObject(v)?.[k], p);

/** What the update call cannot change: it keeps the value the stream started with. */
const FIXED_AT_START = [["Control", "MaxIdleTime"], ["Encode", "VideoConfig", "VideoCodec"]];

Object.assign(volcengineActions, {
  StartWebcast: {
    qps: 150,
    handler: onWebcastClock((c) => {
      const key = relayKey(c.params);
      // A repeat for the running task is answered "already started" and changes nothing.
      if (!c.state.running("volcengine", key)) kickSameUser(c, key);
      return startTask(c, WEBCAST, key);
    }),
  },
  StopWebcast: {
    qps: 150,
    handler: onWebcastClock((c) => {
      c.state.end(runningTask(c, relayKey(c.params), [WEBCAST]), "StopByAPI");
      return ok(c, "ok");
    }),
  },
  GetWebCastTask: { qps: 60, handler: onWebcastClock((c) => getTask(c, WEBCAST, "WebCastTask")) },
  StartPushPublicStream: {
    qps: 150,
    handler: (c) => {
      checkPublicStream(c.params);
      const key = publicKey(c.params);
      // Unconfirmed at the vendor (reference 6). The emulator refuses a second start of a live
      // PublicStreamId, so that two declarations of one public stream fail loudly instead of
      // silently sharing it (and one's destroy stopping the other's stream).
      if (c.state.running("volcengine", key)) throw new VolcengineError("InvalidParameter.TaskAlreadyExists", `public stream ${key} is already being pushed`);
      c.state.start("volcengine", PUBLIC_STREAM, key, c.params);
      return ok(c, "ok");
    },
  },
  UpdatePublicStreamParam: {
    qps: 150,
    handler: (c) => {
      checkPublicStream(c.params);
      const t = runningTask(c, publicKey(c.params), [PUBLIC_STREAM]);
      const fixed = FIXED_AT_START.map((path) => [path, getIn(t.params, path)] as const);
      const next: Params = { ...t.params };
      for (const f of MUTABLE_PUBLIC) {
        if (c.params[f] === undefined) delete next[f];
        else next[f] = c.params[f];
      }
      for (const [path, value] of fixed) setIn(next, path, value);
      t.params = next;
      t.updates++;
      // DataMsg is not a setting: each update that carries it puts it into the next video frames.
      const dataMsg = asObject(c.params.Control)?.DataMsg;
      if (typeof dataMsg === "string") (t.injected ??= []).push(dataMsg);
      return ok(c, "ok");
    },
  },
  StopPushPublicStream: {
    qps: 150,
    handler: (c) => {
      c.state.end(runningTask(c, publicKey(c.params), [PUBLIC_STREAM]), "StopByAPI");
      return ok(c, "ok");
    },
  },
} satisfies Record<string, { qps: number; handler: Handler }>);
