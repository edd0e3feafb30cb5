import { createHmac } from "node:crypto";
import { sha256Hex } from "../../util/values";

/**
 * Volcengine OpenAPI HMAC-SHA256 request signing (https://www.volcengine.com/docs/6369/67270).
 * Written here rather than taken from @volcengine/openapi: that SDK signs inside its axios-based
 * Service and pulls axios and lodash in; the algorithm is thirty lines of node:crypto. The SDK is
 * the test oracle instead (test/conformance).
 */
export interface VolcengineCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  /** Path, always "/" for RTC. */
  path: string;
  query: Record<string, string>;
  /** Headers to sign and send, besides X-Date, X-Content-Sha256 and X-Security-Token, which are added. */
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  /** UTC time as YYYYMMDD'T'HHMMSS'Z'. */
  xDate: string;
}

export { sha256Hex };
const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding, keeping only unreserved characters (`encodeURIComponent` leaves !'()* alone). */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(query[k]!)}`)
    .join("&");
}

export function toXDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export interface Signed {
  headers: Record<string, string>; // every header to send, Authorization included
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

export function signVolcengine(creds: VolcengineCredentials, input: SignInput): Signed {
  const bodyHash = sha256Hex(input.body);
  // Like the official SDKs, the body hash is sent (and signed) only when there is a body.
  const headers: Record<string, string> = {
    ...input.headers,
    "X-Date": input.xDate,
    ...(input.body ? { "X-Content-Sha256": bodyHash } : {}),
  };
  if (creds.sessionToken) headers["X-Security-Token"] = creds.sessionToken;

  const signedNames = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonicalHeaders = signedNames.map((n) => `${n}:${lowered[n]}\n`).join("");
  const signedHeaders = signedNames.join(";");
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path,
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    bodyHash,
  ].join("\n");

  const day = input.xDate.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/request`;
  const stringToSign = ["HMAC-SHA256", input.xDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const kSigning = signingKey(creds.secretAccessKey, day, input.region, input.service);
  const signature = createHmac("sha256", kSigning).update(stringToSign).digest("hex");
  headers["Authorization"] = `HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers, canonicalRequest, stringToSign, signature };
}

export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(secret, day), region), service), "request");
}

/** Parses an Authorization header of this scheme; undefined when it is not one. */
export function parseVolcengineAuthorization(
  value: string,
): { accessKeyId: string; day: string; region: string; service: string; signedHeaders: string[]; signature: string } | undefined {
  const m = /^HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  return { accessKeyId: m[1]!, day: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(";"), signature: m[6]! };
}
