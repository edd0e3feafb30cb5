import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../provider/emulator";
import { stateBytes, withProviderPeak } from "./measure";
import { fleetStack, noopStack, split } from "./programs";

/**
 * How the cost of each operation grows with the stack: N tasks against N dynamic resources that do
 * nothing but carry task-shaped inputs (the engine's own cost, per property and per byte of state).
 */

export interface GrowthRow {
  n: number;
  op: string;
  tasksS: number;
  floorS: number;
  perTaskMs: number;
  floorPerTaskMs: number;
  ratio: number;
}

export interface GrowthResult {
  rows: GrowthRow[];
  /** By N: state bytes per task resource and the provider process's peak resident memory. */
  footprint: {
    n: number;
    stateBytesPerTask: number;
    providerTextBytes: number;
    providerPeakMiB: number;
    /** The no-op floor's: its provider is a serialized closure, ours a bare require (see the README). */
    floorStateBytesPerResource: number;
    floorProviderTextBytes: number;
  }[];
}

const OPS: [string, (s: Stack) => Promise<unknown>][] = [
  ["up", (s) => s.up()],
  ["preview (no changes)", (s) => s.preview({ expectNoChanges: true })],
  ["refresh", (s) => s.refresh()],
  ["destroy", (s) => s.destroy()],
];

export async function growth(ns: number[], emu: RunningEmulator, backend: string, say: (line: string) => void): Promise<GrowthResult> {
  const rows: GrowthRow[] = [];
  const footprint: GrowthResult["footprint"] = [];
  for (const n of ns) {
    const tasks = await fleetStack(`growth-${n}`, backend, emu, split(n));
    const floor = await noopStack(`floor-${n}`, backend, emu, n);
    let peak = 0;
    for (const [op, run] of OPS) {
      const t = await withProviderPeak(() => run(tasks));
      peak = Math.max(peak, t.peakMiB);
      const f = await withProviderPeak(() => run(floor));
      if (op === "up") {
        if (emu.state.list().length !== n) throw new Error(`growth N=${n}: ${emu.state.list().length} tasks run after up`);
        const bytes = await stateBytes(tasks);
        const floorBytes = await stateBytes(floor);
        footprint.push({
          n,
          stateBytesPerTask: bytes.perTask,
          providerTextBytes: bytes.providerText,
          providerPeakMiB: 0,
          floorStateBytesPerResource: floorBytes.perTask,
          floorProviderTextBytes: floorBytes.providerText,
        });
      }
      rows.push({
        n,
        op,
        tasksS: t.seconds,
        floorS: f.seconds,
        perTaskMs: (t.seconds * 1000) / n,
        floorPerTaskMs: (f.seconds * 1000) / n,
        ratio: t.seconds / f.seconds,
      });
      say(`  growth N=${n} ${op}: ${t.seconds.toFixed(1)} s (floor ${f.seconds.toFixed(1)} s)`);
    }
    if (emu.state.list().length !== 0) throw new Error(`growth N=${n}: ${emu.state.list().length} tasks still run after destroy`);
    footprint[footprint.length - 1]!.providerPeakMiB = peak;
    for (const s of [tasks, floor]) await s.workspace.removeStack(s.name).catch(() => undefined);
  }
  return { rows, footprint };
}
