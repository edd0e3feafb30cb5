import * as fs from "node:fs";
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../provider/emulator";

/** What the benchmark reads off a run besides its duration. */

/** Peak resident memory of the dynamic-provider processes, sampled from /proc while `run` goes on (Linux). */
export async function withProviderPeak<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; peakMiB: number }> {
  let peakKiB = 0;
  const sample = () => {
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      } catch {
        /* the process ended between listing and reading */
      }
    }
  };
  const timer = setInterval(sample, 100);
  const t0 = performance.now();
  try {
    const result = await run();
    return { result, seconds: (performance.now() - t0) / 1000, peakMiB: peakKiB / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** Bytes of state per task resource, and of the provider text stored with each. */
export async function stateBytes(stack: Stack): Promise<{ perTask: number; providerText: number }> {
  const state = (await stack.exportStack()).deployment as {
    resources?: { type: string; inputs?: object; outputs?: Record<string, unknown> }[];
  };
  const tasks = (state.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  return {
    perTask: Buffer.byteLength(JSON.stringify(tasks)) / Math.max(1, tasks.length),
    providerText: String(tasks[0]?.outputs?.__provider ?? "").length,
  };
}

/** Output lines that say a vendor refused a call for rate and the call failed for it. */
export const THROTTLE_ERROR = /error:.*(FlowLimitExceeded|RequestLimitExceeded|throttl|\b5007\b|\b30002\b)/i;

/** Calls per second a client reached, from when the vendor admitted its first call to its last. */
export function achievedRate(times: readonly number[]): number {
  if (times.length < 2) return 0;
  return (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000);
}

/**
 * What the vendor saw of one operation, from now until `done()`: the calls it admitted under a rate
 * key, how many arrived over the rate, and the throttling errors the output showed a user.
 */
export function vendorWindow(emu: RunningEmulator, rateKey: string) {
  const violationsBefore = emu.state.stats.qpsViolations;
  const admittedBefore = emu.state.admittedTimes(rateKey).length;
  const t0 = performance.now();
  let throttleErrors = 0;
  return {
    /** Feed it each output line of the operation. */
    onOutput: (line: string) => void (THROTTLE_ERROR.test(line) && throttleErrors++),
    done: () => ({
      seconds: (performance.now() - t0) / 1000,
      times: emu.state.admittedTimes(rateKey).slice(admittedBefore),
      violations: emu.state.stats.qpsViolations - violationsBefore,
      throttleErrors,
    }),
  };
}

export const fmt = (x: number, digits = 1): string => x.toFixed(digits);
