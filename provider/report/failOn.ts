import { IMPACT_ORDER, type Report } from "./model";

/** Conditions for `--fail-on`. */
export type FailOn = "interrupt" | "stop" | "any-impact";
export const FAIL_ON_VALUES: readonly FailOn[] = ["interrupt", "stop", "any-impact"];

/** A preview with errors meets every condition: its list of changes is incomplete, so nothing is ruled out. */
export function failOnMet(report: Report, condition: FailOn): boolean {
  if (report.errors.length > 0) return true;
  switch (condition) {
    case "interrupt":
      return report.counts.interrupt > 0;
    case "stop":
      return report.counts.stop > 0;
    case "any-impact":
      return IMPACT_ORDER.some((i) => report.counts[i] > 0);
  }
}
