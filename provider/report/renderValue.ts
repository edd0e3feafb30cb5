import { isSecretValue, redact, SECRET_MARKER } from "./secrets";

/** The engine's placeholder for values not known until apply (pkg/resource/stack/deployment.go). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const KNOWN_AFTER_APPLY = "(known after apply)";

const NESTED_MAX = 80;

/** Renders one property value for a report cell: never a secret, unknowns spelled out. */
export function renderValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (isSecretValue(value)) return SECRET_MARKER;
  if (value === UNKNOWN_VALUE) return KNOWN_AFTER_APPLY;
  if (typeof value === "string") return renderString(value);
  if (value === null || typeof value !== "object") return String(value);
  return truncate(JSON.stringify(sanitize(value)), NESTED_MAX);
}

function renderString(value: string): string {
  if (value === "") return '""';
  const text = redact(value.split(UNKNOWN_VALUE).join(KNOWN_AFTER_APPLY));
  // Control characters would break table layout; show them escaped.
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
}

function sanitize(value: unknown): unknown {
  if (isSecretValue(value)) return SECRET_MARKER;
  if (value === UNKNOWN_VALUE) return KNOWN_AFTER_APPLY;
  if (typeof value === "string") return redact(value.split(UNKNOWN_VALUE).join(KNOWN_AFTER_APPLY));
  if (Array.isArray(value)) return value.map(sanitize);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v)]));
  }
  return value;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
