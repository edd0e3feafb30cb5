import { randomBytes, timingSafeEqual } from "node:crypto";
import { checkRequest, checkType, vendorModels } from "../../vendors/model";
import { zegoSignature } from "../../vendors/zego/signer";
import type { VendorModule, VendorReply, VendorRequest } from "../server";
import type { EmulatorState } from "../state";

/**
 * ZEGO's server API gateway as the emulator speaks it: every action a GET at `/`, the common
 * parameters and their MD5 signature, the per-AppId rate, the model check and the Code envelope.
 * The actions are cdnTransferRules.ts's.
 */

/** Test credentials the emulator accepts (not secrets: they open nothing but the emulator). */
export const ZEGO_TEST_CREDENTIALS = { appId: "1234567890", serverSecret: "0123456789abcdef0123456789abcdef" } as const;

const MAX_SKEW_MS = 10 * 60_000;
const MODEL = vendorModels.zego;

export class ZegoError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}

/** The context one action handler gets: the signed caller and every query parameter. */
export interface ZegoCall {
  appId: string;
  isTest: boolean;
  q: Record<string, string>;
  state: EmulatorState;
}

/** One action; it returns the envelope's Data. */
export type ZegoHandler = (c: ZegoCall) => unknown;

const requestId = () =>
  BigInt(`0x${randomBytes(8).toString("hex")}`)
    .toString()
    .slice(0, 19);

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

/**
 * The business parameters, checked against ZEGO's model (provider/vendors/zego): a bad one is
 * answered with the code ZEGO documents for it (30009 StreamId, 5004 CDNUrl), or 5005.
 */
function checkAgainstModel(action: string, q: Record<string, string>): void {
  const [issue] = checkRequest(MODEL, action, q, { query: true, businessOnly: true });
  if (issue) throw new ZegoError(Number(issue.refusedWith ?? 5005), `${issue.path} ${issue.message}`);
}

/** The ZEGO module over the given actions. */
export function zegoGateway(actions: ReadonlyMap<string, ZegoHandler>): VendorModule {
  return {
    vendor: "zego",
    action: (req) => req.url.searchParams.get("Action") ?? undefined,
    throttled: () => envelope(5007, "call frequency too high"),
    internalError: () => envelope(5000, "internal error", 500),
    idleStopReason: () => "StreamEnded",
    describe: (endpoint) => ({ endpoint, ...ZEGO_TEST_CREDENTIALS, isTest: false }),
    env: (endpoint) => ({
      ZEGO_ENDPOINT: endpoint,
      ZEGO_APP_ID: ZEGO_TEST_CREDENTIALS.appId,
      ZEGO_SERVER_SECRET: ZEGO_TEST_CREDENTIALS.serverSecret,
    }),
    handle(req: VendorRequest, action: string, state: EmulatorState): VendorReply {
      try {
        if (req.url.pathname !== "/")
          throw new ZegoError(100000000, `no API at path ${req.url.pathname}: ZEGO serves every action at /`, 404);
        const q = parseZegoQuery(req.url);
        const { appId, isTest } = verifyZegoRequest(q);
        const handler = actions.get(action);
        if (!handler) throw new ZegoError(100000007, `Action ${action} is not supported`);
        if (req.method !== "GET") throw new ZegoError(5005, `${action} takes GET with every parameter in the query`);
        const qps = isTest ? 5 : 10;
        if (!state.admit(`zego:${appId}:${isTest ? "test" : "prod"}`, qps))
          throw new ZegoError(5007, `more than ${qps} requests per second`);
        if (MODEL.actions[action]) checkAgainstModel(action, q);
        const data = handler({ appId, isTest, q, state });
        const response = MODEL.actions[action]?.response;
        const [issue] = response ? checkType(MODEL, response, data, "Data") : [];
        if (issue) throw new Error(`the emulator's ${action} answer breaks ZEGO's model: ${issue.path} ${issue.message}`);
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
}
