import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../../provider/emulator";
import { growth, type GrowthResult } from "./growth";
import { fmt } from "./measure";
import { ROOT } from "./programs";
import { sharedAccount, type SharedRow } from "./sharedAccount";
import { vendorBound, type VendorBoundRow } from "./vendorBound";

/**
 * `npm run bench [-- --quick | --full] [--sizes 100,300]`: how the cost grows with the stack, how
 * close a vendor-bound stack comes to the vendor's documented rate, and what several stacks of one
 * account do at once. Each against the emulator, which enforces every vendor's rate. It prints ratios
 * (timings on shared machines are noisy; compare figures of one run), and fails only on what must
 * never happen: a call over a vendor's rate from one stack, a throttling error shown to a user, a
 * shared run that did not complete.
 */
const USAGE = `Usage: npm run bench -- [--quick | --full] [--sizes N,N,...]
  --quick   growth at N=100, vendor-bound stacks of 100, 2 stacks sharing an account (a few minutes; CI)
  (default) growth at N=100 and 300, vendor-bound stacks of 100 and 300, 2 and 4 stacks sharing an account
  --full    growth at N=100, 300 and 1000 as well (about half an hour)
  --sizes   the growth sizes to run instead`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean" }, full: { type: "boolean" }, sizes: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return (console.log(USAGE), 0);
  const mode = values.quick ? "quick" : values.full ? "full" : "default";
  const sizes = values.sizes
    ? values.sizes.split(",").map(Number)
    : mode === "quick"
      ? [100]
      : mode === "full"
        ? [100, 300, 1000]
        : [100, 300];
  const bound = mode === "quick" ? [100] : [100, 300];
  const shared = mode === "quick" ? [2] : [2, 4];
  const sharedTotal = mode === "quick" ? 60 : 200;
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "cpu",
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(`rtc-tasks bench (${mode}): ${machine.cores} cores, ${machine.cpu}, ${machine.memGiB} GiB, node ${machine.node}`);

  const emu = await startEmulator();
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-bench-"));
  const say = (line: string) => console.log(line);
  try {
    const g = await growth(sizes, emu, backend, say);
    const v = await vendorBound(bound, emu, backend, say);
    const s = await sharedAccount(shared, sharedTotal, emu, backend, say);
    print(g, v, s);
    const result = { date: new Date().toISOString(), mode, machine, growth: g, vendorBound: v, sharedAccount: s };
    const dir = path.join(ROOT, "bench-results");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `bench-${result.date.replace(/[:.]/g, "-")}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`\nWrote ${path.relative(ROOT, file)}`);
    const failures = [
      ...v.filter((r) => r.violations > 0).map((r) => `${r.vendor} ${r.op}: ${r.violations} calls over the vendor's rate`),
      ...[...v, ...s]
        .filter((r) => r.throttleErrors > 0)
        .map((r) => `${"vendor" in r ? r.vendor : `${r.stacks} stacks`} ${r.op}: a throttling error reached the user`),
      ...s
        .filter((r) => !r.completed || r.sequenceRefusals > 0)
        .map((r) => `${r.stacks} stacks ${r.op}: did not complete, or a Sequence was refused`),
    ];
    for (const f of failures) console.error(`bench: ${f}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await emu.close();
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

function print(g: GrowthResult, v: VendorBoundRow[], s: SharedRow[]): void {
  console.log("\n### Growth: seconds per task against the task-shaped no-op floor\n");
  console.log("| N | operation | tasks (s) | ms per task | floor (s) | floor ms per task | ratio |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of g.rows)
    console.log(
      `| ${r.n} | ${r.op} | ${fmt(r.tasksS)} | ${fmt(r.perTaskMs, 0)} | ${fmt(r.floorS)} | ${fmt(r.floorPerTaskMs, 0)} | ${fmt(r.ratio, 2)}× |`,
    );
  console.log(
    "\n| N | state per task (bytes) | provider text stored per task (bytes) | provider peak RSS (MiB) | floor: state per resource (bytes) | floor: provider text (bytes) |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const f of g.footprint)
    console.log(
      `| ${f.n} | ${fmt(f.stateBytesPerTask, 0)} | ${f.providerTextBytes} | ${fmt(f.providerPeakMiB, 0)} | ${fmt(f.floorStateBytesPerResource, 0)} | ${f.floorProviderTextBytes} |`,
    );
  console.log("\n### One vendor's stacks: calls per second the vendor admitted, against its documented rate\n");
  console.log(
    "| vendor | N | operation | seconds | achieved/s | documented/s | fraction of the documented rate | engine's own rate/s | bound by | fraction of the binding rate (target ≥ 0.9) | over the rate | throttling errors shown |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of v) {
    console.log(
      `| ${r.vendor} | ${r.n} | ${r.op} | ${fmt(r.seconds)} | ${fmt(r.achievedPerSecond, 2)} | ${r.documentedPerSecond} | ${fmt(r.fraction, 2)} | ${fmt(r.enginePerSecond, 1)} | ${r.boundBy} | **${fmt(r.fractionOfBound, 2)}** ${r.fractionOfBound >= 0.9 ? "✓" : "✗"} | ${r.violations} | ${r.throttleErrors} |`,
    );
  }
  console.log("\n### Stacks sharing one ZEGO account (10/s), deployed at once\n");
  console.log(
    "| stacks | operation | calls | seconds | rate floor (s) | ratio to floor | throttled answers | throttling errors shown | Sequence refused | completed |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of s) {
    console.log(
      `| ${r.stacks} | ${r.op} | ${r.calls} | ${fmt(r.seconds)} | ${fmt(r.floorS)} | ${fmt(r.seconds / r.floorS, 2)}× | ${r.violations} | ${r.throttleErrors} | ${r.sequenceRefusals} | ${r.completed ? "yes" : "no"} |`,
    );
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
