import type { RunningEmulator } from "../../provider/emulator";
import { TENCENT_TEST_CREDENTIALS } from "../../provider/emulator/tencent";
import { ZEGO_TEST_CREDENTIALS } from "../../provider/emulator/zego";
import { achievedRate, THROTTLE_ERROR } from "./measure";
import { fleetStack, VENDOR_QPS } from "./programs";

/**
 * Stacks dominated by one vendor's calls, so that its documented rate is the floor: how close the
 * provider comes to that rate (calls the vendor admitted, first to last), with no call over it.
 */

export interface VendorBoundRow {
  vendor: string;
  op: string;
  calls: number;
  seconds: number;
  achievedPerSecond: number;
  documentedPerSecond: number;
  fraction: number;
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
  m: number,
  emu: RunningEmulator,
  backend: string,
  say: (line: string) => void,
): Promise<VendorBoundRow[]> {
  const rows: VendorBoundRow[] = [];
  for (const c of CASES) {
    const stack = await fleetStack(`bound-${c.vendor}`, backend, emu, { [c.kind]: m });
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
      rows.push({
        vendor: c.vendor,
        op,
        calls: times.length,
        seconds,
        achievedPerSecond: achieved,
        documentedPerSecond: documented,
        fraction: achieved / documented,
        violations: emu.state.stats.qpsViolations - violationsBefore,
        throttleErrors,
      });
      say(
        `  ${c.vendor} ${op} of ${m}: ${times.length} calls at ${achieved.toFixed(2)}/s (${((achieved / documented) * 100).toFixed(0)}% of ${documented}/s)`,
      );
    }
    if (emu.state.list().length !== 0) throw new Error(`vendor-bound ${c.vendor}: tasks still run after destroy`);
    await stack.workspace.removeStack(stack.name).catch(() => undefined);
  }
  return rows;
}
