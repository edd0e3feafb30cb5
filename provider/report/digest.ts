/**
 * Reading the engine's JSON: the PreviewDigest printed by `pulumi preview --json`
 * (pulumi/pulumi, pkg/display/json.go), validated loosely with zod.
 */
import { z } from "zod";
import { isPlainObject } from "../util/values";

const keyList = z.array(z.string()).nullish();
const propertyMap = z.record(z.string(), z.unknown()).nullish();

const stateSchema = z.looseObject({
  urn: z.string().nullish(),
  type: z.string().nullish(),
  id: z.string().nullish(),
  custom: z.boolean().nullish(),
  delete: z.boolean().nullish(),
  pendingReplacement: z.boolean().nullish(),
  retainOnDelete: z.boolean().nullish(),
  inputs: propertyMap,
  outputs: propertyMap,
  additionalSecretOutputs: keyList,
});

const stepSchema = z.looseObject({
  op: z.string(),
  urn: z.string(),
  provider: z.string().nullish(),
  oldState: stateSchema.nullish(),
  newState: stateSchema.nullish(),
  diffReasons: keyList,
  replaceReasons: keyList,
  detailedDiff: z.record(z.string(), z.unknown()).nullish(),
  // Not in PreviewStep today; engine event metadata spells the reasons `keys`/`diffs`.
  keys: keyList,
  diffs: keyList,
  deleteBeforeReplace: z.boolean().nullish(),
});

const diagnosticSchema = z.looseObject({
  urn: z.string().nullish(),
  prefix: z.string().nullish(),
  message: z.string().nullish(),
  severity: z.string().nullish(),
});

const digestSchema = z.looseObject({
  config: z.record(z.string(), z.unknown()).nullish(),
  steps: z.array(stepSchema).nullish(),
  diagnostics: z.array(diagnosticSchema).nullish(),
  duration: z.number().nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
  maybeCorrupt: z.boolean().nullish(),
});

export type ResourceState = z.infer<typeof stateSchema>;
export type PreviewStep = z.infer<typeof stepSchema>;
export type PreviewDiagnostic = z.infer<typeof diagnosticSchema>;
export type PreviewDigest = z.infer<typeof digestSchema>;

export class PreviewParseError extends Error {
  override readonly name = "PreviewParseError";
}

/**
 * Validates a PreviewDigest loosely: unknown fields are kept, only the fields we read are checked.
 * Accepts the parsed JSON value, or the raw text (tolerating log lines before the JSON object).
 */
export function parsePreview(json: unknown): PreviewDigest {
  const value = typeof json === "string" ? parseJsonText(json) : json;
  if (!isPlainObject(value)) {
    throw new PreviewParseError("expected a JSON object as printed by `pulumi preview --json`");
  }
  if (looksLikeEngineEvent(value)) {
    throw new PreviewParseError("this is a stream of engine events, not a preview digest; unset PULUMI_ENABLE_STREAMING_JSON_PREVIEW");
  }
  if (!["steps", "changeSummary", "duration", "diagnostics"].some((k) => k in value)) {
    throw new PreviewParseError("not a preview digest: none of steps, changeSummary, duration or diagnostics is present");
  }
  const result = digestSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
    throw new PreviewParseError(`not a valid preview digest: ${issues.join("; ")}`);
  }
  return result.data;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    // The CLI may print warnings before the digest; the digest itself starts with "{" on its own line.
    const start = text.search(/^\{/m);
    if (start > 0) {
      try {
        return JSON.parse(text.slice(start));
      } catch {
        // fall through to the original error
      }
    }
    if (/^\{.*\}\s*\n\s*\{/s.test(text.trim()) && /"sequence"|"timestamp"/.test(text)) {
      throw new PreviewParseError("this is a stream of engine events, not a preview digest; unset PULUMI_ENABLE_STREAMING_JSON_PREVIEW");
    }
    throw new PreviewParseError(`input is not JSON: ${(first as Error).message}`);
  }
}

function looksLikeEngineEvent(value: object): boolean {
  return "sequence" in value && "timestamp" in value && !("steps" in value);
}
