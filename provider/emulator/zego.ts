import { randomBytes, timingSafeEqual } from "node:crypto";
import { checkRequest, vendorModels } from "../vendors/model";
import { zegoSignature } from "../vendors/zego/signer";
import type { VendorModule, VendorReply, VendorRequest } from "./server";
import type { EmulatorState } from "./state";

/** Test credentials the emulator accepts (not secrets: they open nothing but the emulator). */
export const ZEGO_TEST_CREDENTIALS = { appId: "1234567890", serverSecret: "0123456789abcdef0123456789abcdef" } as const;

const MAX_SKEW_MS = 10 * 60_000;
const SEQUENCE_WINDOW_MS = 10_000;
const MODEL = vendorModels.zego;

/**
 * The Code the emulator answers for a Sequence that does not increase. ZEGO documents none; 5005
 * ("invalid request") is the nearest documented one, and like any unknown refusal it reaches the
 * user instead of being retried.
 */
export const ZEGO_STALE_SEQUENCE_CODE = 5005;

class ZegoError extends Error {
  constructor(readonly code: number, message: string, readonly status = 200) {
    super(message);
  }
}

const requestId = () => BigInt(`0x${randomBytes(8).toString("hex")}`).toString().slice(0, 19);

const envelope = (code: number, message: string, status = 200): VendorReply => ({
  status,
  body: { Code: code, Message: message, RequestId: requestId(), Data: null },
});

/** Every query parameter, decoded the way ZEGO's gateway reads a form-encoded query. */
export function parseZegoQuery(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in out)) out[k] = v;
  return out;
}

/** What identifies a rule at ZEGO: the stream and the URL, whose query parameters do not count. */
export const ruleKey = (streamId: string, cdnUrl: string): string => `${streamId}/${cdnUrl.split(/[?#]/)[0]}`;

/** The URL as the admin API shows it: the query (where push keys usually sit) masked. */
export const maskedUrl = (cdnUrl: string): string => (/[?#]/.test(cdnUrl) ? `${cdnUrl.split(/[?#]/)[0]}?***` : cdnUrl);

/** Checks the gateway's common parameters and the MD5 signature; answers the gateway's codes. */
export function verifyZegoRequest(q: Record<string, string>, now = Date.now()): { appId: string; isTest: boolean } {
  if (!q.Action) throw new ZegoError(100000006, "Action is empty");
  if (!q.AppId || !/^\d{1,10}$/.test(q.AppId) || Number(q.AppId) > 0xffffffff) throw new ZegoError(100000001, "AppId format error");
  if (!q.Timestamp) throw new ZegoError(100000002, "Timestamp is empty");
  if (!/^\d{1,12}$/.test(q.Timestamp)) throw new ZegoError(100000003, "Timestamp format error");
  if (!q.SignatureNonce) throw new ZegoError(100000008, "SignatureNonce is empty");
  if (!q.Signature) throw new ZegoError(100000009, "Signature is empty");
  if (!q.SignatureVersion) throw new ZegoError(100000013, "SignatureVersion is empty");
  if (q.SignatureVersion !== "2.0") throw new ZegoError(100000014, "SignatureVersion is not supported");
  if (q.AppId !== ZEGO_TEST_CREDENTIALS.appId) throw new ZegoError(100000010, "failed to get ServerSecret, please check AppId");
  if (Math.abs(now - Number(q.Timestamp) * 1000) > MAX_SKEW_MS) throw new ZegoError(100000004, "signature expired");
  const expected = Buffer.from(zegoSignature(q.AppId, q.SignatureNonce, ZEGO_TEST_CREDENTIALS.serverSecret, q.Timestamp));
  const given = Buffer.from(q.Signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ZegoError(100000005, "signature error");
  const isTest = q.IsTest === undefined ? "false" : q.IsTest;
  if (!/^(true|false)$/i.test(isTest)) throw new ZegoError(30004, "invalid IsTest");
  return { appId: q.AppId, isTest: isTest.toLowerCase() === "true" };
}

/** The last accepted Sequence per app and stream, per emulator. */
const sequences = new WeakMap<EmulatorState, Map<string, { sequence: bigint; at: number }>>();

function checkSequence(state: EmulatorState, key: string, raw: string, now = Date.now()): void {
  const sequence = BigInt(raw);
  let seen = sequences.get(state);
  if (!seen) sequences.set(state, (seen = new Map()));
  const last = seen.get(key);
  if (last && now - last.at < SEQUENCE_WINDOW_MS && sequence <= last.sequence) {
    throw new ZegoError(ZEGO_STALE_SEQUENCE_CODE, `Sequence ${raw} is not greater than ${last.sequence} sent ${now - last.at} ms ago for this stream`);
  }
  seen.set(key, { sequence, at: now });
}

interface RuleCall {
  appId: string;
  isTest: boolean;
  q: Record<string, string>;
  state: EmulatorState;
}

/**
 * The business parameters, checked against ZEGO's model (provider/vendors/zego): a bad one is
 * answered with the code ZEGO documents for it (30009 StreamId, 5004 CDNUrl), or 5005.
 */
function checkAgainstModel(action: string, q: Record<string, string>): void {
  const [issue] = checkRequest(MODEL, action, q, { query: true, businessOnly: true });
  if (issue) throw new ZegoError(Number(issue.refusedWith ?? 5005), `${issue.path} ${issue.message}`);
}

/** The stream, with the test environment's prefix rule, which ties StreamId to IsTest and the AppId. */
function requireStream(c: RuleCall): string {
  const id = c.q.StreamId!;
  if (c.isTest && !id.startsWith(`zegotest-${c.appId}-`)) throw new ZegoError(30009, `in the test environment StreamId must start with zegotest-${c.appId}-`);
  return id;
}

const RULE = "CDNTransferRule";

/** Action handlers by name; each returns Data (null for these). */
export const zegoActions: Record<string, (c: RuleCall) => null> = {
  CreatCDNTransferRule: (c) => {
    const streamId = requireStream(c);
    const url = c.q.CDNUrl!;
    checkSequence(c.state, `${c.appId}/${streamId}`, c.q.Sequence!);
    // A repeat for a running rule counts as a double start in the stats: the provider never sends one.
    c.state.start("zego", RULE, ruleKey(streamId, url), {
      AppId: c.appId, IsTest: c.isTest, StreamId: streamId, CDNUrl: maskedUrl(url), Sequence: c.q.Sequence,
    });
    return null;
  },
  DeleteCDNTransferRule: (c) => {
    const streamId = requireStream(c);
    const url = c.q.CDNUrl!;
    checkSequence(c.state, `${c.appId}/${streamId}`, c.q.Sequence!);
    // "If the stream is being relayed to that address, the relay stops" (seed 002): deleting a rule
    // that is not there changes nothing and succeeds (README, ZegoCdnTransferRule).
    const rule = c.state.running("zego", ruleKey(streamId, url));
    if (rule) c.state.end(rule, "DeleteByAPI");
    return null;
  },
  // Not in ZEGO's model here (the provider never clears): its parameters are checked by hand.
  ClearCDNTransferRule: (c) => {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(c.q.StreamId ?? "")) throw new ZegoError(30009, "invalid StreamId");
    if (!/^[0-9]{1,19}$/.test(c.q.Sequence ?? "")) throw new ZegoError(5005, "Sequence is required and must be a decimal number");
    const streamId = requireStream(c);
    checkSequence(c.state, `${c.appId}/${streamId}`, c.q.Sequence!);
    // ZEGO clears only rules whose relay has not begun; the emulator has no publishers, so every
    // rule of the stream counts as not begun.
    for (const t of c.state.list()) if (t.vendor === "zego" && t.params.StreamId === streamId) c.state.end(t, "ClearByAPI");
    return null;
  },
};

export const zegoEmulator: VendorModule = {
  vendor: "zego",
  action: (req) => req.url.searchParams.get("Action") ?? undefined,
  throttled: () => envelope(5007, "call frequency too high"),
  internalError: () => envelope(5000, "internal error", 500),
  idleStopReason: "StreamEnded",
  describe: (endpoint) => ({ endpoint, ...ZEGO_TEST_CREDENTIALS, isTest: false }),
  env: (endpoint) => ({ ZEGO_ENDPOINT: endpoint, ZEGO_APP_ID: ZEGO_TEST_CREDENTIALS.appId, ZEGO_SERVER_SECRET: ZEGO_TEST_CREDENTIALS.serverSecret }),
  handle(req: VendorRequest, action: string, state: EmulatorState): VendorReply {
    try {
      if (req.url.pathname !== "/") throw new ZegoError(100000000, `no API at path ${req.url.pathname}: ZEGO serves every action at /`, 404);
      const q = parseZegoQuery(req.url);
      const { appId, isTest } = verifyZegoRequest(q);
      const handler = Object.hasOwn(zegoActions, action) ? zegoActions[action] : undefined;
      if (!handler) throw new ZegoError(100000007, `Action ${action} is not supported`);
      if (req.method !== "GET") throw new ZegoError(5005, `${action} takes GET with every parameter in the query`);
      const qps = isTest ? 5 : 10;
      if (!state.admit(`zego:${appId}:${isTest ? "test" : "prod"}`, qps)) throw new ZegoError(5007, `more than ${qps} requests per second`);
      if (MODEL.actions[action]) checkAgainstModel(action, q);
      const data = handler({ appId, isTest, q, state });
      return { status: 200, body: { Code: 0, Message: "ok", RequestId: requestId(), Data: data } };
    } catch (e) {
      if (e instanceof ZegoError) {
        if (e.code === 100000005 || e.code === 100000010) state.stats.rejectedSignatures++;
        return envelope(e.code, e.message, e.status);
      }
      throw e;
    }
  },
};
