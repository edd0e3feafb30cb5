import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleStack, type ExampleStack } from "./harness";
import { killable, type Killable } from "./killing";

/**
 * A kill at one moment test/e2e/crash.test.ts reaches only by chance: a replacement's start has
 * returned, and the engine has marked the task it replaces for deletion (in memory, saved by any
 * other step's checkpoint write), but has not yet recorded the replacement. The checkpoint then
 * holds the old task only as pending deletion and the replacement only as a pending create. Here the
 * kill lands while the starts are held, and the checkpoint is put in that shape, as the engine
 * leaves it (CreateStep.Apply in pulumi/pulumi's pkg/resource/deploy/step.go). After `rtc-tasks
 * recover` and `pulumi up`, the replacements that ran are the stack's, nothing else runs, and no
 * task was started twice: a Volcengine relay, found again by its derived name, and a ZEGO rule,
 * whose identity is its stream and address.
 */
// New push addresses replace these two start-first (a Tencent relay changes them in place).
const COUNTS = { VolcengineSingleRelayToCdn: 1, ZegoCdnTransferRule: 1 };
const STARTS = ["StartPushSingleStreamToCDN", "CreatCDNTransferRule"];

describe("rtc-tasks recover after a kill between a replacement's start and its record", () => {
  let ex: ExampleStack;
  let killer: Killable;
  const running = () =>
    ex
      .running()
      .map((t) => `${t.vendor}:${t.key}`)
      .sort();

  beforeAll(async () => {
    ex = await exampleStack("fleet", { config: { counts: JSON.stringify(COUNTS) } });
    killer = killable(ex);
    await killer.runToEnd(["up"]);
  });
  afterAll(async () => ex?.dispose());

  it("takes each replacement that ran into state, and the next up stops the old tasks and starts nothing", async () => {
    const before = running();
    expect(before).toHaveLength(2);
    expect(await killer.declaredKeys()).toEqual(before);

    // New push addresses: both tasks are replaced, the new one started first. Each start is held
    // 5 s, so the kill lands while both are in flight; the provider finishes them after it.
    await ex.setConfig({ pushVersion: "2" });
    await ex.faults(STARTS.map((action) => ({ action, type: "slow", delayMs: 5_000, count: 1 })));
    const held = () => ex.emulator.state.stats.faultsInjected;
    expect(await killer.killWhen(["up"], () => held() === STARTS.length)).toBe(true);
    await ex.faults([]);
    expect(running(), "the replacements started, the old tasks still run").toHaveLength(4);

    // The checkpoint as the engine leaves it in the window: each replaced task pending deletion.
    await killer.editCheckpoint((deployment) => {
      const pending = new Set((deployment.pending_operations ?? []).filter((op) => op.type === "creating").map((op) => op.resource.urn));
      expect(pending.size).toBe(2);
      for (const r of deployment.resources ?? []) if (pending.has(r.urn)) r.delete = true;
    });

    const said = await killer.recover();
    expect(said).not.toMatch(/it is in state, and the next run finishes it/);
    // Each as its kind can best be settled: the Volcengine task by its derived name, the ZEGO rule
    // from this machine's journal (the weaker "unconfirmed" outcomes would not do).
    expect(said).toMatch(/confirms it under the same name/);
    expect(said).toMatch(/its start ran: taken into state from this machine's journal/);

    const startsBefore = new Map(ex.emulator.state.startsByKey);
    await killer.runToEnd(["up"]);
    const declared = await killer.declaredKeys();
    expect(declared).toHaveLength(2);
    expect(running(), "what runs is what the stack declares").toEqual(declared);
    expect(
      declared.filter((k) => before.includes(k)),
      "old tasks still declared",
    ).toEqual([]);
    expect(ex.emulator.state.stats.doubleStarts, "identities started while they ran").toBe(0);
    // Nor started again one after the other: the up after recover starts nothing.
    const restarted = [...ex.emulator.state.startsByKey].filter(([key, n]) => n > (startsBefore.get(key) ?? 0)).map(([key]) => key);
    expect(restarted, "started again by the up after recover").toEqual([]);
  });

  it("destroy stops everything", async () => {
    await killer.runToEnd(["destroy"]);
    expect(running()).toEqual([]);
  });
});
