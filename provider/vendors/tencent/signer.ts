import { createHmac } from "node:crypto";
import { sha256Hex } from "../../util/values";

/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256
 * (https://cloud.tencent.com/document/api/362/4208). Written here rather than taken from
 * tencentcloud-sdk-nodejs: the SDK signs only inside its own client, which sends through node-fetch
 * and pulls in form-data, uuid, json-bigint and a proxy agent; the algorithm is a few HMACs over
 * node:crypto. The SDK's `Sign.sign3` is the test oracle instead (test/conformance/tencent-signer.test.ts).
 *
 * Only `content-type` and `host` are signed, as the SDK does; the X-TC-* headers travel unsigned.
 */
export interface TencentCredentials {
  secretId: string;
  secretKey: string;
  /** STS token: sent as X-TC-Token, not signed. */
  sessionToken?: string;
}

export interface Tc3Input {
  method: "POST" | "GET";
  /** The Host header exactly as sent (host, plus ":port" when the URL names one). */
  host: string;
  contentType: string;
  /** The exact bytes sent: the payload hash must cover them, not a re-serialisation. */
  body: string | Buffer;
  /** Unix seconds, as sent in X-TC-Timestamp. */
  timestamp: number;
  /** "trtc" for both the China and the international host. */
  service: string;
}

export interface Tc3Signature {
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** `<date>/<service>/tc3_request` */
  credentialScope: string;
}

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";
export const TC3_SIGNED_HEADERS = "content-type;host";

export { sha256Hex };
const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

/** The UTC day of a timestamp, YYYY-MM-DD: between 00:00 and 08:00 in China it is the day before. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function tc3SigningKey(secretKey: string, date: string, service: string): Buffer {
  return hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
}

/** POST has no query string; header names and values are lower-cased and trimmed (doc step 1). */
export function tc3CanonicalRequest(input: Pick<Tc3Input, "method" | "host" | "contentType" | "body">): string {
  const headers = `content-type:${input.contentType.trim().toLowerCase()}\nhost:${input.host.trim().toLowerCase()}\n`;
  return [input.method, "/", "", headers, TC3_SIGNED_HEADERS, sha256Hex(input.body)].join("\n");
}

export function tc3StringToSign(timestamp: number, credentialScope: string, canonicalRequest: string): string {
  return [TC3_ALGORITHM, String(timestamp), credentialScope, sha256Hex(canonicalRequest)].join("\n");
}

export function signTc3(creds: Pick<TencentCredentials, "secretId" | "secretKey">, input: Tc3Input): Tc3Signature {
  const date = tc3Date(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const canonicalRequest = tc3CanonicalRequest(input);
  const stringToSign = tc3StringToSign(input.timestamp, credentialScope, canonicalRequest);
  const signature = createHmac("sha256", tc3SigningKey(creds.secretKey, date, input.service))
    .update(stringToSign, "utf8")
    .digest("hex");
  const authorization = `${TC3_ALGORITHM} Credential=${creds.secretId}/${credentialScope}, SignedHeaders=${TC3_SIGNED_HEADERS}, Signature=${signature}`;
  return { authorization, canonicalRequest, stringToSign, signature, credentialScope };
}

export interface ParsedTc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses an Authorization header of this scheme; undefined when it is not one. */
export function parseTc3Authorization(value: string): ParsedTc3Authorization | undefined {
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      value.trim(),
    );
  if (!m) return undefined;
  return { secretId: m[1]!, date: m[2]!, service: m[3]!, signedHeaders: m[4]!.split(";"), signature: m[5]! };
}
