import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../provider/emulator";
import { kinds } from "../provider/tasks/registry";
import { CREDENTIAL_CONFIG, localBackendEnv, pulumiCommand } from "./lib/pulumi";

/**
 * `npm run bench [-- N]`: up, a no-change preview and destroy of N tasks (default 300, split across
 * vendors) against the emulator enforcing each vendor's documented QPS, each as a ratio to the larger
 * of two floors from the same run: the vendors' QPS floor (the most calls any one vendor account must
 * make, over its rate) and the same operation on N dynamic resources that do nothing (the engine's
 * own cost). Timings are noisy on shared machines: the ratios are the result, not the seconds.
 */
const ROOT = path.resolve(__dirname, "../..");
const TARGET_RATIO = 1.25;
/** Documented rates (requests/s per account; Tencent per action) for the calls up and destroy make. */
const VENDOR_QPS: Record<string, number> = { volcengine: 150, tencent: 20, zego: 10 };

/** N split evenly across vendors, and within a vendor across its kinds that the fleet example builds. */
function split(n: number, available: string[]): Record<string, number> {
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

/** Seconds the vendors' rates alone require: the busiest account's calls over its rate. */
function qpsFloorSeconds(counts: Record<string, number>, callsPerTask: number): number {
  const perVendor = new Map<string, number>();
  for (const [type, n] of Object.entries(counts)) {
    const vendor = kinds.get(type)!.vendor;
    perVendor.set(vendor, (perVendor.get(vendor) ?? 0) + n * callsPerTask);
  }
  return Math.max(0, ...[...perVendor].map(([v, calls]) => calls / VENDOR_QPS[v]!));
}

/** Peak resident memory of the dynamic-provider processes, sampled from /proc while `run` goes on. */
async function withProviderPeakMemory<T>(run: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
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
  try {
    const result = await run();
    return { result, peakMiB: peakKiB / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function stackFor(program: string, backend: string, emu: RunningEmulator, config: ConfigMap, stackName = "bench"): Promise<Stack> {
  const env = emu.env();
  const credentialEnv = Object.keys(env).filter((k) => k in CREDENTIAL_CONFIG);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: path.join(ROOT, "examples", program) },
    {
      pulumiCommand: await pulumiCommand(),
      envVars: {
        ...localBackendEnv(backend),
        RTC_TASKS_LOG: "quiet",
        ...Object.fromEntries(Object.entries(env).filter(([k]) => !credentialEnv.includes(k))),
      },
    },
  );
  for (const k of credentialEnv) config[CREDENTIAL_CONFIG[k]!] = { value: env[k]!, secret: true };
  await stack.setAllConfig(config);
  return stack;
}

const THROTTLE_TEXT = /FlowLimitExceeded|RequestLimitExceeded|throttl|\b5007\b|\b30002\b/i;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Program {
  label: string;
  stack: Stack;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? process.env.BENCH_N ?? 300);
  const cycles = Number(process.env.BENCH_CYCLES ?? 3);
  const fleetMakers = fs.readFileSync(path.join(ROOT, "examples/fleet/index.ts"), "utf8");
  const available = [...kinds.keys()].filter((k) => fleetMakers.includes(`  ${k}: (i)`));
  const counts = split(n, available);
  const emu = await startEmulator();
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-bench-"));
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "cpu",
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(
    `rtc-tasks bench: N=${n} tasks ${JSON.stringify(counts)}, ${cycles} cycles of up / no-change preview / destroy, medians reported`,
  );
  console.log(`machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memGiB} GiB, node ${machine.node}`);
  try {
    const fleet: Program = {
      label: "tasks",
      stack: await stackFor("fleet", backend, emu, { "fleet:counts": { value: JSON.stringify(counts) } }),
    };
    const noop: Program = {
      label: "no-op",
      stack: await stackFor("bench-noop", backend, emu, { "bench-noop:count": { value: String(n) } }),
    };
    const shaped: Program = {
      label: "task-shaped no-op",
      stack: await stackFor(
        "bench-noop",
        backend,
        emu,
        { "bench-noop:count": { value: String(n) }, "bench-noop:shape": { value: "task" } },
        "bench-shaped",
      ),
    };
    let throttleLines = 0;
    const onOutput = (line: string) => {
      if (THROTTLE_TEXT.test(line)) throttleLines++;
    };
    const ops: [string, (s: Stack) => Promise<unknown>, number][] = [
      ["up", (s) => s.up({ onOutput }), 1],
      ["preview (no changes)", (s) => s.preview({ onOutput, expectNoChanges: true }), 0],
      ["destroy", (s) => s.destroy({ onOutput }), 1],
    ];
    const times = new Map<string, number[]>();
    const peaks: number[] = [];
    let stateBytesPerTask = 0;
    let providerTextBytes = 0;
    for (let c = 1; c <= cycles; c++) {
      for (const [op, run] of ops) {
        for (const p of [fleet, noop, shaped]) {
          const t0 = performance.now();
          const { peakMiB } = await withProviderPeakMemory(() => run(p.stack));
          const key = `${op}|${p.label}`;
          times.set(key, [...(times.get(key) ?? []), (performance.now() - t0) / 1000]);
          if (p === fleet) peaks.push(peakMiB);
          if (p === fleet && op === "up") {
            if (emu.state.list().length !== n) throw new Error(`expected ${n} running tasks after up, found ${emu.state.list().length}`);
            const state = (await fleet.stack.exportStack()).deployment as {
              resources?: { type: string; outputs?: Record<string, unknown> }[];
            };
            const tasks = (state.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/rtc:"));
            stateBytesPerTask = Buffer.byteLength(JSON.stringify(tasks)) / Math.max(1, tasks.length);
            providerTextBytes = String(tasks[0]?.outputs?.__provider ?? "").length;
          }
        }
      }
      if (emu.state.list().length !== 0) throw new Error(`${emu.state.list().length} tasks still running after destroy`);
      console.log(`  cycle ${c} of ${cycles} done`);
    }

    const rows = ops.map(([op, , callsPerTask]) => {
      const [tasksS, noopS, shapedS] = [fleet, noop, shaped].map((p) => median(times.get(`${op}|${p.label}`)!));
      const qpsFloorS = qpsFloorSeconds(counts, callsPerTask);
      return {
        op,
        tasksS: tasksS!,
        noopS: noopS!,
        shapedS: shapedS!,
        qpsFloorS,
        ratio: tasksS! / Math.max(qpsFloorS, noopS!),
        ratioToShaped: tasksS! / Math.max(qpsFloorS, shapedS!),
      };
    });
    console.log(
      "\n| operation | N tasks (s) | N no-op resources (s) | vendors' QPS floor (s) | ratio to the larger floor (target ≤ " +
        TARGET_RATIO +
        "×) | N task-shaped no-ops (s) | ratio to that |",
    );
    console.log("|---|---|---|---|---|---|---|");
    for (const r of rows) {
      console.log(
        `| ${r.op} | ${r.tasksS.toFixed(1)} | ${r.noopS.toFixed(1)} | ${r.qpsFloorS.toFixed(1)} | **${r.ratio.toFixed(2)}×** ${r.ratio <= TARGET_RATIO ? "✓" : "✗"} | ${r.shapedS.toFixed(1)} | ${r.ratioToShaped.toFixed(2)}× |`,
      );
    }
    const stats = emu.state.stats;
    console.log(
      `\nQPS violations counted by the emulator: ${stats.qpsViolations}; throttling messages shown to the user: ${throttleLines}`,
    );
    console.log(
      `State per task resource: ${stateBytesPerTask.toFixed(0)} bytes; provider code stored per resource: ${providerTextBytes} bytes (target < 1024)`,
    );
    console.log(`Peak resident memory of the provider process: ${Math.max(...peaks).toFixed(0)} MiB`);

    const result = {
      date: new Date().toISOString(),
      n,
      counts,
      cycles,
      machine,
      rows,
      samples: Object.fromEntries(times),
      qpsViolations: stats.qpsViolations,
      throttleLines,
      stateBytesPerTask,
      providerTextBytes,
      providerPeakMiB: Math.max(...peaks),
    };
    const dir = path.join(ROOT, "bench-results");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `bench-${result.date.replace(/[:.]/g, "-")}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`\nWrote ${path.relative(ROOT, file)}`);
    for (const p of [fleet, noop, shaped]) await p.stack.workspace.removeStack(p.stack.name).catch(() => undefined);
  } finally {
    await emu.close();
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
