import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { asObject, headerValue, sha256Hex, type Obj } from "../../util/values";
import { checkRequest, vendorModels, type Problem } from "../../vendors/model";
import { ALL_TENCENT_REGIONS, TRTC_SERVICE, TRTC_VERSION } from "../../vendors/tencent/client";
import { parseTc3Authorization, tc3Date, tc3SigningKey, tc3StringToSign } from "../../vendors/tencent/signer";
import type { VendorModule, VendorReply, VendorRequest } from "../server";
import type { EmulatorState } from "../state";

/**
 * Tencent Cloud's API 3.0 gateway as the emulator speaks it for TRTC (2019-07-22): TC3-HMAC-SHA256,
 * ±5 min clock skew, region, 20 requests/s per action and SecretId, the vendor's model check and the
 * Response envelope. The actions are publishCdnStream.ts's.
 */

/** Test credentials the emulator accepts (not secrets: they open nothing but the emulator). */
export const TENCENT_TEST_CREDENTIALS = { secretId: "AKIDEMULATOR0000000000000000000000", secretKey: "ZW11bGF0b3ItdGVuY2VudC1zZWNyZXQ" };
export const TENCENT_EMULATOR_REGION = "ap-guangzhou";

const MAX_SKEW_S = 5 * 60;
const QPS = 20;
const MODEL = vendorModels.tencent;

export class TencentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One action: its business parameters in, the Response fields out. */
export type TencentHandler = (p: Obj, state: EmulatorState) => VendorReply;

/** The API 3.0 envelope: everything, errors included, in an HTTP 200. */
export const reply = (response: Obj): VendorReply => ({ status: 200, body: { Response: { ...response, RequestId: randomUUID() } } });
const fail = (e: TencentError): VendorReply => reply({ Error: { Code: e.code, Message: e.message } });

/** Checks a TC3-HMAC-SHA256 signature as the gateway does, over the headers the request says it signed. */
export function verifyTc3(req: VendorRequest, nowS = Math.floor(Date.now() / 1000)): { secretId: string } {
  const auth = headerValue(req.headers, "authorization");
  if (!auth) throw new TencentError("AuthFailure.SignatureFailure", "The request has no Authorization header.");
  const parsed = parseTc3Authorization(auth);
  if (!parsed) throw new TencentError("AuthFailure.InvalidAuthorization", "The Authorization header is not a TC3-HMAC-SHA256 signature.");
  const tsText = headerValue(req.headers, "x-tc-timestamp");
  if (!tsText || !/^\d{1,12}$/.test(tsText))
    throw new TencentError("MissingParameter", "The X-TC-Timestamp header is missing or is not a number.");
  const ts = Number(tsText);
  if (Math.abs(nowS - ts) > MAX_SKEW_S)
    throw new TencentError(
      "AuthFailure.SignatureExpire",
      `The signature expired: X-TC-Timestamp ${ts} is more than 5 minutes from server time ${nowS}.`,
    );
  if (parsed.secretId !== TENCENT_TEST_CREDENTIALS.secretId)
    throw new TencentError("AuthFailure.SecretIdNotFound", "The SecretId does not exist.");
  const signed = parsed.signedHeaders;
  if (!signed.includes("content-type") || !signed.includes("host") || [...signed].sort().join(";") !== signed.join(";")) {
    throw new TencentError("AuthFailure.SignatureFailure", "SignedHeaders must list content-type and host, sorted.");
  }
  // The service is the first label of the host the request was sent to, as the official SDK takes it
  // from its endpoint ("trtc" for trtc.tencentcloudapi.com, "127" for 127.0.0.1:<port>); "trtc" is
  // also accepted, which is what this package signs when pointed at the emulator.
  const host = (headerValue(req.headers, "host") ?? "").trim().toLowerCase();
  if (parsed.date !== tc3Date(ts) || ![TRTC_SERVICE, host.split(".")[0]].includes(parsed.service)) {
    throw new TencentError(
      "AuthFailure.SignatureFailure",
      "The credential scope does not match the timestamp's UTC date, or names a service other than trtc or the host's first label.",
    );
  }
  // The Host header carries the port of a non-default one; the official SDK signs the host name without it.
  const given = Buffer.from(parsed.signature, "hex");
  const matches = [host, host.replace(/:\d+$/, "")].some((signedHost) => {
    const canonicalHeaders = signed
      .map((h) => `${h}:${h === "host" ? signedHost : (headerValue(req.headers, h) ?? "").trim().toLowerCase()}\n`)
      .join("");
    const query = req.method === "POST" ? "" : req.url.search.slice(1);
    const canonical = [req.method, req.url.pathname, query, canonicalHeaders, signed.join(";"), sha256Hex(req.body)].join("\n");
    const toSign = tc3StringToSign(ts, `${parsed.date}/${parsed.service}/tc3_request`, canonical);
    const expected = createHmac("sha256", tc3SigningKey(TENCENT_TEST_CREDENTIALS.secretKey, parsed.date, parsed.service))
      .update(toSign)
      .digest();
    return timingSafeEqual(expected, given);
  });
  if (!matches) {
    throw new TencentError(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated. Please check your signature is correct.",
    );
  }
  return { secretId: parsed.secretId };
}

/** API 3.0's common codes for each way a parameter can be wrong. */
const CODES: Record<Problem, string> = {
  missing: "MissingParameter",
  unknown: "UnknownParameter",
  type: "InvalidParameter",
  range: "InvalidParameterValue",
  enum: "InvalidParameterValue",
  pattern: "InvalidParameterValue",
  length: "InvalidParameterValue",
  items: "InvalidParameterValue",
};

/** The gateway's parameter check, from the vendor's model (provider/vendors/tencent): the first problem found. */
function checkAgainstModel(action: string, p: Obj): void {
  const [issue] = checkRequest(MODEL, action, p);
  if (!issue) return;
  const message =
    issue.problem === "missing"
      ? `The request is missing a required parameter \`${issue.path}\`.`
      : issue.problem === "unknown"
        ? `The parameter \`${issue.path}\` is not recognized.`
        : `The value of parameter \`${issue.path}\` is invalid: it ${issue.message}.`;
  throw new TencentError(CODES[issue.problem], message);
}

/** The Tencent module over the given actions. */
export function tencentGateway(actions: ReadonlyMap<string, TencentHandler>): VendorModule {
  return {
    vendor: "tencent",
    action: (req) => headerValue(req.headers, "x-tc-action"),
    throttled: () =>
      fail(
        new TencentError(
          "RequestLimitExceeded",
          "Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.",
        ),
      ),
    internalError: () =>
      fail(
        new TencentError("InternalError", "An internal error has occurred. Retry your request, but if the problem persists, contact us."),
      ),
    idleStopReason: () => "AllAnchorsLeftForMaxIdleTime",
    describe: (endpoint) => ({ endpoint, region: TENCENT_EMULATOR_REGION, regions: ALL_TENCENT_REGIONS, ...TENCENT_TEST_CREDENTIALS }),
    env: (endpoint) => ({
      TENCENTCLOUD_ENDPOINT: endpoint,
      TENCENTCLOUD_REGION: TENCENT_EMULATOR_REGION,
      TENCENTCLOUD_SECRET_ID: TENCENT_TEST_CREDENTIALS.secretId,
      TENCENTCLOUD_SECRET_KEY: TENCENT_TEST_CREDENTIALS.secretKey,
    }),
    handle(req, action, state) {
      try {
        if (req.method !== "POST") throw new TencentError("UnsupportedProtocol", "The emulator serves POST requests with a JSON body.");
        const { secretId } = verifyTc3(req);
        const handler = actions.get(action);
        if (!handler) throw new TencentError("InvalidAction", `The action \`${action}\` does not exist.`);
        const version = headerValue(req.headers, "x-tc-version");
        if (version !== TRTC_VERSION) throw new TencentError("NoSuchVersion", `The API version \`${version ?? ""}\` does not exist.`);
        const region = headerValue(req.headers, "x-tc-region");
        if (!region) throw new TencentError("MissingParameter", "The request is missing a required parameter `Region`.");
        if (!ALL_TENCENT_REGIONS.includes(region))
          throw new TencentError("UnsupportedRegion", `The action \`${action}\` does not support the region \`${region}\`.`);
        if (!state.admit(`tencent:${secretId}:${action}`, QPS)) {
          throw new TencentError(
            "RequestLimitExceeded",
            `Your current request times exceed the frequency limit \`${QPS}\` for a second for ${action}.`,
          );
        }
        let params: Obj;
        try {
          params = asObject(JSON.parse(req.body)) ?? {};
        } catch {
          throw new TencentError("InvalidParameter", "The request body is not valid JSON.");
        }
        checkAgainstModel(action, params);
        return handler(params, state);
      } catch (e) {
        if (e instanceof TencentError) {
          if (e.code.startsWith("AuthFailure")) state.stats.rejectedSignatures++;
          return fail(e);
        }
        throw e;
      }
    },
  };
}
