import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleStack, type ExampleStack } from "./harness";
import { killable, type Killable } from "./killing";

/**
 * `pulumi` killed with SIGKILL at random moments of up, an in-place update, a stop-first and a
 * start-first replacement, and destroy, on a stack of 102 tasks of every kind. After each kill the
 * documented recovery runs (`rtc-tasks recover`, then the same command again, which may itself be
 * killed at the next point). Every kill must land: a command that finishes before its kill point
 * fails the test. After each phase the emulator runs exactly what the stack declares, and each
 * identity the phase started was started once; after destroy nothing runs.
 *
 * CRASH_SEED replays a run (it is printed); CRASH_KILLS_PER_PHASE makes a longer one.
 */
const PER_KIND = 17;
const KINDS = [
  "VolcengineMixedRelayToCdn",
  "VolcengineSingleRelayToCdn",
  "VolcengineWebcast",
  "VolcenginePublicStream",
  "TencentRelayToCdn",
  "ZegoCdnTransferRule",
];
const KILLS_PER_PHASE = Number(process.env.CRASH_KILLS_PER_PHASE ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** A small seeded generator (mulberry32): kill points a failed run can be replayed with. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** KILLS_PER_PHASE distinct vendor-call counts between the phase's first call and 90% of its calls, ascending. */
function killPoints(calls: number, next: () => number): number[] {
  const points = new Set<number>();
  const last = Math.max(KILLS_PER_PHASE, Math.floor(calls * 0.9));
  while (points.size < Math.min(KILLS_PER_PHASE, last)) points.add(1 + Math.floor(next() * last));
  return [...points].sort((a, b) => a - b);
}

interface Phase {
  name: string;
  config: Record<string, string>;
  command: string[];
  /** The fewest vendor calls the phase makes (one per start, update or stop): kills land among them. */
  calls: number;
  /** Tasks the stack declares once the phase is done. */
  declared: number;
}

const PHASES: Phase[] = [
  { name: "up", config: {}, command: ["up"], calls: 6 * PER_KIND, declared: 6 * PER_KIND },
  // Mixed relays, public streams and Tencent relays change in place; the rest is untouched.
  { name: "in-place update", config: { inPlace: "2" }, command: ["up"], calls: 3 * PER_KIND, declared: 6 * PER_KIND },
  // Single relays, webcasts, mixed relays and Tencent relays are replaced, the old one stopped first.
  { name: "stop-first replacement", config: { stopFirst: "2" }, command: ["up"], calls: 8 * PER_KIND, declared: 6 * PER_KIND },
  // New push addresses: relays and ZEGO rules are replaced, the new one started first.
  { name: "start-first replacement", config: { pushVersion: "2" }, command: ["up"], calls: 8 * PER_KIND, declared: 6 * PER_KIND },
  { name: "destroy", config: {}, command: ["destroy"], calls: 6 * PER_KIND, declared: 0 },
];

describe(`crash: pulumi killed at ${KILLS_PER_PHASE * PHASES.length} random moments (seed ${SEED})`, () => {
  let ex: ExampleStack;
  const next = random(SEED);
  let killer: Killable;

  beforeAll(async () => {
    console.log(`crash test seed ${SEED} (set CRASH_SEED=${SEED} to replay)`);
    ex = await exampleStack("fleet", { config: { counts: JSON.stringify(Object.fromEntries(KINDS.map((k) => [k, PER_KIND]))) } });
    killer = killable(ex);
  });
  afterAll(async () => ex?.dispose());

  it("an empty checkpoint attribute file (a kill while the backend wrote it) is repaired by recover", async () => {
    const backend = new URL(String(ex.envVars.PULUMI_BACKEND_URL)).pathname;
    const project = (await ex.stack.workspace.projectSettings()).name;
    const attrs = path.join(backend, ".pulumi", "stacks", project, `${ex.stack.name}.json.attrs`);
    fs.writeFileSync(attrs, "");
    await expect(ex.stack.preview()).rejects.toThrow(/failed to load checkpoint: EOF/);
    expect(await killer.recover()).toContain(`removed (${attrs})`);
    await ex.stack.preview(); // loads again
  });

  for (const phase of PHASES) {
    it(`${phase.name}: every kill recovered, then exactly the declared tasks run, none ever twice`, async () => {
      await ex.setConfig(phase.config);
      // What a failure needs to be understood: where each kill landed and what recover made of it.
      const trail: string[] = [];
      const startsBefore = new Map(ex.emulator.state.startsByKey);
      // Kill points as counts of the phase's vendor calls, in order: each re-run goes on from where
      // the killed one stopped, so the count grows towards the phase's work and every point is met.
      const points = killPoints(phase.calls, next);
      const phaseStart = killer.requests();
      for (const [i, point] of points.entries()) {
        const landed = await killer.killWhen(phase.command, () => killer.requests() - phaseStart >= point);
        expect(landed, `kill ${i + 1} at call ${point}: the command finished before it\n${trail.join("\n")}`).toBe(true);
        const said = await killer.recover();
        trail.push(`kill ${i + 1} at the phase's vendor call ${point}; recover said:\n${said}`);
        expect(said).toMatch(/Now run the interrupted command again/);
      }
      await killer.runToEnd(phase.command);
      const declared = await killer.declaredKeys();
      expect(declared).toHaveLength(phase.declared);
      const running = ex
        .running()
        .map((t) => `${t.vendor}:${t.key}`)
        .sort();
      const unseen = running.filter((k) => !declared.includes(k));
      const missing = declared.filter((k) => !running.includes(k));
      const history = (keys: string[]) =>
        ex.emulator.state
          .list(true)
          .filter((t) => keys.some((k) => k.startsWith(`${t.vendor}:${t.key.replace(/-[0-9a-f]{8}$/, "")}`)))
          .map((t) => `${t.vendor}:${t.key} ${t.status}${t.stopReason ? ` (${t.stopReason})` : ""}`);
      expect(
        { unseen, missing },
        `what runs at the vendors is what the stack declares\n${trail.join("\n")}\nat the vendors: ${history([...unseen, ...missing]).join("; ")}`,
      ).toEqual({ unseen: [], missing: [] });
      expect(ex.emulator.state.stats.doubleStarts, "identities started while they ran").toBe(0);
      // Nor one after the other: each identity this phase started, it started once.
      const twice = [...ex.emulator.state.startsByKey]
        .filter(([key, n]) => n - (startsBefore.get(key) ?? 0) > 1)
        .map(([key, n]) => `${key} (${n - (startsBefore.get(key) ?? 0)} starts)`);
      expect(twice, `identities started more than once\n${trail.join("\n")}`).toEqual([]);
    });
  }
});
