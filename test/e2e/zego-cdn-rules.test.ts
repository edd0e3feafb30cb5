import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedTask } from "../../provider/emulator";
import { assertNoSecrets, exampleStack, type ExampleStack } from "./harness";

const STREAM = "concert-main";
const KEY = "txSecret=9a8b7c6d5e4f3a2b1c0d";
const url = (host: string, n = 1) => `rtmp://${host}.example.com/live/${STREAM}?${KEY}${n}`;
const target = (host: string) => `${STREAM}/rtmp://${host}.example.com/live/${STREAM}`;

describe("ZEGO CDN transfer rules through the real Pulumi engine", () => {
  let ex: ExampleStack;
  beforeAll(async () => {
    ex = await exampleStack("zego-cdn-rules", {
      secretConfig: { primaryUrl: url("primary"), backupUrl: url("backup"), socialUrl: url("social") },
    });
  });
  afterAll(async () => ex?.dispose());

  const zego = (): EmulatedTask[] => ex.running().filter((t) => t.vendor === "zego");
  const keys = () =>
    zego()
      .map((t) => t.key)
      .sort();
  const rule = (host: string, status?: EmulatedTask["status"]) =>
    ex.emulator.state
      .list(true)
      .filter((t) => t.key === target(host) && (!status || t.status === status))
      .at(-1)!;

  it("starts several rules of one stream at once on up, and a second preview shows no changes", async () => {
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 }); // the stack and three rules
    expect(keys()).toEqual([target("backup"), target("primary"), target("social")]);
    const ids = up.outputs.ruleIds!.value as string[];
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(new RegExp(`^${STREAM}\\|[0-9a-f]{16}$`));
    expect(ex.emulator.state.stats.doubleStarts).toBe(0);
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("replaces a rule whose address changes, start-first, and leaves the others running", async () => {
    const primary = rule("primary", "running");
    const social = rule("social", "running");
    await ex.setConfig({ backupUrl: url("backup2") }, true);
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    await ex.stack.up();
    expect(keys()).toEqual([target("backup2"), target("primary"), target("social")]);
    const old = rule("backup", "ended");
    expect(old.endedAt).toBeGreaterThanOrEqual(rule("backup2", "running").startedAt);
    // The untouched relays never stopped.
    expect(rule("primary", "running")).toBe(primary);
    expect(rule("social", "running")).toBe(social);
  });

  it("stops first when only the URL's query changes, since ZEGO sees the same rule", async () => {
    const before = rule("primary", "running");
    await ex.setConfig({ primaryUrl: url("primary", 2) }, true);
    await ex.stack.up();
    const after = rule("primary", "running");
    expect(after).not.toBe(before);
    expect(before.status).toBe("ended");
    expect(before.endedAt).toBeLessThanOrEqual(after.startedAt);
    expect(keys()).toEqual([target("backup2"), target("primary"), target("social")]);
    expect(ex.emulator.state.stats.doubleStarts).toBe(0);
  });

  it("keeps the rules at refresh, since ZEGO cannot be asked whether a rule runs", async () => {
    const refresh = await ex.stack.refresh();
    expect(refresh.summary.resourceChanges?.delete ?? 0).toBe(0);
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("keeps credentials and stream keys out of the stored state and the emulator's task list", async () => {
    // What the backend keeps at rest (the Automation API's exportStack decrypts secrets on purpose).
    const stored = ex.storedState();
    expect(stored).toContain("ZegoCdnTransferRule");
    expect(stored).toContain("rtc-tasks:zegoServerSecret"); // the config is there, encrypted
    assertNoSecrets(stored, [...ex.secrets, KEY], "the stored stack state");
    const listed = await (await fetch(`${ex.emulator.baseUrl}/_emulator/tasks?all=1`)).text();
    assertNoSecrets(listed, [KEY], "the emulator's task list");
  });

  it("fails a bad stream id at preview, naming the property and the rule, and starts nothing", async () => {
    const before = ex.emulator.state.stats.requests;
    await ex.setConfig({ streamId: "concert main!" });
    const err = await ex.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/streamId: must be 1-256 characters of letters, digits, - and _/);
    await ex.setConfig({ streamId: STREAM });
    expect(ex.emulator.state.stats.requests).toBe(before);
  });

  it("stops every rule on destroy, nothing left running", async () => {
    const out = await ex.stack.destroy();
    expect(out.summary.resourceChanges).toMatchObject({ delete: 4 });
    expect(zego()).toHaveLength(0);
  });

  it("destroys right after up in a separate run, and tolerates rules already gone at ZEGO", async () => {
    // A new provider process within 10 s of the last one: its Sequence must still be higher.
    await ex.stack.up();
    expect(zego()).toHaveLength(3);
    await ex.endTasks((t) => t.vendor === "zego" && t.key === target("social"));
    const out = await ex.stack.destroy();
    expect(out.summary.resourceChanges).toMatchObject({ delete: 4 });
    expect(zego()).toHaveLength(0);
  });
});
