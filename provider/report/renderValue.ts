import { UNKNOWN } from "../lifecycle/changes";
import { isPlainObject } from "../util/values";
import { isSecretValue, redact, SECRET_MARKER } from "./secrets";

/**
 * The engine's placeholder for values not known until apply (pkg/resource/stack/deployment.go): the
 * same string the provider receives in a preview, so the report takes it from the provider's own code.
 */
export const UNKNOWN_VALUE = UNKNOWN;
export const KNOWN_AFTER_APPLY = "(known after apply)";

const NESTED_MAX = 80;

/** Renders one property value for a report cell: never a secret, unknowns spelled out. */
export function renderValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (isSecretValue(value)) return SECRET_MARKER;
  if (value === UNKNOWN) return KNOWN_AFTER_APPLY;
  if (typeof value === "string") return renderString(value);
  if (value === null || typeof value !== "object") return String(value);
  return truncate(JSON.stringify(sanitize(value)), NESTED_MAX);
}

function renderString(value: string): string {
  if (value === "") return '""';
  const text = redact(spellUnknowns(value));
  // Control characters would break table layout; show them escaped.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
}

function sanitize(value: unknown): unknown {
  if (isSecretValue(value)) return SECRET_MARKER;
  if (value === UNKNOWN) return KNOWN_AFTER_APPLY;
  if (typeof value === "string") return redact(spellUnknowns(value));
  if (Array.isArray(value)) return value.map(sanitize);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v)]));
  return value;
}

/** Spells out each placeholder, also one inside a longer string. */
function spellUnknowns(text: string): string {
  return text.split(UNKNOWN).join(KNOWN_AFTER_APPLY);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
