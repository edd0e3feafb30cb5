import { z } from "zod";

/** Shared input rules. Messages say the rule in a user's words; the lifecycle names the property. */

export const ID_PATTERN = /^[a-zA-Z0-9_@\-.]{1,128}$/;

/** A Volcengine id (AppId, RoomId, TaskId...). The message leaves the name out: the path says it. */
export const vendorId = () =>
  z.string({ error: `must be a string` }).regex(ID_PATTERN, "must be 1-128 characters of letters, digits, _ @ - .");

export const int = (min: number, max: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/** Any finite number (JSON carries no NaN or infinity). */
export const finite = () => z.number({ error: "must be a number" }).refine(Number.isFinite, "must be a finite number");

export const evenInt = (min: number, max: number) =>
  int(min, max).refine((n) => n % 2 === 0, `must be an even number between ${min} and ${max}`);

export const oneOf = <T extends readonly number[]>(values: T, what: string) =>
  z.number({ error: "must be a number" }).refine((n) => values.includes(n), `must be one of ${values.join(", ")} (${what})`);

/**
 * One of a vendor's named constants (provider/tasks/<vendor>/constants.ts), or of `only` among them,
 * given by shorthand so that its name comes along: `oneOfConstant({ VolcengineLayoutMode }, "...")`.
 * The accepted values come from the constant (one source for each), and its name rides along in the
 * JSON Schema, where the docs test checks that the property's doc names it.
 */
export function oneOfConstant<C extends Readonly<Record<string, number>>>(
  named: Readonly<Record<string, C>>,
  what: string,
  only?: readonly C[keyof C][],
) {
  const [name, constant] = Object.entries(named)[0]!;
  return oneOf(only ?? Object.values(constant), what).meta({ constant: name });
}

export const fraction = (minExclusive: boolean, maxInclusive = 1) =>
  z
    .number({ error: "must be a number" })
    .refine(
      (n) => (minExclusive ? n > 0 : n >= 0) && n <= maxInclusive,
      `must be a fraction in ${minExclusive ? "(0" : "[0"}, ${maxInclusive}]`,
    );

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like "#RRGGBB"');

/**
 * A push address: a URL with a host, in one of the protocols the vendor relays over (`protocols`,
 * such as "rtmp:"). `message` names them, and why, as the vendor documents it.
 */
export const streamUrl = (protocols: readonly string[], message: string) =>
  z.string({ error: "must be a string" }).refine((s) => {
    try {
      const u = new URL(s);
      return protocols.includes(u.protocol) && u.hostname !== "";
    } catch {
      return false;
    }
  }, message);

/** Volcengine's push URLs: RTMP, or RTMP over TLS (see the README's Limitations). */
export const rtmpUrl = streamUrl(
  ["rtmp:", "rtmps:"],
  "must be an rtmp:// or rtmps:// URL with a host (the vendor relays over RTMP, or RTMP over TLS)",
);

export const httpUrl = (maxBytes: number) =>
  z
    .string({ error: "must be a string" })
    .refine((s) => {
      try {
        return ["http:", "https:"].includes(new URL(s).protocol);
      } catch {
        return false;
      }
    }, "must be an http(s):// URL")
    .refine((s) => Buffer.byteLength(s) <= maxBytes, `must be at most ${maxBytes} bytes`);

/** Every kind carries these inputs; the resource classes set them, users do not. */
export const internalInputs = {
  __kind: z.string(),
  __logicalName: z.string(),
  __stack: z.string().optional(),
  __generation: z.number().int().min(0).optional(),
  adopt: z.boolean({ error: "must be true or false" }).optional(),
};
