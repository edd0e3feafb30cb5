import { serve, type RunningEmulator } from "./server";
import { volcengineEmulator } from "./volcengine";
import { zegoEmulator } from "./zego";
import { tencentEmulator } from "./tencent";

export type { RunningEmulator, VendorModule } from "./server";
export type { EmulatedTask, FaultRule } from "./state";

export interface EmulatorOptions {
  host?: string;
  /** Port of the admin API; 0 picks a free one. Vendor endpoints always get free ports. */
  port?: number;
}

/** Starts the local vendor emulator: one HTTP listener per vendor plus the admin API. */
export function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return serve([volcengineEmulator, zegoEmulator, tencentEmulator], opts.host ?? "127.0.0.1", opts.port ?? 0);
}
