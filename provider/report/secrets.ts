import { isPlainObject } from "../util/values";

/** Secret masking. The engine already prints secrets as "[secret]"; the rest is defence in depth. */

/** Pulumi's signature key and the secret signature (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const SECRET_MARKER = "[secret]";

/** Query parameters whose values may be stream keys or signatures (txSecret, wsSecret, auth_key, sign...). */
const SECRET_QUERY = /([?&][^&=#\s]*?(?:key|sign|secret|token|auth|passw|pwd)[^&=#\s]*=)[^&#\s]*/gi;
/** user:password@ in URLs. */
const URL_PASSWORD = /(\/\/[^/@:\s]+:)[^/@\s]+@/g;

/** Defensive: masks credentials that may travel inside URLs even when not marked secret. */
export function redact(text: string): string {
  return text.replace(SECRET_QUERY, `$1${SECRET_MARKER}`).replace(URL_PASSWORD, `$1${SECRET_MARKER}@`);
}

/** The engine's mask, or a value wrapped in Pulumi's secret signature (plaintext or ciphertext inside). */
export function isSecretValue(value: unknown): boolean {
  if (value === SECRET_MARKER) return true;
  if (!isPlainObject(value) || !(SIG_KEY in value)) return false;
  return value[SIG_KEY] === SECRET_SIG || "plaintext" in value || "ciphertext" in value;
}

/**
 * A value of `pulumi stack export --show-secrets` as the program gave it: the CLI shows each secret
 * as its signature with the value's JSON as `plaintext`, at any depth.
 */
export function revealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealed);
  if (!isPlainObject(value)) return value;
  if (value[SIG_KEY] === SECRET_SIG && typeof value.plaintext === "string") return revealed(JSON.parse(value.plaintext));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealed(v)]));
}
