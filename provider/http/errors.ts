import type { Vendor } from "../vendors/vendor";

export type { Vendor };

/**
 * One error type for everything a vendor call can end in, with a stable machine code (in the way
 * undici's errors carry UND_ERR_*), so that the lifecycle decides on codes, never on message text.
 */
export type RtcErrorCode =
  | "RTC_NOT_FOUND" // the task does not exist or has already stopped
  | "RTC_ALREADY_EXISTS"
  | "RTC_THROTTLED" // the vendor refused the call for rate: it did not run
  | "RTC_QUOTA" // a limit on how many tasks may run at once: waiting a little will not help
  | "RTC_UNREACHABLE" // the vendor no longer answers for the task by its id, though it may still run
  | "RTC_AUTH" // credentials or signature refused
  | "RTC_INVALID" // the vendor rejected a parameter
  | "RTC_VENDOR_INTERNAL" // the vendor failed on its side; the call may or may not have run
  | "RTC_HTTP" // a non-2xx answer without a vendor envelope
  | "RTC_TIMEOUT" // no answer before the deadline; the call may or may not have run
  | "RTC_NETWORK" // the connection failed or was reset
  | "RTC_BAD_RESPONSE" // an answer we cannot read
  | "RTC_CONFIG" // missing or invalid provider configuration
  | "RTC_PRECONDITION" // refused here, before any call: something the vendor would refuse (a ZEGO test-environment prefix)
  | "RTC_UNCONFIRMED"; // a start may have run, and nothing the vendor answers can settle it: a person must look

export interface RtcErrorDetails {
  vendor?: Vendor;
  action?: string;
  vendorCode?: string;
  vendorMessage?: string;
  requestId?: string;
  httpStatus?: number;
  /** True when the vendor may have executed the call even though we saw a failure. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class RtcError extends Error {
  override readonly name = "RtcError";
  readonly code: RtcErrorCode;
  readonly vendor?: Vendor;
  readonly action?: string;
  readonly vendorCode?: string;
  readonly vendorMessage?: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly outcomeUnknown: boolean;

  constructor(code: RtcErrorCode, message: string, details: RtcErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.vendor = details.vendor;
    this.action = details.action;
    this.vendorCode = details.vendorCode;
    this.vendorMessage = details.vendorMessage;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  /**
   * The same failure told in other words (the task it concerns, what was tried): code, vendor
   * details and outcome are kept, and the original is the cause, as undici's errors chain them.
   */
  withMessage(message: string, details: Partial<RtcErrorDetails> = {}): RtcError {
    return new RtcError(this.code, message, {
      vendor: this.vendor,
      action: this.action,
      vendorCode: this.vendorCode,
      vendorMessage: this.vendorMessage,
      requestId: this.requestId,
      httpStatus: this.httpStatus,
      outcomeUnknown: this.outcomeUnknown,
      cause: this,
      ...details,
    });
  }

  /** Throttling never ran the call, so it is always safe to send again. */
  get isThrottle(): boolean {
    return this.code === "RTC_THROTTLED";
  }

  /** Failures worth another attempt, if the call itself may be repeated. */
  get isTransient(): boolean {
    return (
      ["RTC_THROTTLED", "RTC_VENDOR_INTERNAL", "RTC_TIMEOUT", "RTC_NETWORK", "RTC_HTTP"].includes(this.code) &&
      (this.code !== "RTC_HTTP" || (this.httpStatus ?? 0) >= 500 || this.httpStatus === 429)
    );
  }
}

export function isRtcError(e: unknown, code?: RtcErrorCode): e is RtcError {
  return e instanceof RtcError && (code === undefined || e.code === code);
}

/** The message a person reads: what failed, the vendor's own code and words, and its request id. */
export function vendorErrorMessage(vendor: Vendor, action: string, d: RtcErrorDetails): string {
  const parts = [`${vendor} ${action} failed`];
  if (d.vendorCode) parts.push(`${d.vendorCode}: ${d.vendorMessage ?? "(no message)"}`);
  else if (d.vendorMessage) parts.push(d.vendorMessage);
  if (d.httpStatus && d.httpStatus !== 200) parts.push(`HTTP ${d.httpStatus}`);
  let msg = parts.join(": ");
  if (d.requestId) msg += ` (request id ${d.requestId})`;
  return msg;
}

/** The failure a vendor's answer reports, carrying all it said: code, message, request id, HTTP status. */
export function vendorFailure(code: RtcErrorCode, d: RtcErrorDetails & { vendor: Vendor; action: string }): RtcError {
  return new RtcError(code, vendorErrorMessage(d.vendor, d.action, d), d);
}

/**
 * An answer that lacks the vendor's envelope (a gateway's or proxy's page, an empty body): its HTTP
 * status is all there is to go on. 429 is a throttle; another 4xx or 5xx a plain HTTP failure (5xx
 * counts as transient); a 2xx without an envelope cannot be read.
 */
export function withoutEnvelope(
  vendor: Vendor,
  action: string,
  res: { status: number; text: string },
  redact: (s: string) => string,
): RtcError {
  const code: RtcErrorCode = res.status === 429 ? "RTC_THROTTLED" : res.status >= 400 ? "RTC_HTTP" : "RTC_BAD_RESPONSE";
  const d = { vendor, action, httpStatus: res.status, vendorMessage: redact(res.text.slice(0, 200)) };
  return new RtcError(code, vendorErrorMessage(vendor, action, d), d);
}
