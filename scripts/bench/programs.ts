import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../provider/emulator";
import { kinds } from "../../provider/tasks/registry";
import { CREDENTIAL_CONFIG, localBackendEnv, pulumiCommand } from "../lib/pulumi";

/** The Pulumi programs the benchmark runs, as stacks on a local file backend against the emulator. */

export const ROOT = path.resolve(__dirname, "../../..");

/** Documented rates (requests/s per account; Tencent per action) for the calls up and destroy make. */
export const VENDOR_QPS: Record<string, number> = { volcengine: 150, tencent: 20, zego: 10 };

/** The kinds the fleet example can build. */
export function fleetKinds(): string[] {
  const makers = fs.readFileSync(path.join(ROOT, "examples/fleet/index.ts"), "utf8");
  return [...kinds.keys()].filter((k) => makers.includes(`  ${k}: (i)`));
}

/** N split evenly across vendors, and within a vendor across its kinds. */
export function split(n: number, available = fleetKinds()): Record<string, number> {
  const byVendor = new Map<string, string[]>();
  for (const type of available) {
    const vendor = kinds.get(type)!.vendor;
    byVendor.set(vendor, [...(byVendor.get(vendor) ?? []), type]);
  }
  const counts: Record<string, number> = {};
  const vendors = [...byVendor.keys()];
  vendors.forEach((v, vi) => {
    const share = Math.floor(n / vendors.length) + (vi < n % vendors.length ? 1 : 0);
    const ks = byVendor.get(v)!;
    ks.forEach((k, ki) => (counts[k] = Math.floor(share / ks.length) + (ki < share % ks.length ? 1 : 0)));
  });
  return counts;
}

export async function stackFor(
  program: string,
  stackName: string,
  backend: string,
  emu: RunningEmulator,
  config: ConfigMap,
): Promise<Stack> {
  const env = emu.env();
  const credentialEnv = Object.keys(env).filter((k) => k in CREDENTIAL_CONFIG);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: path.join(ROOT, "examples", program) },
    {
      pulumiCommand: await pulumiCommand(),
      envVars: {
        ...localBackendEnv(backend),
        RTC_TASKS_LOG: "quiet",
        RTC_TASKS_JOURNAL_DIR: path.join(backend, "journal"),
        ...Object.fromEntries(Object.entries(env).filter(([k]) => !credentialEnv.includes(k))),
      },
    },
  );
  const all: ConfigMap = { ...config };
  for (const k of credentialEnv) all[CREDENTIAL_CONFIG[k]!] = { value: env[k]!, secret: true };
  await stack.setAllConfig(all);
  return stack;
}

/** A fleet stack of the given kinds and counts. */
export const fleetStack = (name: string, backend: string, emu: RunningEmulator, counts: Record<string, number>, extra: ConfigMap = {}) =>
  stackFor("fleet", name, backend, emu, { "fleet:counts": { value: JSON.stringify(counts) }, ...extra });

/** N dynamic resources that do nothing, with inputs shaped like a relay task's: the engine's own cost. */
export const noopStack = (name: string, backend: string, emu: RunningEmulator, n: number) =>
  stackFor("bench-noop", name, backend, emu, { "bench-noop:count": { value: String(n) }, "bench-noop:shape": { value: "task" } });
