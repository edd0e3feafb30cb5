import { RtcError } from "./http/errors";

/**
 * Provider settings come from stack config under this package's namespace (`rtc-tasks:<key>`, set
 * with `pulumi config set --secret`), then from environment variables. They are read inside the
 * provider process only, so they never enter the serialized provider, inputs, outputs or diffs.
 */
export const CONFIG_NAMESPACE = "rtc-tasks";

let stackConfig: (key: string) => string | undefined = () => undefined;

/** Called by the provider's `configure`: the engine hands over the whole stack config. */
export function setStackConfig(get: (key: string) => string | undefined): void {
  stackConfig = get;
}

export interface Setting {
  key: string; // config key within the namespace
  env: readonly string[]; // environment variables, first wins
  secret?: boolean;
}

export function readSetting(s: Setting): string | undefined {
  const fromConfig = stackConfig(`${CONFIG_NAMESPACE}:${s.key}`);
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  for (const name of s.env) {
    const v = process.env[name];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

export function requireSetting(s: Setting, purpose: string): string {
  const v = readSetting(s);
  if (v === undefined) {
    const how = `pulumi config set ${s.secret ? "--secret " : ""}${CONFIG_NAMESPACE}:${s.key} <value>`;
    throw new RtcError("RTC_CONFIG", `missing ${purpose}: run \`${how}\`${s.env.length ? ` or set ${s.env.join(" or ")}` : ""}`);
  }
  return v;
}

export function numberSetting(s: Setting, fallback: number): number {
  const v = readSetting(s);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new RtcError("RTC_CONFIG", `${CONFIG_NAMESPACE}:${s.key} must be a positive number, got "${v}"`);
  }
  return n;
}
