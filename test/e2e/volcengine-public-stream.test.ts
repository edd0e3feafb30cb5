import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoSecrets, exampleStack, type ExampleStack } from "./harness";

describe("Volcengine public stream through the real Pulumi engine", () => {
  let ex: ExampleStack;
  beforeAll(async () => {
    ex = await exampleStack("volcengine-public-stream");
  });
  afterAll(async () => ex?.dispose());

  it("starts the public stream on up, and a second preview shows no changes", async () => {
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    const task = ex.onlyRunning();
    expect(task.kind).toBe("PublicStream");
    expect(task.key).toMatch(/^demo-app\/lobby-[0-9a-f]{8}$/);
    expect(up.outputs.publicStreamId!.value).toBe(task.key.split("/")[1]);
    expect(task.params).toMatchObject({
      TargetStreams: [
        { RoomId: "stage-1", UserId: "host" },
        { RoomId: "stage-2", UserId: "guest" },
      ],
    });
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("updates streams, bitrate and the data message in place, sending the whole desired state", async () => {
    const before = ex.onlyRunning();
    await ex.setConfig({ bitrate: 3000, dataMsg: "round 2", guestRoom: "stage-3" });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.changeSummary.replace ?? 0).toBe(0);
    await ex.stack.up();
    const after = ex.onlyRunning();
    expect(after.key).toBe(before.key);
    expect(after.updates).toBe(1);
    expect(ex.emulator.state.startsByKey.get(`volcengine:${after.key}`)).toBe(1);
    expect(after.params).toMatchObject({
      TargetStreams: [{ RoomId: "stage-1" }, { RoomId: "stage-3", UserId: "guest" }],
      Encode: { VideoConfig: { Bitrate: 3000 } },
      Control: { DataMsg: "round 2", MaxIdleTime: 300 },
      Layout: { LayoutMode: 2 },
    });
  });

  it("replaces a change of idle timeout, starting the new stream (with a fresh id) before the old stops", async () => {
    const old = ex.onlyRunning();
    await ex.setConfig({ maxIdleTime: 900 });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    await ex.stack.up();
    const fresh = ex.onlyRunning();
    expect(fresh.key).not.toBe(old.key);
    expect((fresh.params.Control as { MaxIdleTime: number }).MaxIdleTime).toBe(900);
    expect(ex.emulator.state.get("volcengine", old.key)!.endedAt).toBeGreaterThanOrEqual(fresh.startedAt);
  });

  it("keeps the vendor credentials out of the stored state", async () => {
    const state = ex.storedState(); // what the backend keeps: checkpoint, history and backups
    expect(state).toContain("VolcenginePublicStream");
    assertNoSecrets(state, ex.secrets, "the stored state");
  });

  it("cannot notice at refresh a stream that ended on its own: the vendor has no read call", async () => {
    await ex.endTasks(() => true);
    expect(ex.running()).toHaveLength(0);
    const refresh = await ex.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ same: 2 });
    expect(refresh.summary.resourceChanges?.delete ?? 0).toBe(0);
  });

  it("destroys the stream even when it had already ended, leaving nothing running", async () => {
    const out = await ex.stack.destroy();
    expect(out.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect(ex.running()).toHaveLength(0);
  });

  it("stops the stream on destroy", async () => {
    await ex.stack.up();
    ex.onlyRunning();
    const out = await ex.stack.destroy();
    expect(out.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect(ex.running()).toHaveLength(0);
  });

  it("fails a bad input at preview, naming the property and the rule, and starts nothing", async () => {
    await ex.setConfig({ dataMsg: "x".repeat(5000) });
    const err = await ex.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/control\.dataMsg: must be at most 4 kB/);
    expect(ex.running()).toHaveLength(0);
  });
});
