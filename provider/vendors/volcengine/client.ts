import { numberSetting, readSetting, requireSetting } from "../../config";
import { vendorFailure, withoutEnvelope, type RtcErrorCode } from "../../http/errors";
import { limiterFor } from "../../http/rateLimiter";
import { callVendor, type WireResponse } from "../../http/transport";
import { httpPolicy } from "../common";
import { signVolcengine, toXDate, type VolcengineCredentials } from "./signer";

export const VOLCENGINE_DEFAULT_ENDPOINT = "https://rtc.volcengineapi.com";

export const volcengineSettings = {
  accessKey: { key: "volcengineAccessKey", env: ["VOLCENGINE_ACCESS_KEY"], secret: true },
  secretKey: { key: "volcengineSecretKey", env: ["VOLCENGINE_SECRET_KEY"], secret: true },
  sessionToken: { key: "volcengineSessionToken", env: ["VOLCENGINE_SESSION_TOKEN"], secret: true },
  endpoint: { key: "volcengineEndpoint", env: ["VOLCENGINE_ENDPOINT"] },
  region: { key: "volcengineRegion", env: ["VOLCENGINE_REGION"] },
  // Start, Update and Stop: 150 requests/s per account, shared by all its AppIds; Get*: 60/s (https://www.volcengine.com/docs/6348/69828).
  qps: { key: "volcengineQps", env: ["RTC_TASKS_VOLCENGINE_QPS"] },
  readQps: { key: "volcengineReadQps", env: ["RTC_TASKS_VOLCENGINE_READ_QPS"] },
} as const;

interface Connection {
  creds: VolcengineCredentials;
  endpoint: URL;
  region: string;
  qps: number;
  readQps: number;
}

function connection(): Connection {
  const s = volcengineSettings;
  return {
    creds: {
      accessKeyId: requireSetting(s.accessKey, "Volcengine access key"),
      secretAccessKey: requireSetting(s.secretKey, "Volcengine secret key"),
      sessionToken: readSetting(s.sessionToken),
    },
    endpoint: new URL(readSetting(s.endpoint) ?? VOLCENGINE_DEFAULT_ENDPOINT),
    region: readSetting(s.region) ?? "cn-north-1",
    qps: numberSetting(s.qps, 150),
    readQps: numberSetting(s.readQps, 60),
  };
}

export interface VolcengineCall {
  action: string;
  version: string;
  method: "GET" | "POST";
  /** POST: the JSON body; GET: query parameters. */
  params: Record<string, unknown>;
  idempotent: boolean;
  redact?: (text: string) => string;
  /** An action with a rate of its own (per account), in place of the start/update/stop or Get* rate. */
  rate?: { name: string; qps: number };
}

export interface VolcengineResult {
  result: unknown;
  requestId?: string;
}

export async function volcengineCall(c: VolcengineCall): Promise<VolcengineResult> {
  const conn = connection();
  const base = conn.endpoint;
  return callVendor({
    vendor: "volcengine",
    action: c.action,
    idempotent: c.idempotent,
    redact: c.redact,
    policy: httpPolicy(),
    limiter: c.rate
      ? limiterFor(`volcengine:${conn.creds.accessKeyId}:${c.rate.name}`, c.rate.qps)
      : c.method === "GET"
        ? limiterFor(`volcengine:${conn.creds.accessKeyId}:read`, conn.readQps)
        : limiterFor(`volcengine:${conn.creds.accessKeyId}:write`, conn.qps),
    build: () => {
      const query: Record<string, string> = { Action: c.action, Version: c.version };
      let body = "";
      const headers: Record<string, string> = { Host: base.host };
      if (c.method === "GET") {
        for (const [k, v] of Object.entries(c.params)) if (v !== undefined) query[k] = String(v);
      } else {
        body = JSON.stringify(c.params);
        headers["Content-Type"] = "application/json";
      }
      const signed = signVolcengine(conn.creds, {
        method: c.method,
        path: "/",
        query,
        headers,
        body,
        region: conn.region,
        service: "rtc",
        xDate: toXDate(new Date()),
      });
      const qs = new URLSearchParams(query).toString();
      return { method: c.method, url: `${base.origin}/?${qs}`, headers: signed.headers, body: c.method === "POST" ? body : undefined };
    },
    interpret: (res) => interpret(res, c.action, c.redact ?? ((s) => s)),
  });
}

interface Envelope {
  ResponseMetadata?: { RequestId?: string; Error?: { Code?: string; Message?: string; CodeN?: number } };
  Result?: unknown;
}

function interpret(res: WireResponse, action: string, redact: (s: string) => string): VolcengineResult {
  const env = res.json as Envelope | undefined;
  const meta = env?.ResponseMetadata;
  if (!meta) {
    throw withoutEnvelope("volcengine", action, res, redact);
  }
  // A business error can arrive inside an HTTP 200: the envelope decides, not the status.
  if (meta.Error) {
    const vendorCode = meta.Error.Code ?? `HTTP${res.status}`;
    throw vendorFailure(classifyVolcengine(vendorCode, res.status), {
      vendor: "volcengine",
      action,
      vendorCode,
      vendorMessage: redact(meta.Error.Message ?? ""),
      requestId: meta.RequestId,
      httpStatus: res.status,
    });
  }
  if (res.status >= 300) {
    throw vendorFailure("RTC_HTTP", { vendor: "volcengine", action, requestId: meta.RequestId, httpStatus: res.status });
  }
  return { result: env.Result, requestId: meta.RequestId };
}

const AUTH_CODES = new Set([
  "MissingAuthenticationToken",
  "MissingSignature",
  "InvalidTimestamp",
  "InvalidAccessKey",
  "SignatureDoesNotMatch",
  "LackPolicy",
]);

export function classifyVolcengine(code: string, status = 200): RtcErrorCode {
  if (code === "InvalidParameter.ErrorActiveTaskNotFound") return "RTC_NOT_FOUND";
  if (code === "InvalidParameter.TaskAlreadyExists") return "RTC_ALREADY_EXISTS";
  // Too many tasks at once is a quota, not a rate: retrying for the call's deadline would not free one.
  if (code === "FlowLimitExceeded.TaskNumberOverLimit") return "RTC_QUOTA";
  if (code.startsWith("FlowLimitExceeded")) return "RTC_THROTTLED";
  if (code.startsWith("InternalError") || code === "ServiceUnavailable" || status >= 500) return "RTC_VENDOR_INTERNAL";
  if (AUTH_CODES.has(code) || code.startsWith("AccessDenied")) return "RTC_AUTH";
  return "RTC_INVALID";
}
