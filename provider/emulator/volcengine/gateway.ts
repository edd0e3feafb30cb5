import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { headerValue, sha256Hex, type Obj } from "../../util/values";
import { checkRequest, vendorModels } from "../../vendors/model";
import { canonicalQuery, parseVolcengineAuthorization, signingKey } from "../../vendors/volcengine/signer";
import type { VendorModule, VendorReply, VendorRequest } from "../server";
import type { EmulatorState } from "../state";

/**
 * Volcengine's OpenAPI gateway as the emulator speaks it: the HMAC-SHA256 signature, the
 * ResponseMetadata envelope, dispatch by Action and Version, each action's rate and the vendor's
 * model check. The task families (relays.ts, webcast.ts, publicStream.ts) supply the actions.
 */

/** Test credentials the emulator accepts (not secrets: they open nothing but the emulator). */
export const VOLCENGINE_TEST_CREDENTIALS = { accessKeyId: "AKLTEMULATOR00000000000000", secretAccessKey: "ZW11bGF0b3Itc2VjcmV0LWtleQ==" };

const MAX_SKEW_MS = 15 * 60_000;
/** Every request is held to the vendor's own model (provider/vendors/volcengine/model.json and types.json). */
const MODEL = vendorModels.volcengine;
/** The versions served; the first is the one the throttle and internal-error faults answer at. */
const VERSIONS = ["2023-11-01", "2020-12-01"];

/** The context one action handler gets. */
export interface VolcCall {
  action: string;
  version: string;
  params: Obj;
  state: EmulatorState;
}

export type Handler = (c: VolcCall) => VendorReply;

/** One action: its handler and the requests per second the vendor allows it, per account. */
export interface VolcAction {
  qps: number;
  handler: Handler;
}

export class VolcengineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 200,
    readonly codeN?: number,
  ) {
    super(message);
  }
}

const requestId = () => `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}${randomBytes(6).toString("hex").toUpperCase()}`;

export const ok = (c: { action: string; version: string }, result: unknown): VendorReply => ({
  status: 200,
  body: {
    ResponseMetadata: { RequestId: requestId(), Action: c.action, Version: c.version, Service: "rtc", Region: "cn-north-1" },
    Result: result,
  },
});

export const fail = (action: string, version: string, e: VolcengineError): VendorReply => ({
  status: e.status,
  body: {
    ResponseMetadata: {
      RequestId: requestId(),
      Action: action,
      Version: version,
      Service: "rtc",
      Region: "cn-north-1",
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
export function checkAgainstModel(action: string, params: Obj, query: boolean): void {
  const [issue] = checkRequest(MODEL, action, params, { query });
  // Quoting the value, as vendors' messages do: the provider must scrub secrets from what comes back.
  if (issue)
    throw new VolcengineError(
      String(issue.refusedWith ?? "InvalidParameter"),
      `${issue.path}${issue.value === undefined ? "" : ` ${JSON.stringify(issue.value)}`} ${issue.message}`,
    );
}

/** Checks the HMAC-SHA256 signature the way the gateway does, over the headers the request says it signed. */
function verify(req: VendorRequest): { accessKeyId: string } {
  const auth = req.headers.authorization;
  if (!auth) throw new VolcengineError("MissingAuthenticationToken", "the request has no Authorization header", 401, 100003);
  const parsed = parseVolcengineAuthorization(auth);
  if (!parsed) throw new VolcengineError("SignatureDoesNotMatch", "the Authorization header is malformed", 401, 100010);
  if (parsed.accessKeyId !== VOLCENGINE_TEST_CREDENTIALS.accessKeyId)
    throw new VolcengineError("InvalidAccessKey", "the access key does not exist", 401, 100009);
  const xDate = headerValue(req.headers, "x-date");
  const t = xDate && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(xDate);
  if (!t) throw new VolcengineError("MissingRequestInfo", "X-Date is missing or malformed", 400, 100004);
  const when = Date.UTC(+t[1]!, +t[2]! - 1, +t[3]!, +t[4]!, +t[5]!, +t[6]!);
  if (Math.abs(Date.now() - when) > MAX_SKEW_MS) throw new VolcengineError("InvalidTimestamp", "the signature has expired", 400, 100006);
  const bodyHash = sha256Hex(req.body);
  const claimed = headerValue(req.headers, "x-content-sha256");
  // Names are lower-cased in the canonical request (https://www.volcengine.com/docs/6369/67270, step 3): one listed in
  // capitals cannot have been signed as listed.
  const lowerCase = parsed.signedHeaders.every((h) => h === h.toLowerCase());
  if (!lowerCase || !parsed.signedHeaders.includes("x-date") || (claimed !== undefined && claimed !== bodyHash)) {
    throw new VolcengineError("SignatureDoesNotMatch", "the request signature does not match", 401, 100010);
  }
  const query = Object.fromEntries(req.url.searchParams.entries());
  const canonicalHeaders = parsed.signedHeaders.map((h) => `${h}:${(headerValue(req.headers, h) ?? "").trim()}\n`).join("");
  const canonical = [
    req.method,
    req.url.pathname,
    canonicalQuery(query),
    canonicalHeaders,
    parsed.signedHeaders.join(";"),
    claimed ?? bodyHash,
  ].join("\n");
  const scope = `${parsed.day}/${parsed.region}/${parsed.service}/request`;
  const toSign = ["HMAC-SHA256", xDate, scope, sha256Hex(canonical)].join("\n");
  const expected = createHmac("sha256", signingKey(VOLCENGINE_TEST_CREDENTIALS.secretAccessKey, parsed.day, parsed.region, parsed.service))
    .update(toSign)
    .digest();
  if (parsed.service !== "rtc" || !timingSafeEqual(expected, Buffer.from(parsed.signature, "hex"))) {
    throw new VolcengineError("SignatureDoesNotMatch", "the request signature does not match", 401, 100010);
  }
  return { accessKeyId: parsed.accessKeyId };
}

/** A GET carries its parameters in the query, beside Action and Version; a POST in a JSON body. */
function paramsOf(req: VendorRequest): Obj {
  if (req.method === "GET") return Object.fromEntries([...req.url.searchParams].filter(([k]) => k !== "Action" && k !== "Version"));
  if (!req.body) throw new VolcengineError("InvalidParameter.BodyIsEmpty", "the request body is empty");
  try {
    return JSON.parse(req.body) as Obj;
  } catch {
    throw new VolcengineError("InvalidParameter.Unmarshal", "the body is not valid JSON");
  }
}

/**
 * The Volcengine module over the given actions. The kinds say what differs between them: `tick`
 * brings time-driven endings (a webcast's maximum running time) up to date before every answer, and
 * `idleStopReason` names why a kind's task ended idle.
 */
export function volcengineGateway(
  actions: ReadonlyMap<string, VolcAction>,
  kinds: Pick<VendorModule, "tick" | "idleStopReason">,
): VendorModule {
  return {
    vendor: "volcengine",
    action: (req) => req.url.searchParams.get("Action") ?? undefined,
    throttled: (action) => fail(action, VERSIONS[0]!, new VolcengineError("FlowLimitExceeded.QPSOverLimit", "QPS over limit", 429)),
    internalError: (action) => fail(action, VERSIONS[0]!, new VolcengineError("InternalError", "internal error, please retry", 500)),
    ...kinds,
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
        const spec = actions.get(action);
        if (!spec || !VERSIONS.includes(version)) {
          throw new VolcengineError("InvalidActionOrVersion", `unknown action ${action} at version ${version}`, 404, 100008);
        }
        if (!state.admit(`volcengine:${accessKeyId}:${spec.qps}`, spec.qps)) {
          throw new VolcengineError("FlowLimitExceeded.QPSOverLimit", `more than ${spec.qps} requests per second`, 429);
        }
        const params = paramsOf(req);
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
}
