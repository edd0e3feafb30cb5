import { Agent, request, errors as undiciErrors } from "undici";
import { RtcError, type Vendor } from "./errors";
import { sleep, type SlidingWindowLimiter } from "./rateLimiter";
import { log } from "../log";
import { headerValue } from "../util/values";

export interface WireRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
}

export interface RetryPolicy {
  /** Deadline for one attempt, connect to last byte. */
  attemptTimeoutMs: number;
  /** Deadline for the whole call, retries and waits included. */
  deadlineMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attemptTimeoutMs: 15_000,
  deadlineMs: 90_000,
  maxAttempts: 6,
  backoffBaseMs: 250,
  backoffCapMs: 5_000,
};

export interface CallSpec<T> {
  vendor: Vendor;
  action: string;
  /** Builds the request for one attempt; called again on every retry, since signatures carry a time. */
  build(): WireRequest;
  /** Turns an answer into a result, or throws the RtcError the vendor's envelope describes. */
  interpret(res: WireResponse): T;
  limiter: SlidingWindowLimiter;
  /** May the call be sent again after a failure that leaves its outcome unknown (timeout, reset, 5xx)? */
  idempotent: boolean;
  policy?: Partial<RetryPolicy>;
  /** Removes secrets (push-URL keys) from any text that ends up in an error. */
  redact?: (text: string) => string;
  /**
   * A refusal that may come from another client rather than this request (ZEGO's stale Sequence),
   * and that ran nothing: sent again like an ambiguous failure, up to maxAttempts.
   */
  refusedUnrun?: (e: RtcError) => boolean;
}

// One keep-alive pool for the process; the engine's parallel steps share it.
const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

export async function callVendor<T>(spec: CallSpec<T>): Promise<T> {
  const policy = { ...defaultRetryPolicy, ...spec.policy };
  const redact = spec.redact ?? ((s: string) => s);
  const startedAt = Date.now();
  const giveUpAt = startedAt + policy.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    let failure: RtcError;
    let hintMs: number | undefined;
    const done = await spec.limiter.acquire();
    if (stopping) {
      done();
      throw new RtcError("RTC_NETWORK", `${spec.vendor} ${spec.action}: not sent: the pulumi process that asked for it is gone`, {
        vendor: spec.vendor,
        action: spec.action,
      });
    }
    let res: WireResponse | undefined;
    inFlight++;
    try {
      res = await send(spec.build(), Math.min(policy.attemptTimeoutMs, Math.max(1, giveUpAt - Date.now())));
      done();
      return spec.interpret(res);
    } catch (e) {
      done();
      failure = asRtcError(e, spec.vendor, spec.action, redact);
      hintMs = res ? retryAfterMs(res.headers) : undefined;
      if (failure.isThrottle) spec.limiter.throttled();
    } finally {
      inFlight--;
    }
    const left = giveUpAt - Date.now();
    const delay = Math.min(Math.max(backoff(attempt, policy), hintMs ?? 0), left - MIN_ATTEMPT_MS);
    const unrun = spec.refusedUnrun?.(failure) ?? false;
    const again =
      (unrun || (failure.isTransient && mayRepeat(failure, spec.idempotent))) &&
      (neverRan(failure) || attempt < policy.maxAttempts) &&
      delay >= 0;
    if (!again) throw finalFailure(failure, attempt, Date.now() - startedAt, delay < 0);
    log.info(`${spec.vendor} ${spec.action}: ${describe(failure)}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1})`);
    await sleep(delay);
  }
}

let inFlight = 0;
let stopping = false;

/**
 * Sends nothing more, and resolves once every request already sent has its answer (or its own
 * deadline passed): the caller can then record what the vendor answered before the process ends.
 */
export async function drain(pollMs = 50): Promise<void> {
  stopping = true;
  while (inFlight > 0) await sleep(pollMs);
}

/** Below this much time left before the deadline, another attempt is not worth sending. */
const MIN_ATTEMPT_MS = 1_000;

/**
 * The call never reached the vendor's logic: it was throttled, or the connection was refused before
 * a byte was sent. Sending it again is always safe, and it keeps trying until the call's deadline:
 * sustained throttling (another tool on the same account) must slow a deployment, not fail it.
 */
const neverRan = (e: RtcError): boolean => e.isThrottle || (e.code === "RTC_NETWORK" && !e.outcomeUnknown);

/** A call whose outcome is unknown may be sent again only when repeating it is harmless. */
const mayRepeat = (e: RtcError, idempotent: boolean): boolean => neverRan(e) || idempotent;

/** What the caller sees when the transport stops trying: whether the vendor may have acted, and for how long it tried. */
function finalFailure(e: RtcError, attempts: number, elapsedMs: number, byDeadline: boolean): RtcError {
  // A timeout, a reset or a 5xx leaves open whether the vendor acted; say so, so create keeps the task in state.
  const ambiguous = e.isTransient && !neverRan(e);
  if (!ambiguous && attempts === 1) return e;
  const why = byDeadline ? ", the call's deadline (rtc-tasks:callDeadlineMs)" : "";
  const tried = attempts > 1 ? `; gave up after ${attempts} attempts over ${(elapsedMs / 1000).toFixed(1)} s${why}` : "";
  return e.withMessage(`${e.message}${tried}${ambiguous ? "; the vendor may have carried it out" : ""}`, {
    outcomeUnknown: e.outcomeUnknown || ambiguous,
  });
}

/** The vendor's hint (Retry-After, seconds or an HTTP date), if it gave one. */
function retryAfterMs(headers: WireResponse["headers"]): number | undefined {
  const v = headerValue(headers, "retry-after");
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

async function send(req: WireRequest, timeoutMs: number): Promise<WireResponse> {
  const res = await request(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    dispatcher: agent,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, json, text };
}

/** Full jitter (AWS architecture blog): spreads the retries of many parallel steps apart. */
function backoff(attempt: number, p: RetryPolicy): number {
  return Math.random() * Math.min(p.backoffCapMs, p.backoffBaseMs * 2 ** (attempt - 1));
}

function describe(e: RtcError): string {
  return e.vendorCode ? `${e.vendorCode}${e.requestId ? ` (request id ${e.requestId})` : ""}` : e.message;
}

function asRtcError(e: unknown, vendor: Vendor, action: string, redact: (s: string) => string): RtcError {
  if (e instanceof RtcError) return e;
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? "";
  const what = `${vendor} ${action}`;
  if (err.name === "TimeoutError" || err.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new RtcError("RTC_TIMEOUT", `${what}: no answer before the deadline`, { vendor, action, cause: e });
  }
  // A refused or failed connect sent nothing; a reset or closed socket may have lost the answer.
  const neverSent = ["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN"].includes(code);
  if (neverSent || e instanceof undiciErrors.UndiciError || ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(code)) {
    return new RtcError("RTC_NETWORK", `${what}: ${redact(err.message ?? code)}${code ? ` (${code})` : ""}`, {
      vendor,
      action,
      outcomeUnknown: !neverSent,
      cause: e,
    });
  }
  return new RtcError("RTC_NETWORK", `${what}: ${redact(err.message ?? String(e))}`, { vendor, action, outcomeUnknown: true, cause: e });
}
