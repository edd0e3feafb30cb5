import { createHash } from "node:crypto";

/** Small helpers over untyped JSON values, used wherever inputs, requests or state are walked. */

export type Obj = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export const isPlainObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The value as an object, when it is one. */
export const asObject = (v: unknown): Obj | undefined => (isPlainObject(v) ? v : undefined);

/** The value as a list, or an empty one. */
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Own properties only: a key such as "__proto__" in user input must not reach the prototype. */
export const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** JSON with sorted keys and no undefined, so key order and absent-versus-undefined never count as a difference. */
export function canonicalJson(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) =>
      isPlainObject(x)
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .filter((k) => x[k] !== undefined)
              .map((k) => [k, x[k]]),
          )
        : x,
    ) ?? "undefined"
  );
}

export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** One HTTP header's value, however a server or client delivered it (absent, single, repeated). */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(",") : v;
}
