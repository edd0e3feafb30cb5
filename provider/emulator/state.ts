import type { Vendor } from "../http/errors";

/** A task the emulator has started, as the tests and the demo see it. */
export interface EmulatedTask {
  vendor: Vendor;
  /** The task kind as the vendor names it (e.g. "PushMixedStreamToCDN"). */
  kind: string;
  /** The vendor's identity of the task, e.g. "app/room/task". */
  key: string;
  params: Record<string, unknown>;
  status: "running" | "ended";
  stopReason: string;
  startedAt: number;
  endedAt: number;
  updates: number;
  /** Messages put into the live stream, in order (a public stream's Control.DataMsg, each time it is sent). */
  injected?: string[];
  /** What the vendor observes of it besides its settings, as the admin API sets it (`/_emulator/tasks/live`). */
  live?: LiveObservation;
  /** Settings changed behind the provider's back (`/_emulator/tasks/settings`). */
  outsideChanges?: number;
}

/** What the vendor observes of a running task, beyond what it was asked to do. */
export interface LiveObservation {
  /** Volcengine relays: PushStreamState 0-6 (default 5, pushing). */
  pushState?: number;
  /** Volcengine public streams: subscriptions per 30 s (ListRealTimePublicStreamInfo's pull_num; default 0). */
  subscribers?: number;
  /** ZEGO: whether the stream a rule relays is published (DescribeRTCStreamState; default true while a rule relays it). */
  sourcePublished?: boolean;
}

export type FaultType = "http500" | "reset" | "slow" | "throttle" | "end-task";

export interface FaultRule {
  vendor?: Vendor;
  action?: string;
  type: FaultType;
  /** Chance per matching call, 0..1 (default 1). */
  rate?: number;
  /** How many calls it may fault before it is used up (default unlimited). */
  count?: number;
  /** For "slow": how long to hold the answer. */
  delayMs?: number;
}

/** How many admission times are kept per rate key: a long-running emulator must not grow without end. */
const ADMITTED_KEPT = 100_000;

/** The running set, counters and faults of one emulator; every vendor module shares it. */
export class EmulatorState {
  readonly tasks = new Map<string, EmulatedTask>();
  /** Starts per identity over the emulator's life: a value above 1 while running twice is a leak. */
  readonly startsByKey = new Map<string, number>();
  readonly stats = { requests: 0, rejectedSignatures: 0, qpsViolations: 0, faultsInjected: 0, doubleStarts: 0 };
  faults: FaultRule[] = [];
  private readonly windows = new Map<string, number[]>();
  private readonly admitted = new Map<string, number[]>();

  private id(vendor: Vendor, key: string): string {
    return `${vendor}:${key}`;
  }

  get(vendor: Vendor, key: string): EmulatedTask | undefined {
    return this.tasks.get(this.id(vendor, key));
  }

  running(vendor: Vendor, key: string): EmulatedTask | undefined {
    const t = this.get(vendor, key);
    return t?.status === "running" ? t : undefined;
  }

  start(vendor: Vendor, kind: string, key: string, params: Record<string, unknown>): EmulatedTask {
    const id = this.id(vendor, key);
    if (this.tasks.get(id)?.status === "running") this.stats.doubleStarts++;
    const task: EmulatedTask = {
      vendor,
      kind,
      key,
      params,
      status: "running",
      stopReason: "",
      startedAt: Date.now(),
      endedAt: 0,
      updates: 0,
    };
    this.tasks.set(id, task);
    this.startsByKey.set(id, (this.startsByKey.get(id) ?? 0) + 1);
    return task;
  }

  end(task: EmulatedTask, reason: string): void {
    task.status = "ended";
    task.stopReason = reason;
    task.endedAt = Date.now();
  }

  list(all = false): EmulatedTask[] {
    return [...this.tasks.values()].filter((t) => all || t.status === "running");
  }

  /** Counts a call against a vendor's per-account rate; false when it is over (sliding one-second window). */
  admit(key: string, perSecond: number): boolean {
    const now = Date.now();
    const w = this.windows.get(key) ?? [];
    while (w.length > 0 && now - w[0]! >= 1000) w.shift();
    if (w.length >= perSecond) {
      this.stats.qpsViolations++;
      this.windows.set(key, w);
      return false;
    }
    w.push(now);
    this.windows.set(key, w);
    const admitted = this.admitted.get(key) ?? [];
    if (admitted.length < ADMITTED_KEPT) admitted.push(now);
    this.admitted.set(key, admitted);
    return true;
  }

  /** When each call counted against a rate key was admitted (ms), to measure the rate a client reached. */
  admittedTimes(key: string): readonly number[] {
    return this.admitted.get(key) ?? [];
  }

  /** The fault to inject into this call, if any rule fires. */
  fault(vendor: Vendor, action: string): FaultRule | undefined {
    for (const rule of this.faults) {
      if (rule.vendor && rule.vendor !== vendor) continue;
      if (rule.action && rule.action !== action) continue;
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (Math.random() >= (rule.rate ?? 1)) continue;
      if (rule.count !== undefined) rule.count--;
      this.stats.faultsInjected++;
      return rule;
    }
    return undefined;
  }

  reset(): void {
    this.tasks.clear();
    this.startsByKey.clear();
    this.windows.clear();
    this.admitted.clear();
    this.faults = [];
    Object.assign(this.stats, { requests: 0, rejectedSignatures: 0, qpsViolations: 0, faultsInjected: 0, doubleStarts: 0 });
  }
}
