import { numberSetting, readSetting, requireSetting } from "../../config";
import { RtcError, vendorFailure, withoutEnvelope, type RtcErrorCode } from "../../http/errors";
import { limiterFor } from "../../http/rateLimiter";
import { callVendor, type WireResponse } from "../../http/transport";
import { httpPolicy } from "../common";
import { signTc3, type TencentCredentials } from "./signer";

export const TENCENT_HOSTS = { china: "trtc.tencentcloudapi.com", intl: "trtc.intl.tencentcloudapi.com" } as const;
export const TRTC_VERSION = "2019-07-22";
/** The signing service is "trtc" on both sites (the SDK takes the endpoint's first label). */
export const TRTC_SERVICE = "trtc";

/**
 * Regions the PublishCdnStream APIs accept, per site (https://cloud.tencent.com/document/api/647/81479;
 * the intl Stop page, https://www.tencentcloud.com/document/product/647/48246, lists ap-guangzhou,
 * ap-hongkong, ap-singapore). Relays outside the mainland go through Hong Kong.
 */
export const TENCENT_REGIONS = {
  china: ["ap-beijing", "ap-guangzhou", "ap-hongkong", "ap-shanghai"],
  intl: ["ap-guangzhou", "ap-hongkong", "ap-singapore"],
} as const;
/**
 * A TaskId reaches its relay task for 30 days from a successful start: after that Update and Stop
 * answer ResourceNotFound, as for a task that ended, while the relay runs on until every mixed anchor
 * has left the room for MaxIdleTime (tencentcloud-sdk-nodejs, trtc_client.d.ts, StartPublishCdnStream).
 */
export const TASK_ID_REACH_MS = 30 * 86_400_000;

export const ALL_TENCENT_REGIONS: readonly string[] = [...new Set([...TENCENT_REGIONS.china, ...TENCENT_REGIONS.intl])].sort();

export const tencentSettings = {
  secretId: { key: "tencentSecretId", env: ["TENCENTCLOUD_SECRET_ID"], secret: true },
  secretKey: { key: "tencentSecretKey", env: ["TENCENTCLOUD_SECRET_KEY"], secret: true },
  sessionToken: { key: "tencentSessionToken", env: ["TENCENTCLOUD_SESSION_TOKEN"], secret: true },
  endpoint: { key: "tencentEndpoint", env: ["TENCENTCLOUD_ENDPOINT"] },
  region: { key: "tencentRegion", env: ["TENCENTCLOUD_REGION"] },
  // 20 requests/s for each of Start, Update and Stop (https://cloud.tencent.com/document/api/647/81479): the limiter key names the action.
  qps: { key: "tencentQps", env: ["RTC_TASKS_TENCENT_QPS"] },
} as const;

export type TencentSite = "china" | "intl" | "emulator";

export interface TencentEndpoint {
  url: URL;
  site: TencentSite;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The documented hosts (or their regional variants, e.g. trtc.ap-guangzhou.tencentcloudapi.com) over
 * HTTPS, or a plain-HTTP loopback URL, which is the emulator. Anything else is refused: requests
 * carry push-URL keys and UserSigs.
 */
export function parseTencentEndpoint(value: string | undefined): TencentEndpoint {
  const text = value ?? TENCENT_HOSTS.china;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new RtcError("RTC_CONFIG", `rtc-tasks:tencentEndpoint "${text}" is not a host name or URL`);
  }
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return { url, site: "emulator" };
  if (url.protocol === "https:" && url.hostname.endsWith(".intl.tencentcloudapi.com")) return { url, site: "intl" };
  if (url.protocol === "https:" && url.hostname.endsWith(".tencentcloudapi.com")) return { url, site: "china" };
  throw new RtcError(
    "RTC_CONFIG",
    `rtc-tasks:tencentEndpoint "${text}" must be ${TENCENT_HOSTS.china}, ${TENCENT_HOSTS.intl} (over https) or an http://127.0.0.1:<port> emulator URL`,
  );
}

/** The region for this site; an emulator accepts every region either site documents. */
export function checkRegion(region: string, site: TencentSite): string {
  const allowed: readonly string[] = site === "emulator" ? ALL_TENCENT_REGIONS : TENCENT_REGIONS[site];
  if (!allowed.includes(region)) {
    throw new RtcError(
      "RTC_CONFIG",
      `rtc-tasks:tencentRegion "${region}" is not served by the relay-to-CDN APIs on the ${site} site; use one of ${allowed.join(", ")}`,
    );
  }
  return region;
}

interface Connection {
  creds: TencentCredentials;
  endpoint: TencentEndpoint;
  region: string;
  qps: number;
}

function connection(): Connection {
  const s = tencentSettings;
  const endpoint = parseTencentEndpoint(readSetting(s.endpoint));
  return {
    creds: {
      secretId: requireSetting(s.secretId, "Tencent Cloud SecretId"),
      secretKey: requireSetting(s.secretKey, "Tencent Cloud SecretKey"),
      sessionToken: readSetting(s.sessionToken),
    },
    endpoint,
    region: checkRegion(readSetting(s.region) ?? "ap-guangzhou", endpoint.site),
    qps: numberSetting(s.qps, 20),
  };
}

export interface TencentCall {
  action: string;
  params: Record<string, unknown>;
  /** May the call be sent again when its outcome is unknown? Never for a start (the server makes the TaskId). */
  idempotent: boolean;
  redact?: (text: string) => string;
}

export interface TencentResult {
  /** The inner `Response`, RequestId included. */
  response: Record<string, unknown>;
  requestId?: string;
}

export async function tencentCall(c: TencentCall): Promise<TencentResult> {
  const conn = connection();
  const url = conn.endpoint.url;
  const redact = c.redact ?? ((s: string) => s);
  return callVendor({
    vendor: "tencent",
    action: c.action,
    idempotent: c.idempotent,
    redact,
    policy: httpPolicy(),
    limiter: limiterFor(`tencent:${conn.creds.secretId}:${c.action}`, conn.qps),
    build: () => {
      const body = JSON.stringify(c.params);
      const timestamp = Math.floor(Date.now() / 1000);
      const contentType = "application/json";
      // url.host keeps a non-default port: the emulator's Host is 127.0.0.1:<port>, and so is what we sign.
      const { authorization } = signTc3(conn.creds, {
        method: "POST",
        host: url.host,
        contentType,
        body,
        timestamp,
        service: TRTC_SERVICE,
      });
      const headers: Record<string, string> = {
        Host: url.host,
        "Content-Type": contentType,
        "X-TC-Action": c.action,
        "X-TC-Version": TRTC_VERSION,
        "X-TC-Region": conn.region,
        "X-TC-Timestamp": String(timestamp),
        "X-TC-RequestClient": "rtc-tasks",
        Authorization: authorization,
      };
      if (conn.creds.sessionToken) headers["X-TC-Token"] = conn.creds.sessionToken;
      return { method: "POST", url: `${url.origin}/`, headers, body };
    },
    interpret: (res) => interpret(res, c.action, redact),
  });
}

interface Envelope {
  Response?: { RequestId?: string; Error?: { Code?: string; Message?: string } } & Record<string, unknown>;
}

function interpret(res: WireResponse, action: string, redact: (s: string) => string): TencentResult {
  const inner = (res.json as Envelope | undefined)?.Response;
  if (!inner || typeof inner !== "object") {
    throw withoutEnvelope("tencent", action, res, redact);
  }
  // Errors come inside an HTTP 200: the envelope decides, not the status.
  if (inner.Error) {
    const vendorCode = inner.Error.Code ?? `HTTP${res.status}`;
    throw vendorFailure(classifyTencent(vendorCode), {
      vendor: "tencent",
      action,
      vendorCode,
      vendorMessage: redact(inner.Error.Message ?? ""),
      requestId: inner.RequestId,
      httpStatus: res.status,
    });
  }
  if (res.status !== 200) {
    throw vendorFailure("RTC_HTTP", { vendor: "tencent", action, requestId: inner.RequestId, httpStatus: res.status });
  }
  return { response: inner, requestId: inner.RequestId };
}

/**
 * The not-found family: Stop answers ResourceNotFound, Update FailedOperation.TaskFinished
 * (https://cloud.tencent.com/document/api/647/81478, /81477).
 */
const NOT_FOUND = new Set(["ResourceNotFound", "FailedOperation.TaskFinished", "FailedOperation.TaskNotExist"]);
const VENDOR_INTERNAL = new Set(["ServiceUnavailable", "ResourceUnavailable"]);

const family = (code: string, prefix: string): boolean => code === prefix || code.startsWith(`${prefix}.`);

export function classifyTencent(code: string): RtcErrorCode {
  if (NOT_FOUND.has(code) || family(code, "ResourceNotFound")) return "RTC_NOT_FOUND";
  // Over the concurrency quota (https://cloud.tencent.com/document/api/647/81479): like Volcengine's TaskNumberOverLimit, not a rate.
  if (code === "FailedOperation.RestrictedConcurrency") return "RTC_QUOTA";
  if (family(code, "RequestLimitExceeded")) return "RTC_THROTTLED";
  if (family(code, "AuthFailure")) return "RTC_AUTH";
  if (family(code, "InternalError") || VENDOR_INTERNAL.has(code)) return "RTC_VENDOR_INTERNAL";
  return "RTC_INVALID";
}
