import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../provider/emulator";
import { TENCENT_TEST_CREDENTIALS } from "../../provider/emulator/tencent";
import { ZEGO_TEST_CREDENTIALS } from "../../provider/emulator/zego";
import { achievedRate, vendorWindow } from "./measure";
import { fleetStack, noopStack, VENDOR_QPS } from "./programs";

/**
 * Stacks of one vendor's tasks: how close the provider comes to the vendor's documented rate (calls
 * the vendor admitted, first to last), with no call over it. The rate is the floor only while the
 * engine can finish more steps a second than the vendor admits calls; on a local backend each step
 * rewrites the whole checkpoint, so a large stack becomes engine-bound. Each size is therefore also
 * run as as many task-shaped no-ops, whose completed steps a second, first to last, are the engine's
 * own rate; the lower of the two rates binds.
 */

export interface VendorBoundRow {
  vendor: string;
  n: number;
  op: string;
  calls: number;
  seconds: number;
  achievedPerSecond: number;
  documentedPerSecond: number;
  /** Achieved over documented: the target (≥ 0.9) where the vendor's rate binds. */
  fraction: number;
  /** Steps a second the engine completed on as many no-op resources with task-shaped inputs. */
  enginePerSecond: number;
  boundBy: "vendor" | "engine";
  /** Achieved over the lower of the documented and the engine's rate. */
  fractionOfBound: number;
  violations: number;
  throttleErrors: number;
}

const CASES = [
  // ZEGO counts every action of an AppId against one budget; Tencent counts each action on its own.
  { vendor: "zego", kind: "ZegoCdnTransferRule", key: () => `zego:${ZEGO_TEST_CREDENTIALS.appId}:prod` },
  {
    vendor: "tencent",
    kind: "TencentRelayToCdn",
    key: (op: string) => `tencent:${TENCENT_TEST_CREDENTIALS.secretId}:${op === "up" ? "StartPublishCdnStream" : "StopPublishCdnStream"}`,
  },
] as const;

export async function vendorBound(
  sizes: number[],
  emu: RunningEmulator,
  backend: string,
  say: (line: string) => void,
): Promise<VendorBoundRow[]> {
  const rows: VendorBoundRow[] = [];
  for (const m of sizes) {
    const floor = await noopStack(`bound-floor-${m}`, backend, emu, m);
    const engineRate: Record<string, number> = {};
    for (const op of ["up", "destroy"] as const) {
      // Each no-op's step as the engine reports it done (the event log is read every 200 ms: over
      // the seconds a stack of 100 or more takes, a few percent at most).
      const done: number[] = [];
      const onEvent = (e: EngineEvent) => {
        if (e.resOutputsEvent?.metadata.type.startsWith("pulumi-nodejs:dynamic/")) done.push(performance.now());
      };
      await (op === "up" ? floor.up({ onEvent }) : floor.destroy({ onEvent }));
      engineRate[op] = achievedRate(done);
    }
    await floor.workspace.removeStack(floor.name).catch(() => undefined);
    for (const c of CASES) {
      const stack = await fleetStack(`bound-${c.vendor}-${m}`, backend, emu, { [c.kind]: m });
      for (const op of ["up", "destroy"] as const) {
        const seen = vendorWindow(emu, c.key(op));
        await (op === "up" ? stack.up({ onOutput: seen.onOutput }) : stack.destroy({ onOutput: seen.onOutput }));
        const { seconds, times, violations, throttleErrors } = seen.done();
        const achieved = achievedRate(times);
        const documented = VENDOR_QPS[c.vendor]!;
        const bound = Math.min(documented, engineRate[op]!);
        const row: VendorBoundRow = {
          vendor: c.vendor,
          n: m,
          op,
          calls: times.length,
          seconds,
          achievedPerSecond: achieved,
          documentedPerSecond: documented,
          fraction: achieved / documented,
          enginePerSecond: engineRate[op]!,
          boundBy: engineRate[op]! >= documented ? "vendor" : "engine",
          fractionOfBound: achieved / bound,
          violations,
          throttleErrors,
        };
        rows.push(row);
        say(
          `  ${c.vendor} ${op} of ${m}: ${times.length} calls at ${achieved.toFixed(2)}/s (${(row.fraction * 100).toFixed(0)}% of ${documented}/s; the engine does ${row.enginePerSecond.toFixed(1)}/s), ${row.boundBy}-bound`,
        );
      }
      if (emu.state.list().length !== 0) throw new Error(`vendor-bound ${c.vendor}: tasks still run after destroy`);
      await stack.workspace.removeStack(stack.name).catch(() => undefined);
    }
  }
  return rows;
}
