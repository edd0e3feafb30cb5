import { createHash, randomBytes } from "node:crypto";

/**
 * ZEGO server API signature, version 2.0 (https://doc-zh.zego.im/article/19458):
 * Signature = md5(AppId + SignatureNonce + ServerSecret + Timestamp), a plain concatenation
 * (AppId and Timestamp in decimal), lowercase hex. The nonce and timestamp that were hashed must be
 * the ones sent, and a signature is good for 10 minutes, so every attempt signs afresh.
 */
export interface ZegoCredentials {
  /** Uint32, in decimal. */
  appId: string;
  serverSecret: string;
}

export const ZEGO_SIGNATURE_VERSION = "2.0";

export function zegoSignature(appId: string, nonce: string, serverSecret: string, timestamp: number | string): string {
  return createHash("md5").update(`${appId}${nonce}${serverSecret}${timestamp}`, "utf8").digest("hex");
}

/** 16 hex characters from 8 random bytes, as ZEGO's own samples make it. */
export const zegoNonce = (): string => randomBytes(8).toString("hex");

/** Unix seconds. */
export const zegoTimestamp = (now = Date.now()): number => Math.floor(now / 1000);

/** The common query parameters of one signed request, in the order ZEGO's samples send them. */
export function zegoCommonParams(
  creds: ZegoCredentials,
  opts: { isTest: boolean; nonce?: string; timestamp?: number },
): Record<string, string> {
  const nonce = opts.nonce ?? zegoNonce();
  const timestamp = opts.timestamp ?? zegoTimestamp();
  return {
    AppId: creds.appId,
    SignatureNonce: nonce,
    Timestamp: String(timestamp),
    Signature: zegoSignature(creds.appId, nonce, creds.serverSecret, timestamp),
    SignatureVersion: ZEGO_SIGNATURE_VERSION,
    IsTest: opts.isTest ? "true" : "false",
  };
}

/**
 * The query string of a GET request: Action, the common parameters, then the business ones.
 * URLSearchParams applies form encoding, which turns `rtmp://h/a` into `rtmp%3A%2F%2Fh%2Fa` exactly
 * as ZEGO's sample requests show CDNUrl, and `+` into `%2B` so that it cannot be read as a space.
 */
export function zegoQuery(action: string, common: Record<string, string>, business: Record<string, string>): string {
  return new URLSearchParams({ Action: action, ...common, ...business }).toString();
}
