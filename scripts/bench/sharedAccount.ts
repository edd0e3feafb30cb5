import type { RunningEmulator } from "../../provider/emulator";
import { ZEGO_TEST_CREDENTIALS } from "../../provider/emulator/zego";
import { achievedRate, vendorWindow } from "./measure";
import { fleetStack, VENDOR_QPS } from "./programs";

/**
 * Several stacks of one ZEGO account deployed at once, each by its own `pulumi` (as a CI matrix runs
 * them), with rules on the same streams: each provider process limits only itself, so together they
 * go over the account's rate until the vendor's throttled answers slow each down.
 */

export interface SharedRow {
  stacks: number;
  op: string;
  calls: number;
  seconds: number;
  floorS: number;
  achievedPerSecond: number;
  violations: number;
  throttleErrors: number;
  sequenceRefusals: number;
  completed: boolean;
}

export async function sharedAccount(
  stackCounts: number[],
  total: number,
  emu: RunningEmulator,
  backend: string,
  say: (line: string) => void,
): Promise<SharedRow[]> {
  const rows: SharedRow[] = [];
  const key = `zego:${ZEGO_TEST_CREDENTIALS.appId}:prod`;
  for (const k of stackCounts) {
    const per = Math.ceil(total / k);
    // Same rule indexes in every stack, so the same streams; a push address of each stack's own.
    const stacks = await Promise.all(
      Array.from({ length: k }, (_, i) =>
        fleetStack(`shared-${k}-${i}`, backend, emu, { ZegoCdnTransferRule: per }, { "fleet:pushVersion": { value: String(i + 1) } }),
      ),
    );
    for (const op of ["up", "destroy"] as const) {
      const seen = vendorWindow(emu, key);
      let sequenceRefusals = 0;
      const onOutput = (line: string) => {
        seen.onOutput(line);
        if (/error:.*Sequence/i.test(line)) sequenceRefusals++;
      };
      const outcomes = await Promise.allSettled(stacks.map((s) => (op === "up" ? s.up({ onOutput }) : s.destroy({ onOutput }))));
      const { seconds, times, violations, throttleErrors } = seen.done();
      rows.push({
        stacks: k,
        op,
        calls: times.length,
        seconds,
        floorS: times.length / VENDOR_QPS.zego!,
        achievedPerSecond: achievedRate(times),
        violations,
        throttleErrors,
        sequenceRefusals,
        completed: outcomes.every((o) => o.status === "fulfilled"),
      });
      say(`  ${k} stacks ${op}: ${times.length} calls in ${seconds.toFixed(1)} s, ${violations} throttled`);
      // A stack that failed says why, in the engine's words (the last lines carry the error).
      outcomes.forEach((o, i) => {
        if (o.status === "rejected")
          say(`    stack ${i + 1} ${op} failed: ${lastLines(String((o.reason as Error)?.message ?? o.reason), 12)}`);
      });
    }
    if (emu.state.list().length !== 0) throw new Error(`shared account, ${k} stacks: tasks still run after destroy`);
    for (const s of stacks) await s.workspace.removeStack(s.name).catch(() => undefined);
  }
  return rows;
}

const lastLines = (text: string, n: number) => text.trim().split("\n").slice(-n).join("\n      ");
