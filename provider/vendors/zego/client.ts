import { numberSetting, readSetting, requireSetting } from "../../config";
import { RtcError, vendorFailure, withoutEnvelope, type RtcErrorCode } from "../../http/errors";
import { limiterFor } from "../../http/rateLimiter";
import { callVendor, type WireRequest, type WireResponse } from "../../http/transport";
import { httpPolicy } from "../common";
import { vendorModels, type CodeClass } from "../model";
import { nextSequence, STALE_SEQUENCE_CODE, streamQueue } from "./sequence";
import { zegoCommonParams, zegoQuery, type ZegoCredentials } from "./signer";

export const ZEGO_DEFAULT_ENDPOINT = "https://rtc-api.zego.im";

export const zegoSettings = {
  appId: { key: "zegoAppId", env: ["ZEGO_APP_ID"] },
  serverSecret: { key: "zegoServerSecret", env: ["ZEGO_SERVER_SECRET"], secret: true },
  endpoint: { key: "zegoEndpoint", env: ["ZEGO_ENDPOINT"] },
  isTest: { key: "zegoIsTest", env: ["ZEGO_IS_TEST"] },
  // 10 requests/s per AppId for each CDN-transfer action, 5/s in the test environment (https://doc-zh.zego.im/article/19624).
  qps: { key: "zegoQps", env: ["RTC_TASKS_ZEGO_QPS"] },
} as const;

export interface ZegoConnection {
  creds: ZegoCredentials;
  endpoint: URL;
  isTest: boolean;
  qps: number;
}

/** `true`/`false` in any case, as ZEGO reads IsTest; anything else is a configuration mistake. */
export function zegoIsTest(): boolean {
  const v = readSetting(zegoSettings.isTest);
  if (v === undefined) return false;
  if (/^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === "true";
  throw new RtcError("RTC_CONFIG", `rtc-tasks:${zegoSettings.isTest.key} must be true or false, got "${v}"`);
}

/** The configured AppId, or undefined when none is set (check runs before credentials matter). */
export function zegoAppIdIfSet(): string | undefined {
  return readSetting(zegoSettings.appId)?.trim();
}

export function zegoConnection(): ZegoConnection {
  const s = zegoSettings;
  const appId = requireSetting(s.appId, "ZEGO AppId").trim();
  if (!/^\d{1,10}$/.test(appId) || Number(appId) > 0xffffffff) {
    throw new RtcError("RTC_CONFIG", `rtc-tasks:${s.appId.key} must be ZEGO's numeric AppId (a Uint32)`);
  }
  const isTest = zegoIsTest();
  return {
    creds: { appId, serverSecret: requireSetting(s.serverSecret, "ZEGO ServerSecret") },
    endpoint: new URL(readSetting(s.endpoint) ?? ZEGO_DEFAULT_ENDPOINT),
    isTest,
    qps: numberSetting(s.qps, isTest ? 5 : 10),
  };
}

/** The stream-id prefix ZEGO's test environment requires: `zegotest-<AppId>-`. */
export const zegoTestPrefix = (appId: string): string => `zegotest-${appId}-`;

export interface ZegoCall {
  action: string;
  streamId: string;
  /** Business parameters besides StreamId and Sequence, which the client adds. */
  params: Record<string, string>;
  idempotent: boolean;
  redact?: (text: string) => string;
}

export interface ZegoResult {
  data: unknown;
  requestId?: string;
}

/**
 * One GET to the ZEGO server API. Calls about one StreamId go one at a time (sequence.ts explains
 * why), and every attempt is signed afresh and carries a new Sequence.
 */
export async function zegoCall(c: ZegoCall): Promise<ZegoResult> {
  const conn = zegoConnection();
  return streamQueue.run(`${conn.creds.appId}/${c.streamId}`, () =>
    callVendor({
      vendor: "zego",
      action: c.action,
      idempotent: c.idempotent,
      redact: c.redact,
      policy: httpPolicy(),
      limiter: limiterFor(`zego:${conn.creds.appId}:${conn.isTest ? "test" : "prod"}`, conn.qps),
      build: () => zegoRequest(conn, c.action, { StreamId: c.streamId, ...c.params, Sequence: nextSequence() }),
      interpret: (res) => interpretZego(res, c.action, c.redact ?? ((s) => s)),
      // Another stack driving the same stream can reach ZEGO first with a higher Sequence; the
      // refused request did nothing, and the retry carries a new Sequence (sequence.ts).
      refusedUnrun: (e) => e.vendorCode === STALE_SEQUENCE_CODE,
    }),
  );
}

/** A signed GET request: every parameter, common and business, in the query of path `/`. */
export function zegoRequest(
  conn: Pick<ZegoConnection, "creds" | "endpoint" | "isTest">,
  action: string,
  business: Record<string, string>,
  signing: { nonce?: string; timestamp?: number } = {},
): WireRequest {
  const common = zegoCommonParams(conn.creds, { isTest: conn.isTest, ...signing });
  return { method: "GET", url: `${conn.endpoint.origin}/?${zegoQuery(action, common, business)}`, headers: { Accept: "application/json" } };
}

interface Envelope {
  Code?: number;
  Message?: string;
  RequestId?: string;
  Data?: unknown;
}

export function interpretZego(res: WireResponse, action: string, redact: (s: string) => string): ZegoResult {
  const env = res.json as Envelope | undefined;
  if (!env || typeof env !== "object" || typeof env.Code !== "number") {
    throw withoutEnvelope("zego", action, res, redact);
  }
  // ZEGO does not describe its HTTP statuses: the envelope's Code decides.
  if (env.Code !== 0) {
    throw vendorFailure(classifyZego(env.Code), {
      vendor: "zego",
      action,
      vendorCode: String(env.Code),
      vendorMessage: redact(env.Message ?? ""),
      requestId: env.RequestId,
      httpStatus: res.status,
    });
  }
  return { data: env.Data, requestId: env.RequestId };
}

/** How each class of ZEGO's documented return codes (its model's `codes`) reaches the lifecycle. */
const BY_CLASS: Record<CodeClass, RtcErrorCode> = {
  ok: "RTC_BAD_RESPONSE", // never classified: Code 0 is success
  throttled: "RTC_THROTTLED",
  internal: "RTC_VENDOR_INTERNAL",
  auth: "RTC_AUTH",
  invalid: "RTC_INVALID",
  "not-found": "RTC_NOT_FOUND",
};

/**
 * ZEGO's return codes, general, gateway and business, as its model documents them
 * (provider/vendors/zego/model.json): 1 (busy: retry) and 7 (over the rate) are retried like 5007
 * and 30002; internal errors (5000...) leave the outcome open. A code ZEGO does not document is the
 * caller's to fix. No code means "no such rule": ZEGO documents none (README, ZegoCdnTransferRule).
 */
export function classifyZego(code: number): RtcErrorCode {
  const documented = vendorModels.zego.codes?.[String(code)];
  return documented ? BY_CLASS[documented.class] : "RTC_INVALID";
}
