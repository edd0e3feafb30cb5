import type { Vendor } from "../http/errors";
import { serve, type RunningEmulator } from "./server";
import { volcengineEmulator } from "./volcengine";
import { zegoEmulator } from "./zego";
import { tencentEmulator } from "./tencent";

export type { RunningEmulator, VendorModule } from "./server";
export type { EmulatedTask, FaultRule } from "./state";

export interface EmulatorOptions {
  /** Address to bind (default 127.0.0.1); URLs name 127.0.0.1 for 0.0.0.0. */
  host?: string;
  /** Port of the admin API; 0 or absent picks a free one. */
  port?: number;
  /** Each vendor's port; 0 or absent picks a free one. Fixed ports keep a saved stack config valid across restarts. */
  vendorPorts?: Partial<Record<Vendor, number>>;
}

/** Starts the local vendor emulator: one HTTP listener per vendor plus the admin API. */
export function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return serve([volcengineEmulator, zegoEmulator, tencentEmulator], opts);
}
