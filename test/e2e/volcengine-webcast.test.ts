import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoSecrets, exampleStack, type ExampleStack } from "./harness";

const PAGE_TOKEN = "viewerToken=9d8c7b6a5f4e3d2c1b0a";
const sourceUrl = (n: number) => `https://slides.example.com/deck/${n}?${PAGE_TOKEN}${n}`;

describe("Volcengine cloud webcast through the real Pulumi engine", () => {
  let ex: ExampleStack;
  beforeAll(async () => {
    ex = await exampleStack("volcengine-webcast", { secretConfig: { sourceUrl: sourceUrl(1) } });
  });
  afterAll(async () => ex?.dispose());

  it("starts the page on up as webcast_<name>, and a second preview shows no changes", async () => {
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    const task = ex.onlyRunning();
    expect(task.kind).toBe("Webcast");
    expect(task.key).toMatch(/^demo-app\/stage-1\/slides-[0-9a-f]{8}$/);
    expect(task.params).toMatchObject({
      UserId: "webcast_slides",
      SourceURL: sourceUrl(1),
      MaxRunningTime: 3600,
      MonitorConfig: { FreezeCheckInterval: 10 },
    });
    expect(up.outputs.userId!.value).toBe("webcast_slides");
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("replaces on any change, stopping the old page first since the user stays in the room", async () => {
    const old = ex.onlyRunning();
    await ex.setConfig({ frameRate: 30 });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    await ex.stack.up();
    const fresh = ex.onlyRunning();
    expect(fresh.key).not.toBe(old.key);
    const ended = ex.emulator.state.get("volcengine", old.key)!;
    expect(ended.stopReason).toBe("StopByAPI"); // stopped by us, not kicked out by the new page
    expect(ended.endedAt).toBeLessThanOrEqual(fresh.startedAt);
  });

  it("replaces start-first when the page publishes as a new user", async () => {
    const old = ex.onlyRunning();
    await ex.setConfig({ userId: "webcast_deck2" });
    await ex.stack.up();
    const fresh = ex.onlyRunning();
    expect(fresh.params.UserId).toBe("webcast_deck2");
    const ended = ex.emulator.state.get("volcengine", old.key)!;
    expect(ended.stopReason).toBe("StopByAPI");
    expect(ended.endedAt).toBeGreaterThanOrEqual(fresh.startedAt);
  });

  it("marks a page that the vendor ended at its maximum running time at refresh, and starts it again on up", async () => {
    await ex.setConfig({ maxRunningTime: 10 });
    await ex.stack.up();
    const task = ex.onlyRunning();
    task.startedAt -= 10_000; // the emulator runs in this process: age the task instead of waiting
    const refresh = await ex.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(ex.emulator.state.get("volcengine", task.key)!.stopReason).toBe("ExceedMaxRunningTime");
    await ex.stack.up();
    expect(ex.onlyRunning().key).not.toBe(task.key);
  });

  it("marks a page that ended for another reason at refresh", async () => {
    await ex.endTasks(() => true);
    const refresh = await ex.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    await ex.stack.up();
    ex.onlyRunning();
  });

  it("keeps credentials and the page token out of the stored state", async () => {
    const state = ex.storedState(); // what the backend keeps: checkpoint, history and backups
    expect(state).toContain("VolcengineWebcast");
    expect(state).toContain("ciphertext");
    assertNoSecrets(state, [...ex.secrets, PAGE_TOKEN], "the stored state");
  });

  it("fails a bad input at preview, naming the property and the rule", async () => {
    await ex.setConfig({ maxRunningTime: 5 });
    const err = await ex.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/maxRunningTime: must be between 10 and 86400/);
    await ex.setConfig({ maxRunningTime: 10 });
  });

  it("stops the page on destroy", async () => {
    const out = await ex.stack.destroy();
    expect(out.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect(ex.running()).toHaveLength(0);
  });
});
