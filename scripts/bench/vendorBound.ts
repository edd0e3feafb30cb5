import type { RunningEmulator } from "../../provider/emulator";
import { TENCENT_TEST_CREDENTIALS } from "../../provider/emulator/tencent";
import { ZEGO_TEST_CREDENTIALS } from "../../provider/emulator/zego";
import { achievedRate, THROTTLE_ERROR } from "./measure";
import { fleetStack, noopStack, VENDOR_QPS } from "./programs";

/**
 * Stacks of one vendor's tasks: how close the provider comes to the vendor's documented rate (calls
 * the vendor admitted, first to last), with no call over it. The rate is the floor only while the
 * engine can take more steps a second than the vendor admits calls; on a local backend each step
 * rewrites the whole checkpoint, so a large stack becomes engine-bound. Each size is therefore also
 * run as as many task-shaped no-ops (the engine floor), and the row says which floor binds.
 */

export interface VendorBoundRow {
  vendor: string;
  n: number;
  op: string;
  calls: number;
  seconds: number;
  achievedPerSecond: number;
  documentedPerSecond: number;
  fraction: number;
  /** Calls divided by the documented rate. */
  vendorFloorS: number;
  /** The same operation on as many no-op resources with task-shaped inputs. */
  engineFloorS: number;
  boundBy: "vendor" | "engine";
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
    const engineFloor: Record<string, number> = {};
    for (const op of ["up", "destroy"] as const) {
      const t0 = performance.now();
      await (op === "up" ? floor.up() : floor.destroy());
      engineFloor[op] = (performance.now() - t0) / 1000;
    }
    await floor.workspace.removeStack(floor.name).catch(() => undefined);
    for (const c of CASES) {
      const stack = await fleetStack(`bound-${c.vendor}-${m}`, backend, emu, { [c.kind]: m });
      for (const op of ["up", "destroy"] as const) {
        const violationsBefore = emu.state.stats.qpsViolations;
        const admittedBefore = emu.state.admittedTimes(c.key(op)).length;
        let throttleErrors = 0;
        const onOutput = (line: string) => void (THROTTLE_ERROR.test(line) && throttleErrors++);
        const t0 = performance.now();
        await (op === "up" ? stack.up({ onOutput }) : stack.destroy({ onOutput }));
        const seconds = (performance.now() - t0) / 1000;
        const times = emu.state.admittedTimes(c.key(op)).slice(admittedBefore);
        const achieved = achievedRate(times);
        const documented = VENDOR_QPS[c.vendor]!;
        const vendorFloorS = times.length / documented;
        const row: VendorBoundRow = {
          vendor: c.vendor,
          n: m,
          op,
          calls: times.length,
          seconds,
          achievedPerSecond: achieved,
          documentedPerSecond: documented,
          fraction: achieved / documented,
          vendorFloorS,
          engineFloorS: engineFloor[op]!,
          boundBy: vendorFloorS >= engineFloor[op]! ? "vendor" : "engine",
          violations: emu.state.stats.qpsViolations - violationsBefore,
          throttleErrors,
        };
        rows.push(row);
        say(
          `  ${c.vendor} ${op} of ${m}: ${times.length} calls at ${achieved.toFixed(2)}/s (${(row.fraction * 100).toFixed(0)}% of ${documented}/s), ${row.boundBy}-bound`,
        );
      }
      if (emu.state.list().length !== 0) throw new Error(`vendor-bound ${c.vendor}: tasks still run after destroy`);
      await stack.workspace.removeStack(stack.name).catch(() => undefined);
    }
  }
  return rows;
}
