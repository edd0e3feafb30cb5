/**
 * Turns the JSON printed by `pulumi preview --json` (a PreviewDigest) into a reviewer-facing report:
 * which live streams start, change in place, are interrupted, or stop.
 *
 * Engine facts this relies on (pulumi/pulumi, pkg/display/json.go and pkg/backend/display/json.go):
 * - `steps[]` only holds logical steps unless `--show-replacement-steps` is given, so a replacement
 *   is normally one `replace` step; `create-replacement`/`delete-replaced` appear only with that flag
 *   (grouping.ts).
 * - Dynamic providers return no `diffs`/`detailedDiff`, so `diffReasons` is usually absent and
 *   `detailedDiff` is `null`; only `replaceReasons` (the provider's `replaces`) is reliable. We
 *   therefore also diff old and new inputs ourselves (propertyChanges.ts).
 * - When the engine emits the logical `replace` step, the old state already carries the mode:
 *   `delete: true` (create-before-delete) or `pendingReplacement: true` (delete-before-replace) (taskRow.ts).
 * - Secrets are already "[secret]"; unknowns are the computed-value placeholder string (secrets.ts, renderValue.ts).
 *
 * Reading the JSON (digest.ts) → grouping steps into changes (grouping.ts) → a row per task change
 * (taskRow.ts, with identity.ts and propertyChanges.ts) → the report (analyze.ts, summary.ts) →
 * Markdown or text (markdown.ts, text.ts).
 */
export { analyzePreview } from "./analyze";
export {
  parsePreview,
  PreviewParseError,
  type PreviewDiagnostic,
  type PreviewDigest,
  type PreviewStep,
  type ResourceState,
} from "./digest";
export { FAIL_ON_VALUES, failOnMet, type FailOn } from "./failOn";
export { renderMarkdown } from "./markdown";
export {
  HANDOVER_TEXT,
  IMPACT_ORDER,
  IMPACT_TITLES,
  type Handover,
  type Impact,
  type PropertyChange,
  type Report,
  type ReportError,
  type TaskRow,
} from "./model";
export { topLevelKey } from "./propertyChanges";
export { KNOWN_AFTER_APPLY, renderValue, UNKNOWN_VALUE } from "./renderValue";
export { redact, SECRET_MARKER, SECRET_SIG, SIG_KEY } from "./secrets";
export { summarize } from "./summary";
export { ENDED_NOTE } from "./taskRow";
export { TASK_TYPE_PREFIX, taskTypeInfo, type TaskTypeInfo } from "./taskTypes";
export { renderText } from "./text";
export { urnName, urnType } from "./urn";
