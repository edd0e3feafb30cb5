import { NO_IMPACT_LABEL, type Impact } from "./model";

/** Verb phrases for the summary, singular and plural; order follows "start · change · interrupt · stop". */
const SUMMARY_PHRASES: readonly [Impact, string, string][] = [
  ["start", "starts", "start"],
  ["change", "changes in place", "change in place"],
  ["interrupt", "interrupted", "interrupted"],
  ["stop", "stops", "stop"],
];

/**
 * A preview that fails stops at the first error: the engine's JSON then lists only the steps before
 * it, so "no changes" would be a false all-clear. The summary says so first.
 */
export function summarize(counts: Readonly<Record<Impact, number>>, errors = 0): string {
  const parts = SUMMARY_PHRASES.filter(([impact]) => counts[impact] > 0).map(([impact, one, many], i) => {
    const n = counts[impact];
    const noun = i === 0 ? (n === 1 ? " stream" : " streams") : "";
    return `${n}${noun} ${n === 1 ? one : many}`;
  });
  if (errors > 0) {
    const failed = `Preview failed (${errors} ${errors === 1 ? "error" : "errors"})`;
    return parts.length ? `${failed}, changes incomplete: ${parts.join(" · ")}` : `${failed}: live stream changes unknown.`;
  }
  return parts.length ? parts.join(" · ") : "No live stream changes.";
}

const OTHER_ORDER = ["create", "update", "replace", "delete"];

export function otherResourcesLine(other: Readonly<Record<string, number>>): string {
  const labels = [...OTHER_ORDER, NO_IMPACT_LABEL].filter((l) => other[l]);
  if (!labels.length) return "Other resources: none.";
  return `Other resources: ${labels.map((l) => `${other[l]} ${l}`).join(", ")}`;
}
