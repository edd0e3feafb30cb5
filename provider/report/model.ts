/** The report's model: every string in it is already rendered and redacted. */

export type Impact = "interrupt" | "stop" | "change" | "start";
/** Section order: the most disruptive first. */
export const IMPACT_ORDER: readonly Impact[] = ["interrupt", "stop", "change", "start"];
export const IMPACT_TITLES: Readonly<Record<Impact, string>> = {
  interrupt: "Interrupted",
  stop: "Stop",
  change: "Change in place",
  start: "Start",
};

export type Handover = "goes-dark" | "hands-over" | "unknown";
export const HANDOVER_TEXT: Readonly<Record<Handover, string>> = {
  "goes-dark": "goes dark (stops first)",
  "hands-over": "hands over (new starts first)",
  unknown: "unknown (assume it goes dark)",
};

export interface PropertyChange {
  name: string;
  old: string;
  new: string;
}

export interface TaskRow {
  impact: Impact;
  urn: string;
  /** Last URN segment: the logical resource name. */
  name: string;
  /** Type name after the `rtc:` module, e.g. "TencentRelayToCdn". */
  type: string;
  vendor: string;
  kind: string;
  /** Rendered identity, e.g. "app/room/task" or "app/room/t1 → app/room/(known after apply)". */
  identity: string;
  changes: PropertyChange[];
  /** Interrupted rows only. */
  handover?: Handover;
  /** Interrupted rows only: properties that forced the replacement. */
  forcedBy?: string[];
  notes: string[];
}

export interface ReportError {
  urn?: string;
  message: string;
}

export interface Report {
  /** One line, e.g. "2 streams start · 1 interrupted"; "No live stream changes." when none. */
  summary: string;
  counts: Record<Impact, number>;
  /** Task resources whose steps all have no effect (same, read, refresh...), counted once per URN. */
  unchanged: number;
  /** Sorted: by impact (IMPACT_ORDER), then name. */
  rows: TaskRow[];
  /** Non-task resources, counted by logical op ("create", "replace", "unchanged"...). */
  other: Record<string, number>;
  otherLine: string;
  errors: ReportError[];
}

/** The `other` label of a non-task resource whose steps have no effect. */
export const NO_IMPACT_LABEL = "unchanged";
